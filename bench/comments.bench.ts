// `npm run bench:comments`: posting comments under load. 50 signed-in citizens post to one report's thread
// through the real web server (the same form post a browser makes: session cookie, CSRF token, Origin) with
// autocannon on loopback; the baseline is a bare better-sqlite3 insert of the same row into the same
// database, measured in the same run. Prints comments per second, p99 latency and the ratio.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createCookie } from "@remix-run/node";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { benchDatabases, startBenchServer } from "./fixtures";

const USERS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = 3921;
const SECRET = "bench-session-secret-123456";
const base = `http://127.0.0.1:${PORT}`;

const { small } = benchDatabases();
const db = new Database(small);
db.pragma("journal_mode = WAL");
const kelurahan = (db.prepare("SELECT code FROM Region WHERE level = 'kelurahan' LIMIT 1").get() as { code: string }).code;
const now = new Date().toISOString();
const sessions: string[] = [];
for (let i = 0; i < USERS; i++) {
  db.prepare("INSERT INTO User (id, email, passwordHash, name, role, homeKelurahanCode, createdAt, updatedAt) VALUES (?, ?, 'x', ?, 'warga', ?, ?, ?)")
    .run(`bu${i}`, `bu${i}@bench.id`, `Warga Bench ${i}`, kelurahan, now, now);
  const sid = randomBytes(32).toString("base64url");
  db.prepare("INSERT INTO Session (id, userId, expiresAt, createdAt) VALUES (?, ?, ?, ?)").run(sid, `bu${i}`, new Date(Date.now() + 86_400_000).toISOString(), now);
  sessions.push(sid);
}
db.close();

/** Each citizen opens the report page once, as a browser would, to get a CSRF token and its cookie. */
async function signIn(sid: string) {
  const cookie = await createCookie("msy_session", { secrets: [SECRET], path: "/", httpOnly: true, sameSite: "lax" }).serialize(sid);
  const session = cookie.split(";")[0]!;
  const res = await fetch(`${base}/laporan/r10`, { headers: { cookie: session } });
  const html = await res.text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const csrfCookie = res.headers.getSetCookie().find((c) => c.startsWith("msy_csrf="))?.split(";")[0];
  if (!token || !csrfCookie) throw new Error("no CSRF token on the page: is the session valid?");
  return { cookie: `${session}; ${csrfCookie}`, token };
}

const server = await startBenchServer(small, PORT, { SESSION_SECRET: SECRET, QUEUE_PREFIX: `bench${randomBytes(3).toString("hex")}` });
let http: { rps: number; p99: number; mean: number; ok: number; total: number };
try {
  const users = await Promise.all(sessions.map(signIn));
  let n = 0;
  const result = await autocannon({
    url: `${base}/laporan/r10`,
    connections: USERS,
    duration: DURATION,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const u = users[n++ % users.length]!;
          const body = new URLSearchParams({ csrf: u.token, intent: "comment.post", back: "/laporan/r10", text: `Komentar beban nomor ${n}: saluran di sini tersumbat sejak minggu lalu.` });
          return { ...req, headers: { ...req.headers, cookie: u.cookie, origin: base, "content-type": "application/x-www-form-urlencoded" }, body: body.toString() };
        },
      },
    ],
  });
  const ok = (result.statusCodeStats as Record<string, { count: number }>)["302"]?.count ?? 0;
  http = { rps: ok / DURATION, p99: result.latency.p99, mean: result.latency.average, ok, total: result.requests.total };
  if (ok < result.requests.total * 0.99) console.warn(`warning: only ${ok} of ${result.requests.total} posts succeeded`, result.statusCodeStats);
} finally {
  server.kill("SIGTERM");
}

// Baseline: the same row, inserted one transaction at a time by better-sqlite3 with no web stack around it.
const raw = new Database(small);
raw.pragma("journal_mode = WAL");
raw.pragma("synchronous = NORMAL");
const insert = raw.prepare(
  `INSERT INTO Comment (id, reportId, threadId, parentId, rootId, depth, authorId, body, html, text, status, agreeCount, replyCount, flagCount, createdAt)
   VALUES (?, 'r10', 'r10', NULL, NULL, 0, 'bu0', '{"root":{}}', '<p>Komentar</p>', 'Komentar', 'visible', 0, 0, 0, ?)`,
);
const times: number[] = [];
const t0 = performance.now();
for (let i = 0; i < 5000; i++) {
  const s = performance.now();
  insert.run(`raw${i}`, new Date().toISOString());
  times.push(performance.now() - s);
}
const rawRate = 5000 / ((performance.now() - t0) / 1000);
times.sort((a, b) => a - b);
raw.close();

console.log(`posting comments: ${USERS} citizens, ${DURATION} s, one report's thread`);
console.log(`web (form post → validation → rich text → transaction → notifications → outbox): ${http.rps.toFixed(0)} comments/s, mean ${http.mean.toFixed(0)} ms, p99 ${http.p99} ms (${http.ok}/${http.total} accepted)`);
console.log(`baseline (bare better-sqlite3 insert of the same row): ${rawRate.toFixed(0)} inserts/s, p99 ${times[Math.floor(times.length * 0.99)]!.toFixed(3)} ms`);
console.log(`ratio baseline / web: ${(rawRate / http.rps).toFixed(0)}×`);
