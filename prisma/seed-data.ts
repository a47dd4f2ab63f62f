// Demo content in Indonesian: what citizens actually report, per category.
export const STREETS = [
  "Jl. Fatmawati", "Jl. Raya Bogor", "Jl. Kemang Raya", "Jl. Daan Mogot", "Jl. Pluit Raya", "Jl. Gunung Sahari",
  "Jl. Pramuka", "Jl. Kalimalang", "Jl. Panjang", "Jl. Warung Buncit Raya", "Jl. Tebet Raya", "Jl. Cempaka Putih Raya",
  "Jl. Kramat Raya", "Jl. Matraman Raya", "Jl. Casablanca", "Jl. Pemuda", "Jl. Bekasi Raya", "Jl. Ciledug Raya",
  "Jl. Kebon Jeruk Raya", "Jl. Margonda", "Jl. Pasar Minggu", "Jl. Kalibata Raya", "Jl. Dewi Sartika",
  "Jl. Otista Raya", "Jl. Pahlawan Revolusi", "Jl. Yos Sudarso", "Jl. Danau Sunter", "Jl. Tanjung Duren Raya",
  "Jl. Kyai Tapa", "Jl. Hayam Wuruk", "Jl. Salemba Raya", "Jl. Percetakan Negara", "Gang Masjid", "Gang Kelinci",
];

export const PLACES = [
  "depan SDN 03", "dekat Pasar", "samping halte TransJakarta", "di bawah jembatan", "depan minimarket",
  "dekat pos RW 05", "di ujung gang", "depan masjid", "dekat stasiun KRL", "samping puskesmas kelurahan",
  "dekat taman RPTRA", "depan kantor kelurahan",
];

type Template = { title: string; description: string };

