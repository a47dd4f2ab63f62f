// `tsx scripts/extract-kelurahan-centroids.ts [unpacked-package-dir]`: writes prisma/data/jakarta-kelurahan-centroids.csv,
// one point per kelurahan of prisma/data/jakarta-wilayah.csv, taken from the npm package `geografis` (see
// prisma/data/README.md for its licence). Without an argument the script fetches the pinned version with `npm pack`
// into a temporary folder (npm checks the registry's integrity hash) and removes it afterwards. The package is ~64 MB
// unpacked, so it is not a dependency: only the ~8 KB extract is shipped.
//
// Our region codes are BPS codes (3171050001) and the package uses Kemendagri codes (31.74.05.1001), which number kota
// and kecamatan differently, so rows are matched by name: kota, then kelurahan, then kecamatan when a kota has two
// kelurahan of one name. Every kelurahan must match exactly once, or the script fails and names the ones that did not.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";

const PACKAGE = "geografis";
const VERSION = "1.3.2";
const OUT = "prisma/data/jakarta-kelurahan-centroids.csv";

interface Village {
  code: string;
  city: string;
  district: string;
  village: string;
  latitude: number;
  longitude: number;
}

/** Spelling differences between the two lists (our name → the package's), after `key()`. */
const ALIASES: Record<string, string> = {
  halimperdanakusumah: "halimperdanakusuma",
  kampungtengah: "tengah",
  palmeriem: "palmeriam",
  harapanmulya: "harapanmulia",
  wijayakesuma: "wijayakusuma",
  papango: "papanggo",
  tanjungpriuk: "tanjungpriok",
};

const key = (name: string) =>
  name
    .toLowerCase()
    .replace(/\b(kota|kabupaten)( administrasi)?\b/g, "")
    .replace(/[^a-z0-9]/g, "");

function unpackedPackage(): { dir: string; cleanup: () => void } {
  const given = process.argv[2];
  if (given) return { dir: given, cleanup: () => {} };
  const tmp = mkdtempSync(path.join(tmpdir(), "geografis-"));
  const tarball = execFileSync("npm", ["pack", `${PACKAGE}@${VERSION}`, "--silent", "--pack-destination", tmp], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop()!;
  execFileSync("tar", ["xzf", path.join(tmp, tarball), "-C", tmp]);
  return { dir: path.join(tmp, "package"), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

const { dir, cleanup } = unpackedPackage();
try {
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; version: string; license: string };
  if (pkg.name !== PACKAGE || pkg.version !== VERSION) throw new Error(`expected ${PACKAGE}@${VERSION}, found ${pkg.name}@${pkg.version}`);
  const villages = (JSON.parse(readFileSync(path.join(dir, "data/json/data.json"), "utf8")) as Village[]).filter((v) =>
    v.code.startsWith("31."),
  );

  const regions = parse(readFileSync("prisma/data/jakarta-wilayah.csv", "utf8"), { columns: true, skip_empty_lines: true }) as {
    kode: string;
    kode_induk: string;
    tingkat: string;
    nama: string;
  }[];
  const byCode = new Map(regions.map((r) => [r.kode, r]));
  const lines = ["kode,kode_kota,lat,lng"];
  const problems: string[] = [];
  const used = new Set<string>();
  for (const kel of regions.filter((r) => r.tingkat === "kelurahan")) {
    const kec = byCode.get(kel.kode_induk)!;
    const kota = byCode.get(kec.kode_induk)!;
    const name = ALIASES[key(kel.nama)] ?? key(kel.nama);
    let found = villages.filter((v) => key(v.city) === key(kota.nama) && key(v.village) === name);
    if (found.length > 1) found = found.filter((v) => key(v.district) === key(kec.nama));
    if (found.length !== 1) {
      problems.push(`${kel.kode} ${kel.nama} (${kec.nama}, ${kota.nama}): ${found.length} matches`);
      continue;
    }
    const v = found[0]!;
    if (used.has(v.code)) problems.push(`${kel.kode} ${kel.nama}: ${v.code} already used`);
    used.add(v.code);
    lines.push(`${kel.kode},${kota.kode},${v.latitude.toFixed(5)},${v.longitude.toFixed(5)}`);
  }
  if (problems.length) throw new Error(`unmatched kelurahan:\n  ${problems.join("\n  ")}`);
  writeFileSync(OUT, `${lines.join("\n")}\n`);
  console.log(`${OUT}: ${lines.length - 1} kelurahan from ${pkg.name}@${pkg.version} (${pkg.license})`);
} finally {
  cleanup();
}
