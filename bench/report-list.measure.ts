// Child of report-list.bench.ts: times the list service against DATABASE_URL and prints JSON.
import { db, prepareDatabase } from "~/db.server";
import { listReports } from "~/services/reports.server";

const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const cases: Record<string, object> = {
  "home page (no filter)": {},
  "one kota": { kota: "3171" },
  "kelurahan + status": { kelurahan: "3171060003", status: "menunggu" },
  "category + kecamatan": { category: "banjir", kecamatan: "3171060" },
  "text search": { q: "banjir saluran" },
};
await prepareDatabase();
const out: Record<string, number> = {};
for (const [name, filters] of Object.entries(cases)) {
  for (let i = 0; i < 3; i++) await listReports(filters, 1); // warm up
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await listReports(filters, 1 + (i % 3));
  out[name] = (performance.now() - started) / rounds;
}
await db.$disconnect();
console.log(JSON.stringify(out));
