// Jakarta's administrative tree: provinsi → kota → kecamatan → kelurahan.
export const REGION_LEVELS = ["provinsi", "kota", "kecamatan", "kelurahan"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export interface RegionRow {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
}

const KEEP_UPPER = new Set(["DKI", "RW", "RT", "II", "III", "IV"]);

/** "KOTA JAKARTA SELATAN" → "Kota Jakarta Selatan"; "PAL MERAH" → "Pal Merah"; "DKI JAKARTA" keeps DKI. */
export function displayRegionName(raw: string): string {
  return raw
    .trim()
    .split(/\s+/)
    .map((word) =>
      KEEP_UPPER.has(word)
        ? word
        : word
            .toLowerCase()
            .replace(/(^|[-'(])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase()),
    )
    .join(" ");
}

/** Given the rows, the kecamatan and kota above a kelurahan (or null when the code is not a kelurahan). */
export function ancestorsOfKelurahan(
  kelurahanCode: string,
  byCode: ReadonlyMap<string, Pick<RegionRow, "code" | "parentCode" | "level">>,
): { kecamatanCode: string; kotaCode: string } | null {
  const kel = byCode.get(kelurahanCode);
  if (!kel || kel.level !== "kelurahan" || !kel.parentCode) return null;
  const kec = byCode.get(kel.parentCode);
  if (!kec || kec.level !== "kecamatan" || !kec.parentCode) return null;
  const kota = byCode.get(kec.parentCode);
  if (!kota || kota.level !== "kota") return null;
  return { kecamatanCode: kec.code, kotaCode: kota.code };
}

/** Validates the CSV rows: every parent exists and sits exactly one level above. Returns problems, empty when fine. */
export function checkRegionTree(rows: readonly RegionRow[]): string[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const problems: string[] = [];
  for (const row of rows) {
    if (row.level === "provinsi") continue;
    const parent = row.parentCode ? byCode.get(row.parentCode) : undefined;
    if (!parent) {
      problems.push(`${row.code}: parent ${row.parentCode ?? "(none)"} missing`);
      continue;
    }
    if (REGION_LEVELS.indexOf(parent.level) !== REGION_LEVELS.indexOf(row.level) - 1) {
      problems.push(`${row.code}: parent ${parent.code} is ${parent.level}, expected one level above ${row.level}`);
    }
  }
  return problems;
}