export const TEMPLATES: Record<string, Template[]> = {
  kemacetan: [
    { title: "Macet parah setiap pagi di {jalan}", description: "Setiap pagi pukul 06.30–08.30 kendaraan tidak bergerak di {jalan} {tempat}. Lampu lalu lintas sering mati dan tidak ada petugas yang mengatur. Mohon ditinjau pengaturan lampu dan jalur putar balik." },
    { title: "Putaran balik liar bikin macet {jalan}", description: "Ada putaran balik yang dibuka warga {tempat} sehingga kendaraan menumpuk di dua arah. Sore hari antrean sampai 500 meter." },
  ],
  sampah: [
    { title: "Sampah menumpuk {tempat}, {jalan}", description: "Sudah lima hari sampah rumah tangga menumpuk {tempat} dan belum diangkut. Baunya menyengat dan mulai dikerubungi lalat. Warga butuh jadwal angkut yang pasti." },
    { title: "TPS liar di pinggir kali dekat {jalan}", description: "Warga dari luar RW membuang sampah di pinggir kali {tempat}. Saat hujan sampah masuk ke kali dan menyumbat saluran." },
    { title: "Bak sampah rusak {tempat}", description: "Bak sampah permanen {tempat} di {jalan} jebol sehingga sampah berserakan ke jalan. Mohon diperbaiki atau diganti." },
  ],
  "pelanggaran-aturan": [
    { title: "Trotoar dipakai untuk parkir motor di {jalan}", description: "Trotoar {tempat} penuh motor parkir sehingga pejalan kaki, termasuk anak sekolah, terpaksa berjalan di badan jalan." },
  ],
  banjir: [
    { title: "Banjir setinggi lutut setelah hujan di {jalan}", description: "Setiap hujan lebih dari satu jam, air menggenang setinggi lutut {tempat}. Saluran air tersumbat lumpur dan sampah. Air baru surut setelah 6 jam." },
    { title: "Genangan tidak surut {tempat}", description: "Genangan di {jalan} {tempat} tidak surut sejak kemarin. Motor banyak yang mogok. Pompa air di dekat situ tampaknya tidak berfungsi." },
  ],
  kebakaran: [
    { title: "Kabel listrik semrawut rawan korsleting di {jalan}", description: "Kabel listrik dan kabel internet menjuntai rendah {tempat}. Kemarin sempat keluar percikan api. Mohon dicek sebelum terjadi kebakaran." },
    { title: "Hidran kebakaran tidak berfungsi {tempat}", description: "Hidran di {jalan} {tempat} berkarat dan saat dicoba warga tidak mengeluarkan air. Permukiman di sini padat dan rawan kebakaran." },
  ],
  "jalan-rusak": [
    { title: "Jalan berlubang besar di {jalan}", description: "Ada lubang sedalam kira-kira 20 cm {tempat}. Saat hujan tertutup genangan dan sudah ada pengendara motor yang jatuh. Mohon segera ditambal." },
    { title: "Aspal mengelupas sepanjang 100 meter di {jalan}", description: "Aspal {tempat} mengelupas dan berbatu. Kendaraan harus melambat dan terjadi antrean. Perlu pengaspalan ulang, bukan tambal sulam." },
    { title: "Tutup saluran hilang {tempat}", description: "Tutup saluran air di {jalan} {tempat} hilang sehingga ada lubang terbuka di trotoar. Sangat berbahaya untuk pejalan kaki di malam hari." },
  ],
  pengemis: [
    { title: "Pengemis anak di lampu merah {jalan}", description: "Setiap sore ada anak-anak mengemis di lampu merah {tempat}. Mereka terlihat masih usia sekolah dan berbahaya berada di tengah jalan." },
  ],
  "pkl-liar": [
    { title: "PKL menutup trotoar {tempat}", description: "Pedagang kaki lima berjualan di trotoar {jalan} {tempat} sampai ke badan jalan. Pejalan kaki tidak punya ruang. Mungkin bisa dicarikan lokasi binaan." },
  ],
  kriminal: [
    { title: "Rawan jambret di {jalan} malam hari", description: "Sudah tiga kali dalam sebulan terjadi penjambretan {tempat}. Lampu jalan banyak yang mati sehingga sangat gelap setelah pukul 21.00." },
  ],
  "fasilitas-umum": [
    { title: "Lampu penerangan jalan mati {tempat}", description: "Lima tiang lampu penerangan di {jalan} {tempat} mati sejak dua minggu lalu. Jalan menjadi gelap dan warga takut melintas." },
    { title: "Bangku taman dan ayunan rusak di {jalan}", description: "Fasilitas taman {tempat} rusak: ayunan putus dan bangku patah. Anak-anak tetap bermain di sana dan bisa terluka." },
    { title: "Halte rusak dan atap bocor {tempat}", description: "Atap halte {tempat} di {jalan} bocor dan kursinya patah. Saat hujan penumpang basah kuyup." },
  ],
  "parkir-liar": [
    { title: "Parkir liar di bahu jalan {jalan}", description: "Mobil parkir dua lapis {tempat} sehingga jalan menyempit tinggal satu lajur. Ada juru parkir liar yang memungut bayaran." },
  ],
  "pelanggaran-imb": [
    { title: "Bangunan menutup saluran air di {jalan}", description: "Ada bangunan baru {tempat} yang berdiri di atas saluran air. Sejak itu air meluap ke rumah warga saat hujan." },
  ],
  "joki-3in1": [
    { title: "Joki berdiri di pinggir {jalan}", description: "Masih ada joki yang berdiri {tempat} pagi hari, termasuk ibu yang membawa anak kecil." },
  ],
  "kawasan-dilarang-merokok": [
    { title: "Merokok di ruang tunggu puskesmas {tempat}", description: "Pengunjung merokok di area yang ada tanda dilarang merokok {tempat}, padahal banyak ibu hamil dan anak." },
  ],
  "reklame-tanpa-izin": [
    { title: "Spanduk dan baliho liar di {jalan}", description: "Banyak spanduk dipaku di pohon dan tiang listrik {tempat}. Sebagian roboh ke jalan saat angin kencang." },
  ],
  "makanan-tidak-higienis": [
    { title: "Jajanan sekolah diduga berpewarna tekstil {tempat}", description: "Beberapa penjual jajanan {tempat} menjual minuman berwarna mencolok. Beberapa murid sakit perut. Mohon diperiksa." },
  ],
  transjakarta: [
    { title: "Bus TransJakarta jarang datang di halte {jalan}", description: "Pada jam sibuk penumpang menunggu lebih dari 30 menit di halte {jalan}. Halte penuh sesak sampai ke jembatan." },
    { title: "Jalur busway diterobos kendaraan pribadi di {jalan}", description: "Banyak mobil dan motor masuk jalur busway {tempat} sehingga bus tertahan." },
  ],
  narkoba: [
    { title: "Dugaan transaksi narkoba di {tempat}", description: "Warga sering melihat kumpulan orang tidak dikenal {tempat} larut malam dengan gerak-gerik mencurigakan. Mohon patroli." },
  ],
  "potensi-teroris": [
    { title: "Tas tak bertuan di {tempat}", description: "Ada tas besar yang ditinggalkan {tempat} di {jalan} sejak pagi. Warga tidak berani mendekat." },
  ],
  "fogging-dbd": [
    { title: "Permintaan fogging, tiga warga terkena DBD di {jalan}", description: "Dalam dua minggu tiga warga RT kami dirawat karena demam berdarah. Banyak genangan {tempat}. Mohon fogging dan pemeriksaan jentik." },
  ],
  "pencegahan-banjir": [
    { title: "Saluran air perlu dikeruk di {jalan}", description: "Saluran {tempat} dangkal penuh lumpur. Sebelum musim hujan perlu dikeruk supaya tidak banjir seperti tahun lalu." },
    { title: "Tanggul kali retak {tempat}", description: "Tanggul kali di {jalan} {tempat} retak memanjang. Warga khawatir jebol saat debit air tinggi." },
  ],
  "pajak-rumah-kos": [
    { title: "Rumah kos besar belum terdaftar pajak di {jalan}", description: "Ada rumah kos dengan lebih dari 20 kamar {tempat} yang kabarnya belum terdaftar sebagai wajib pajak." },
  ],
  rptra: [
    { title: "RPTRA tutup lebih awal di {jalan}", description: "RPTRA {tempat} sering tutup pukul 15.00, padahal jadwalnya sampai 17.00. Anak-anak tidak punya tempat bermain sore hari." },
    { title: "Usul perbaikan lapangan RPTRA {tempat}", description: "Lapangan di RPTRA {tempat} retak dan licin berlumut. Warga bersedia kerja bakti membersihkan jika ada bahan." },
  ],
};

