// `npm run bench:export`: a DPRD member's PDF of a 200-dossier list, made by the real worker while citizens keep
// using the real web server. Measures the export's wall time and its progress as the polling page sees it, and
// the report list's latency during the export against the same run without it (goal, issue 6: the export is a
// background job that never blocks the web process).
import { spawn } from "node:child_process";
import { copyFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { addReports, BENCH_DIR, benchTemplate, startBenchServer } from "./fixtures";

const DOSSIERS = 200;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = 3921;
const PREFIX = `bench-export-${process.pid}`;
const EXPORT_DIR = path.join(BENCH_DIR, "exports");

/** 200 deliberations with three proposals, a tally and a timeline each; a DPRD member for every kota. */
function addDossiers(file: string): { memberId: string } {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const now = new Date().toISOString();
  const agency = (db.prepare("SELECT id FROM Agency WHERE name = 'Dinas Bina Marga'").get() as { id: string }).id;
  const kota = (db.prepare("SELECT code FROM Region WHERE level = 'kota'").all() as { code: string }[]).map((r) => r.code);
  const user = db.prepare("INSERT INTO User (id, email, passwordHash, name, role, homeKelurahanCode, createdAt, updatedAt) VALUES (?, ?, 'x', ?, ?, (SELECT code FROM Region WHERE level = 'kelurahan' LIMIT 1), ?, ?)");
  const proposal = db.prepare("INSERT INTO Proposal (id, reportId, authorId, title, body, html, text, costRupiah, jointAction, createdAt, updatedAt) VALUES (?, ?, 'citizen', ?, '{}', '', ?, ?, ?, ?, ?)");
  const delib = db.prepare("INSERT INTO Deliberation (id, reportId, state, agencyId, summary, tally, winnerProposalId, sentAt, dueAt, answer, answeredAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const event = db.prepare("INSERT INTO AuditEvent (id, reportId, actorId, type, data, createdAt) VALUES (?, ?, 'citizen', ?, ?, ?)");
  const states = ["ke_instansi", "dijawab", "aksi_bersama", "selesai", "mufakat"];
  db.transaction(() => {
    user.run("citizen", "warga@bench.id", "Warga Bench", "warga", now, now);
    user.run("member", "dprd@bench.id", "Anggota DPRD Bench", "dprd", now, now);
    for (const code of kota) db.prepare("INSERT INTO UserRegion (userId, regionCode) VALUES ('member', ?)").run(code);
    for (let i = 1; i <= DOSSIERS; i++) {
      const ids = [1, 2, 3].map((k) => `p${i}_${k}`);
      ids.forEach((id, k) => proposal.run(id, `r${i}`, `Usulan ${k + 1} untuk laporan ${i}`, `Uraian usulan ${k + 1}: ${"perbaiki dengan bahan yang tahan lama dan libatkan warga sekitar. ".repeat(6)}`, 5_000_000 * (k + 1), k === 0 ? "Kerja bakti Sabtu pagi" : "", now, now));
      const tally = {
        type: "approval", voters: 40, quorum: 5, minSupportPercent: 50, winnerId: ids[0], reason: "mufakat",
        groups: [{ id: 0, size: 25 }, { id: 1, size: 15 }],
        proposals: ids.map((id, k) => ({ id, support: 30 - 8 * k, oppose: 5 + 4 * k, pass: 5, supportPercent: 75 - 20 * k, consensus: 0.6 - 0.2 * k, groups: [{ group: 0, agree: 20 - 5 * k, votes: 25, probability: 0.8 - 0.2 * k }, { group: 1, agree: 10 - 3 * k, votes: 15, probability: 0.65 - 0.2 * k }] })),
      };
      const sent = new Date(Date.now() - 20 * 86_400_000).toISOString();
      const answered = i % 2 === 0 ? new Date(Date.now() - 12 * 86_400_000).toISOString() : null;
      delib.run(`d${i}`, `r${i}`, states[i % states.length], agency, "Warga sepakat perbaikan permanen lebih baik daripada tambal sulam.", JSON.stringify(tally), ids[0], sent, new Date(Date.now() - 6 * 86_400_000).toISOString(), answered ? "diterima" : null, answered, now, now);
      for (let e = 0; e < 12; e++) event.run(`e${i}_${e}`, `r${i}`, "proposal.created", JSON.stringify({ title: `Usulan ${e}` }), now);
    }
  })();
  db.close();
  return { memberId: "member" };
}

async function listLatency(seconds: number) {
  const r = await autocannon({ url: `http://127.0.0.1:${PORT}/?halaman=2`, connections: 8, duration: seconds });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

const template = benchTemplate();
const file = path.join(BENCH_DIR, "export.db");
copyFileSync(template, file);
addReports(file, 1000);
const { memberId } = addDossiers(file);
const env = { DATABASE_URL: `file:${file}`, QUEUE_PREFIX: PREFIX, EXPORT_DIR, SESSION_SECRET: "bench-session-secret-123456" };
const server = await startBenchServer(file, PORT, env);
const worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: { ...process.env, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "inherit"] });
await new Promise<void>((resolve) => worker.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
const redis = new Redis({ maxRetriesPerRequest: null });
const queue = new Queue("musyawarah-export", { connection: redis, prefix: PREFIX });
try {
  await listLatency(2); // warm up
  const idle = await listLatency(DURATION);

  const db = new Database(file);
  db.prepare("INSERT INTO ExportJob (id, userId, kind, params, status, total, createdAt) VALUES ('bench', ?, 'list', ?, 'antri', ?, ?)").run(memberId, JSON.stringify({ filters: { sort: "urgensi" } }), DOSSIERS, new Date().toISOString());
  const progress: [number, number][] = [];
  const started = performance.now();
  await queue.add("export.pdf", { exportId: "bench" }, { jobId: "export-pdf-bench" });
  let doneAt = 0;
  const poll = setInterval(() => {
    const row = db.prepare("SELECT status, done FROM ExportJob WHERE id = 'bench'").get() as { status: string; done: number };
    progress.push([Math.round(performance.now() - started), row.done]);
    if (row.status === "selesai" && !doneAt) doneAt = performance.now();
    if (row.status === "gagal") throw new Error("export failed");
  }, 250);
  const during = await listLatency(DURATION);
  while (!doneAt) await new Promise((r) => setTimeout(r, 100));
  clearInterval(poll);
  db.close();
  const size = statSync(path.join(EXPORT_DIR, "bench.pdf")).size;
  const steps = [...new Set(progress.map(([, d]) => d))];
  console.log(`PDF of ${DOSSIERS} dossiers by the worker: ${((doneAt - started) / 1000).toFixed(1)} s, ${(size / 1024 / 1024).toFixed(1)} MB; the progress row moved through ${steps.length} values (${steps.slice(0, 6).join(", ")} … ${steps.at(-1)})`);
  console.log(`report list over HTTP, 8 connections, ${DURATION} s: idle ${idle.rps.toFixed(0)} req/s, p50 ${idle.p50} ms, p99 ${idle.p99} ms`);
  console.log(`during the export: ${during.rps.toFixed(0)} req/s, p50 ${during.p50} ms, p99 ${during.p99} ms`);
  console.log(`ratio during / idle: throughput ${(during.rps / idle.rps).toFixed(2)}×, p99 ${(during.p99 / idle.p99).toFixed(2)}× (the web process never renders PDFs; on 2 cores the worker's CPU is what it shares)`);
} finally {
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  redis.disconnect();
  worker.kill("SIGTERM");
  server.kill("SIGTERM");
  rmSync(BENCH_DIR, { recursive: true, force: true });
}
