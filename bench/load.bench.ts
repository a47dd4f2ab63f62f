// `npm run bench:load`: bounded load on loopback against the real web server with the real worker running
// (tallies, notification fan-outs, outbox), each with autocannon: 50 citizens commenting at once (50 connections),
// 200 citizens voting over 50 connections, and the report page of the open vote (10 connections).
// Baseline, same server and run: a static asset through the same Express stack (what HTTP itself costs here).
// BENCH_ONLY=comment,ballot,page runs some of the loads; BENCH_PROFILE=<dir> writes the web process's CPU profile
// there (node --cpu-prof); BENCH_PORT and BENCH_DIR let two runs share a machine.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { addReports, BENCH_DIR, benchTemplate, startBenchServer } from "./fixtures";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CITIZENS = 200;
const COMMENTERS = 50;
const PORT = Number(process.env.BENCH_PORT ?? 3931);
const ONLY = new Set((process.env.BENCH_ONLY ?? "comment,ballot,page").split(","));
const PROFILE = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
const SECRET = "bench-session-secret-123456";
const PREFIX = `bench-load-${randomBytes(3).toString("hex")}`;
const base = `http://127.0.0.1:${PORT}`;
const loadBefore = os.loadavg()[0]!;

const file = path.join(BENCH_DIR, "load.db");
copyFileSync(benchTemplate(), file);
addReports(file, 1000);
const db = new Database(file);
db.pragma("journal_mode = WAL");
const kelurahan = (db.prepare("SELECT code FROM Region WHERE level = 'kelurahan' LIMIT 1").get() as { code: string }).code;
const now = new Date().toISOString();
const sessions: string[] = [];
db.transaction(() => {
  for (let i = 0; i < CITIZENS; i++) {
    db.prepare("INSERT INTO User (id, email, passwordHash, name, role, homeKelurahanCode, createdAt, updatedAt) VALUES (?, ?, 'x', ?, 'warga', ?, ?, ?)").run(`lu${i}`, `lu${i}@bench.id`, `Warga Beban ${i}`, kelurahan, now, now);
    const sid = randomBytes(32).toString("base64url");
    db.prepare("INSERT INTO Session (id, userId, expiresAt, createdAt) VALUES (?, ?, ?, ?)").run(sid, `lu${i}`, new Date(Date.now() + 86_400_000).toISOString(), now);
    sessions.push(sid);
  }
  // Report r10 is being voted on: three proposals, approval ballots, open for a day.
  for (const k of [1, 2, 3]) db.prepare("INSERT INTO Proposal (id, reportId, authorId, title, body, html, text, createdAt, updatedAt) VALUES (?, 'r10', 'lu0', ?, '{}', '', ?, ?, ?)").run(`lp${k}`, `Usulan beban ${k}`, `Uraian usulan ${k}`, now, now);
  db.prepare("INSERT INTO Deliberation (id, reportId, state, ballotType, quorum, minSupportPercent, eligibility, votingOpensAt, votingClosesAt, createdAt, updatedAt) VALUES ('ld', 'r10', 'pemungutan_suara', 'approval', 5, 50, 'semua', ?, ?, ?, ?)")
    .run(new Date(Date.now() - 3600_000).toISOString(), new Date(Date.now() + 86_400_000).toISOString(), now, now);
})();
db.close();

const env = { SESSION_SECRET: SECRET, QUEUE_PREFIX: PREFIX, DATABASE_URL: `file:${file}` };
if (PROFILE) mkdirSync(PROFILE, { recursive: true });
// Seconds since the server started of each load (the profile starts with the process): bench/cpu-profile-top.ts
// reads only a load's own samples with --from/--to.
const serverStartedAt = Date.now();
const windows: Record<string, [number, number]> = {};
const server = await startBenchServer(file, PORT, env, PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : []);
const worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: { ...process.env, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "inherit"] });
await new Promise<void>((resolve) => worker.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));

async function signIn(sid: string) {
  const cookie = await createCookie("msy_session", { secrets: [SECRET], path: "/", httpOnly: true, sameSite: "lax" }).serialize(sid);
  const session = cookie.split(";")[0]!;
  const res = await fetch(`${base}/laporan/r10`, { headers: { cookie: session } });
  const token = /name="csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  const csrfCookie = res.headers.getSetCookie().find((c) => c.startsWith("msy_csrf="))?.split(";")[0];
  if (!token || !csrfCookie) throw new Error("no CSRF token on the page");
  return { cookie: `${session}; ${csrfCookie}`, token };
}

