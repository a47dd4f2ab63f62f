// `npm run bench:list`: how the report list (the home page's query) scales with the number of reports.
// Both databases are built in this run on this machine; the figure that matters is the ratio
// large/small for each query (absolute times differ from run to run on shared machines).
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";

const SMALL = 1_000;
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const ROUNDS = 30;
const dir = path.resolve("data/bench");

function buildDatabase(file: string, count: number) {
  const db = new Database(file);
  const kelurahan = db.prepare("SELECT code, parentCode FROM Region WHERE level = 'kelurahan'").all() as { code: string; parentCode: string }[];
  const kecToKota = new Map((db.prepare("SELECT code, parentCode FROM Region WHERE level = 'kecamatan'").all() as { code: string; parentCode: string }[]).map((r) => [r.code, r.parentCode]));
  const categories = (db.prepare("SELECT slug FROM Category").all() as { slug: string }[]).map((c) => c.slug);
  const insert = db.prepare(
    `INSERT INTO Report (id, number, categorySlug, title, description, searchText, lat, lng, kelurahanCode, kecamatanCode, kotaCode, status, source, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, -6.2, 106.8, ?, ?, ?, ?, 'musyawarah', ?, ?)`,
  );
  const statuses = ["menunggu", "diproses", "selesai"];
  const words = ["banjir", "sampah", "jalan", "lampu", "parkir", "macet", "saluran", "trotoar", "taman", "halte"];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const now = Date.now();
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const kel = kelurahan[Math.floor(rand() * kelurahan.length)]!;
      const title = `${words[Math.floor(rand() * words.length)]} di ${words[Math.floor(rand() * words.length)]} nomor ${i}`;
      const description = `Uraian laporan ${i} tentang ${words[Math.floor(rand() * words.length)]}`;
      const at = new Date(now - rand() * 365 * 86_400_000).toISOString();
      insert.run(`r${i}`, i, categories[Math.floor(rand() * categories.length)], title, description, `${title}\n${description}`, kel.code, kel.parentCode, kecToKota.get(kel.parentCode), statuses[Math.floor(rand() * 3)], at, at);
    }
  })();
  db.close();
}

/** Each database is measured in its own process, so nothing (client, caches) carries over. */
function timeQueries(file: string): Record<string, number> {
  const res = spawnSync("npx", ["--no-install", "tsx", "bench/report-list.measure.ts"], {
    env: { ...process.env, DATABASE_URL: `file:${file}`, BENCH_ROUNDS: String(ROUNDS) },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout.trim().split("\n").pop()!);
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const template = path.join(dir, "template.db");
const env = { ...process.env, DATABASE_URL: `file:${template}` };
if (spawnSync("node", ["scripts/prisma.mjs", "migrate", "deploy"], { env, stdio: "ignore" }).status !== 0) throw new Error("migrate failed");
if (spawnSync("npx", ["--no-install", "tsx", "prisma/seed.ts", "--reference-only"], { env, stdio: "ignore" }).status !== 0) throw new Error("seed failed");
const small = path.join(dir, "small.db");
const large = path.join(dir, "large.db");
copyFileSync(template, small);
copyFileSync(template, large);
buildDatabase(small, SMALL);
buildDatabase(large, LARGE);

const a = timeQueries(small);
const b = timeQueries(large);
console.log(`report list: ${LARGE.toLocaleString("en")} reports vs ${SMALL.toLocaleString("en")} (mean of ${ROUNDS} page loads, count + page of 20)`);
console.log("query".padEnd(24), "small ms".padStart(9), "large ms".padStart(9), "ratio".padStart(7));
for (const name of Object.keys(a)) {
  console.log(name.padEnd(24), a[name]!.toFixed(2).padStart(9), b[name]!.toFixed(2).padStart(9), `${(b[name]! / a[name]!).toFixed(1)}×`.padStart(7));
}
rmSync(dir, { recursive: true, force: true });
