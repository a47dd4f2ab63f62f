// `npm run bench:thread`: does a report page cost more when its thread is long? The real web server on
// loopback (autocannon, 10 connections) serves the page of a report with 10 comments and of a report with
// 10,000 comments and 50 proposals, in the same run and database; it prints both and the time ratio.
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { benchDatabases, startBenchServer } from "./fixtures";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

function fillThreads(file: string) {
  const db = new Database(file);
  const now = Date.now();
  db.prepare("INSERT INTO User (id, email, passwordHash, name, role, homeKelurahanCode, createdAt, updatedAt) SELECT 'u' || value, 'u' || value || '@bench.id', 'x', 'Warga ' || value, 'warga', (SELECT code FROM Region WHERE level = 'kelurahan' LIMIT 1), ?, ? FROM json_each(?)")
    .run(new Date(now).toISOString(), new Date(now).toISOString(), JSON.stringify(Array.from({ length: 200 }, (_, i) => i)));
  const insert = db.prepare(
    `INSERT INTO Comment (id, reportId, threadId, parentId, rootId, depth, authorId, body, html, text, status, agreeCount, replyCount, flagCount, createdAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, 'visible', ?, ?, 0, ?)`,
  );
  const proposal = db.prepare(
    `INSERT INTO Proposal (id, reportId, authorId, title, body, html, text, jointAction, version, status, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, '{}', ?, ?, '', 1, 'active', ?, ?)`,
  );
  const add = (reportId: string, n: number, proposals: number) => {
    for (let i = 0; i < n; i++) {
      // Two thirds top-level, one third replies to the comment before: a realistic mix of depth.
      const reply = i % 3 === 2;
      const id = `${reportId}c${i}`;
      const parent = reply ? `${reportId}c${i - 1}` : null;
      const at = new Date(now - (n - i) * 60_000).toISOString();
      insert.run(id, reportId, reportId, parent, parent, reply ? 1 : 0, `u${i % 200}`, `<p>Komentar nomor ${i} tentang laporan ini.</p>`, `Komentar nomor ${i}`, i % 7, reply ? 0 : 1, at);
    }
    for (let i = 0; i < proposals; i++) {
      const at = new Date(now - i * 3600_000).toISOString();
      proposal.run(`${reportId}p${i}`, reportId, `u${i}`, `Usulan ${i}`, "<p>Uraian usulan.</p>", "Uraian usulan.", at, at);
    }
  };
  db.transaction(() => {
    add("r10", 10, 0);
    add("r20", 10_000, 50);
    db.prepare(`UPDATE Report SET commentCount = (SELECT COUNT(*) FROM Comment WHERE threadId = Report.id) WHERE id IN ('r10', 'r20')`).run();
  })();
  db.close();
}

const { small } = benchDatabases();
fillThreads(small);
const server = await startBenchServer(small, 3911);
const results: Record<string, { rps: number; p99: number; mean: number }> = {};
try {
  for (const [name, url] of [["10 comments", "/laporan/r10"], ["10,000 comments + 50 proposals", "/laporan/r20"]] as const) {
    await autocannon({ url: `http://127.0.0.1:3911${url}`, connections: 4, duration: 2 });
    const r = await autocannon({ url: `http://127.0.0.1:3911${url}`, connections: 10, duration: DURATION });
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    results[name] = { rps: r.requests.average, p99: r.latency.p99, mean: r.latency.average };
  }
} finally {
  server.kill("SIGTERM");
}
const [a, b] = Object.values(results) as [{ rps: number; p99: number; mean: number }, { rps: number; p99: number; mean: number }];
console.log(`report page over HTTP, 10 connections, ${DURATION} s each`);
for (const [name, r] of Object.entries(results)) console.log(name.padEnd(32), `${r.rps.toFixed(0)} req/s`.padStart(10), `mean ${r.mean.toFixed(0)} ms`.padStart(12), `p99 ${r.p99} ms`.padStart(12));
console.log(`time ratio (long thread / short thread): ${(a.rps / b.rps).toFixed(2)}× (goal: within 1.5×)`);
