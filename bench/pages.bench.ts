// `npm run bench:pages`: the real web server under load on loopback (autocannon, 10 connections, bounded in
// time), once over 1,000 reports and once over 100,000, built in this same run. It prints requests per second
// and latency for the pages citizens open most, and the ratio of the large run to the small one.
import { rmSync } from "node:fs";
import autocannon from "autocannon";
import { BENCH_DIR, benchDatabases, startBenchServer } from "./fixtures";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const PAGES: Record<string, string> = {
  "home page": "/",
  "filtered list": "/?kota=3171&status=menunggu&halaman=2",
  "search": "/?q=banjir+saluran",
  "report page": "/laporan/r500",
};

async function measure(file: string, port: number) {
  const server = await startBenchServer(file, port);
  const out: Record<string, { rps: number; p50: number; p99: number }> = {};
  try {
    for (const [name, url] of Object.entries(PAGES)) {
      await autocannon({ url: `http://127.0.0.1:${port}${url}`, connections: 4, duration: 2 }); // warm up
      const r = await autocannon({ url: `http://127.0.0.1:${port}${url}`, connections: 10, duration: DURATION });
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      out[name] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
    }
  } finally {
    server.kill("SIGTERM");
  }
  return out;
}

const { small, large, SMALL, LARGE } = benchDatabases();
const a = await measure(small, 3901);
const b = await measure(large, 3902);
console.log(`pages over HTTP: ${LARGE.toLocaleString("en")} reports vs ${SMALL.toLocaleString("en")}, 10 connections, ${DURATION} s each`);
console.log("page".padEnd(16), "small req/s".padStart(12), "large req/s".padStart(12), "p99 small".padStart(10), "p99 large".padStart(10), "time ratio".padStart(11));
for (const name of Object.keys(PAGES)) {
  const x = a[name]!;
  const y = b[name]!;
  console.log(
    name.padEnd(16),
    x.rps.toFixed(0).padStart(12),
    y.rps.toFixed(0).padStart(12),
    `${x.p99} ms`.padStart(10),
    `${y.p99} ms`.padStart(10),
    `${(x.rps / y.rps).toFixed(2)}×`.padStart(11),
  );
}
rmSync(BENCH_DIR, { recursive: true, force: true });