export const FIRST_NAMES = [
  "Siti", "Budi", "Dewi", "Agus", "Rina", "Andi", "Wulan", "Joko", "Fitri", "Hendra", "Nur", "Yusuf", "Ayu",
  "Rudi", "Lestari", "Bambang", "Maya", "Arif", "Indah", "Dedi", "Ratna", "Fajar", "Sri", "Taufik",
];
export const LAST_NAMES = [
  "Rahmawati", "Santoso", "Lestari", "Hidayat", "Kurniawan", "Saputra", "Wijaya", "Pratama", "Nasution",
  "Siregar", "Simanjuntak", "Setiawan", "Permata", "Hasibuan", "Purnomo", "Anggraini",
];

/** Rough centre of each kota (lat, lng) and how far reports spread around it. */
export const KOTA_CENTRES: Record<string, { lat: number; lng: number; spread: number }> = {
  "3101": { lat: -5.75, lng: 106.61, spread: 0.02 },
  "3171": { lat: -6.27, lng: 106.81, spread: 0.045 },
  "3172": { lat: -6.24, lng: 106.89, spread: 0.05 },
  "3173": { lat: -6.18, lng: 106.835, spread: 0.025 },
  "3174": { lat: -6.165, lng: 106.76, spread: 0.04 },
  "3175": { lat: -6.13, lng: 106.86, spread: 0.03 },
};