/** CPU seconds a process has used (user + system), from /proc: what a request costs, whatever else the machine runs. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 a second)
  } catch {
    return Number.NaN;
  }
}

type Row = { name: string; connections: number; rps: number; p50: number; p99: number; ok: number; total: number; errors: number; webCpuMs: number; workerCpuMs: number };
async function run(name: string, connections: number, opts: Partial<autocannon.Options>, okStatus: number): Promise<Row> {
  const from = (Date.now() - serverStartedAt) / 1000;
  const [web0, worker0] = [cpuSeconds(server.pid), cpuSeconds(worker.pid)];
  const r = await autocannon({ url: `${base}/`, connections, duration: DURATION, ...opts });
  const [web1, worker1] = [cpuSeconds(server.pid), cpuSeconds(worker.pid)];
  windows[name] = [from, (Date.now() - serverStartedAt) / 1000];
  const ok = (r.statusCodeStats as Record<string, { count: number }>)[String(okStatus)]?.count ?? 0;
  // Anything but the expected answer is an error: another status, a timeout, a broken connection.
  const errors = r.requests.total - ok + r.errors;
  if (errors > 0) console.warn(`warning: ${name}: ${errors} errors (${ok} of ${r.requests.total} answered ${okStatus}, ${r.timeouts} timeouts)`, r.statusCodeStats);
  const perOk = (seconds: number) => (ok > 0 ? (1000 * seconds) / ok : Number.NaN);
  return { name, connections, rps: ok / DURATION, p50: r.latency.p50, p99: r.latency.p99, ok, total: r.requests.total, errors, webCpuMs: perOk(web1 - web0), workerCpuMs: perOk(worker1 - worker0) };
}

/** Waits until the worker has fanned out every comment's notifications; returns the seconds it took after the load. */
async function fanOutLag(): Promise<{ seconds: number; left: number } | null> {
  const started = Date.now();
  const check = new Database(file, { readonly: true });
  try {
    if (!check.prepare("SELECT name FROM sqlite_master WHERE name = 'NotificationFanout'").get()) return null; // an older schema
    for (;;) {
      const left = (check.prepare("SELECT COUNT(*) AS n FROM NotificationFanout WHERE doneAt IS NULL").get() as { n: number }).n;
      if (left === 0 || Date.now() - started > 120_000) return { seconds: (Date.now() - started) / 1000, left };
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    check.close();
  }
}

const rows: Row[] = [];
let lag: { seconds: number; left: number } | null = null;
try {
  const asset = readdirSync("public/build").find((f) => f.startsWith("entry.client"))!;
  await autocannon({ url: `${base}/laporan/r10`, connections: 4, duration: 2 }); // warm up
  const baseline = await run("baseline: a static asset", 10, { url: `${base}/build/${asset}` }, 200);
  if (ONLY.has("page")) rows.push(await run("report page of the open vote GET /laporan/:id", 10, { url: `${base}/laporan/r10` }, 200));
  const users = await Promise.all(sessions.map(signIn));
  let n = 0;
  const post = (citizens: number, fields: (i: number) => Record<string, string>) => ({
    url: `${base}/laporan/r10`,
    requests: [{
      method: "POST" as const,
      setupRequest: (req: autocannon.Request) => {
        const i = n++;
        const u = users[i % citizens]!;
        const body = new URLSearchParams({ csrf: u.token, ...fields(i) }).toString();
        return { ...req, headers: { ...req.headers, cookie: u.cookie, origin: base, "content-type": "application/x-www-form-urlencoded" }, body };
      },
    }],
  });
  if (ONLY.has("comment")) {
    rows.push(await run(`post a comment (${COMMENTERS} citizens at once)`, COMMENTERS, post(COMMENTERS, (i) => ({ intent: "comment.post", back: "/laporan/r10", text: `Komentar beban ${i}: saluran tersumbat sejak minggu lalu.` })), 302));
    lag = await fanOutLag();
  }
  const stances = ["support", "oppose", "pass"];
  if (ONLY.has("ballot")) rows.push(await run(`cast or change a ballot (${CITIZENS} citizens)`, 50, post(CITIZENS, (i) => ({ intent: "case.vote", "stance-lp1": stances[i % 3]!, "stance-lp2": stances[(i + 1) % 3]!, "stance-lp3": "support" })), 302));
  const check = new Database(file, { readonly: true });
  const ballots = (check.prepare("SELECT COUNT(*) AS n FROM Ballot WHERE deliberationId = 'ld'").get() as { n: number }).n;
  const notifications = (check.prepare("SELECT COUNT(*) AS n FROM Notification").get() as { n: number }).n;
  check.close();
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at start ${loadBefore.toFixed(1)}; loopback, ${DURATION} s per run, worker running`);
  console.log(`baseline (static asset, 10 connections): ${baseline.rps.toFixed(0)} req/s, p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`);
  for (const r of rows) console.log(`${r.name}, ${r.connections} connections: ${r.rps.toFixed(0)}/s (${r.ok}/${r.total} ok, ${r.errors} errors), p50 ${r.p50} ms, p99 ${r.p99} ms; baseline / this = ${(baseline.rps / r.rps).toFixed(1)}×; CPU per request: web ${r.webCpuMs.toFixed(1)} ms, worker ${r.workerCpuMs.toFixed(1)} ms`);
  console.log(`CPU per request for the baseline: web ${baseline.webCpuMs.toFixed(2)} ms. (CPU per request does not depend on what else the machine runs; throughput and latency do.)`);
  if (lag) console.log(`notifications fanned out by the worker: ${notifications}; the last comment's fan-out done ${lag.seconds.toFixed(1)} s after the load${lag.left ? ` (${lag.left} still waiting after 120 s)` : ""}`);
  if (ONLY.has("ballot")) console.log(`ballots stored: ${ballots} (one per citizen, changed in place)`);
} finally {
  worker.kill("SIGTERM");
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r)); // the CPU profile is written as the server exits
  if (PROFILE) {
    writeFileSync(path.join(PROFILE, "windows.json"), JSON.stringify(windows, null, 1));
    console.log(`CPU profile in ${PROFILE}; each load's samples: npx tsx bench/cpu-profile-top.ts ${PROFILE}/<file>.cpuprofile 25 --from <s> --to <s> (windows.json)`);
  }
  rmSync(BENCH_DIR, { recursive: true, force: true });
}
