// A report without a photo shows its category on a coloured tile; related problems share a colour so a
// list reads at a glance (water, waste, roads and traffic, order and safety, health, public space).
const TONES: Record<string, "air" | "sampah" | "jalan" | "tertib" | "sehat" | "ruang"> = {
  banjir: "air", "pencegahan-banjir": "air",
  sampah: "sampah",
  "jalan-rusak": "jalan", kemacetan: "jalan", "parkir-liar": "jalan", "joki-3in1": "jalan", transjakarta: "jalan",
  "pelanggaran-aturan": "tertib", "pkl-liar": "tertib", kriminal: "tertib", narkoba: "tertib", "potensi-teroris": "tertib",
  pengemis: "tertib", "reklame-tanpa-izin": "tertib", "pelanggaran-imb": "tertib", "pajak-rumah-kos": "tertib", kebakaran: "tertib",
  "makanan-tidak-higienis": "sehat", "fogging-dbd": "sehat", "kawasan-dilarang-merokok": "sehat",
  "fasilitas-umum": "ruang", rptra: "ruang",
};

export function categoryTone(slug: string) {
  return TONES[slug] ?? "ruang";
}
