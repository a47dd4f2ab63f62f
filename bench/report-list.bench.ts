// `npm run bench:list`: how the report list (the home page's query) scales with the number of reports.
// Both databases are built in this run on this machine; the figure that matters is the ratio
// large/small for each query (absolute times differ from run to run on shared machines).
import { rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { benchDatabases, BENCH_DIR } from "./fixtures";

const ROUNDS = 30;

/** Each database is measured in its own process, so nothing (client, caches) carries over. */
function timeQueries(file: string): Record<string, number> {
  const res = spawnSync("npx", ["--no-install", "tsx", "bench/report-list.measure.ts"], {
    env: { ...process.env, DATABASE_URL: `file:${file}`, BENCH_ROUNDS: String(ROUNDS) },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout.trim().split("\n").pop()!);
}

const { small, large, SMALL, LARGE } = benchDatabases();
const a = timeQueries(small);
const b = timeQueries(large);
console.log(`report list: ${LARGE.toLocaleString("en")} reports vs ${SMALL.toLocaleString("en")} (mean of ${ROUNDS} page loads, count + page of 20)`);
console.log("query".padEnd(24), "small ms".padStart(9), "large ms".padStart(9), "ratio".padStart(7));
for (const name of Object.keys(a)) {
  console.log(name.padEnd(24), a[name]!.toFixed(2).padStart(9), b[name]!.toFixed(2).padStart(9), `${(b[name]! / a[name]!).toFixed(1)}×`.padStart(7));
}
rmSync(BENCH_DIR, { recursive: true, force: true });
