// `npm run bench:dashboard`: the public dashboard for all of Jakarta over 100,000 reports and 1,000,000 votes,
// against the same page over 1,000 reports and 10,000 votes, both built in this run. The real web server on
// loopback: the first request computes the snapshot (what the worker does every 5 minutes), then autocannon
// measures the page as citizens get it. Goal (issue 6): the page within 2× of the small one.
import { rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { BENCH_DIR, benchDatabases, startBenchServer } from "./fixtures";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const STATES = ["musyawarah", "pemungutan_suara", "ke_instansi", "dijawab", "selesai"];

/** Deliberations on the first reports, each with `votesEach` imported ballots spread over the past year. */
function addVotes(file: string, cases: number, votesEach: number) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const agency = (db.prepare("SELECT id FROM Agency WHERE name = 'Dinas Bina Marga'").get() as { id: string }).id;
  const now = Date.now();
  const iso = (t: number) => new Date(t).toISOString();
  const delib = db.prepare("INSERT INTO Deliberation (id, reportId, state, agencyId, sentAt, answeredAt, dueAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const ballot = db.prepare("INSERT INTO Ballot (id, deliberationId, externalVoter, choices, receipt, createdAt, updatedAt) VALUES (?, ?, ?, '{}', ?, ?, ?)");
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  db.transaction(() => {
    for (let c = 1; c <= cases; c++) {
      const sent = now - rand() * 300 * 86_400_000;
      const answered = rand() < 0.7 ? sent + rand() * 20 * 86_400_000 : null;
      delib.run(`d${c}`, `r${c}`, STATES[c % STATES.length], agency, iso(sent), answered ? iso(answered) : null, iso(sent + 14 * 86_400_000), iso(sent), iso(sent));
      for (let v = 0; v < votesEach; v++) {
        const at = iso(now - rand() * 365 * 86_400_000);
        ballot.run(`b${c}_${v}`, `d${c}`, `v${v}`, `rc${c}_${v}`, at, at);
      }
    }
  })();
  db.close();
}

async function measure(file: string, port: number) {
  const server = await startBenchServer(file, port);
  try {
    const url = `http://127.0.0.1:${port}/dasbor`;
    const t = performance.now();
    const first = await fetch(url);
    if (first.status !== 200) throw new Error(`/dasbor answered ${first.status}`);
    await first.text();
    const computeMs = performance.now() - t;
    await autocannon({ url, connections: 4, duration: 2 }); // warm up
    const r = await autocannon({ url, connections: 10, duration: DURATION });
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors`);
    return { computeMs, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
  } finally {
    server.kill("SIGTERM");
  }
}

const { small, large, SMALL, LARGE } = benchDatabases();
addVotes(small, 10, 1000);
addVotes(large, 1000, 1000);
const a = await measure(small, 3911);
const b = await measure(large, 3912);
console.log(`/dasbor (all of Jakarta) over HTTP, 10 connections, ${DURATION} s`);
console.log(`small: ${SMALL.toLocaleString("en")} reports, 10,000 votes: first view (computes the snapshot) ${a.computeMs.toFixed(0)} ms; then ${a.rps.toFixed(0)} req/s, p50 ${a.p50} ms, p99 ${a.p99} ms`);
console.log(`large: ${LARGE.toLocaleString("en")} reports, 1,000,000 votes: first view (computes the snapshot) ${b.computeMs.toFixed(0)} ms; then ${b.rps.toFixed(0)} req/s, p50 ${b.p50} ms, p99 ${b.p99} ms`);
console.log(`time ratio large / small: ${(a.rps / b.rps).toFixed(2)}× (goal: within 2×); snapshot computation ${(b.computeMs / a.computeMs).toFixed(1)}× (done by the worker, every 5 minutes)`);
rmSync(BENCH_DIR, { recursive: true, force: true });
