// `npm run bench:scale`: the three loads of bench:load (the report page of an open vote, 50 citizens commenting at
// once, 200 citizens voting over 50 connections) on SQLite and on PostgreSQL, each with 1 and 2 web processes (Node's
// cluster, scripts/web-cluster.ts) and one worker process, in one run, as one table. Each configuration has its own
// baseline measured in the same run (a static asset through the same stack), and the ballot load is repeated on
// PostgreSQL × 2 with 2,000 idle live-update (SSE) connections held across the two web processes, with their memory.
// The machine's PostgreSQL (PG_URL) holds a scratch database, dropped at the end. BENCH_SECONDS (default 10) per load.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { createCookie } from "@remix-run/node";
import autocannon from "autocannon";
import pMap from "p-map";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresClient } from "~/generated/prisma-postgresql/client";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CITIZENS = 200;
const COMMENTERS = 50;
const SSE_CONNECTIONS = Number(process.env.BENCH_SSE ?? 2000);
const PORT = Number(process.env.BENCH_PORT ?? 3941);
const SECRET = "bench-session-secret-123456";
const DIR = path.resolve(process.env.BENCH_DIR ?? "data/bench-scale");
const PG_URL = process.env.PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PG_DB = `msy_bench_scale_${process.pid}`;
const base = `http://127.0.0.1:${PORT}`;
const loadBefore = os.loadavg()[0]!;
// Production processes need a mail server named; the citizens here have no e-mail to receive (nothing listens).
process.env.SMTP_URL ??= "smtp://127.0.0.1:2525";

type Engine = "sqlite" | "postgresql";
const urlFor = (engine: Engine) => (engine === "sqlite" ? `file:${path.join(DIR, "scale.db")}` : Object.assign(new URL(PG_URL), { pathname: `/${PG_DB}` }).toString());

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(sql);
  await c.end();
}

/** A migrated database with the reference data, then 200 citizens with sessions. */
async function prepare(engine: Engine): Promise<{ sessions: string[]; client: PrismaClient }> {
  const url = urlFor(engine);
  const env = { ...process.env, DATABASE_URL: url };
  for (const [cmd, args] of [["node", ["scripts/prisma.mjs", "migrate", "deploy"]], ["npx", ["--no-install", "tsx", "prisma/seed.ts", "--reference-only"]]] as const) {
    const r = spawnSync(cmd, args, { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  }
  const client = (engine === "sqlite"
    ? new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) })
    : (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient));
  const kelurahan = await client.region.findFirstOrThrow({ where: { level: "kelurahan" }, select: { code: true } });
  const sessions = Array.from({ length: CITIZENS }, () => randomBytes(32).toString("base64url"));
  await client.user.createMany({ data: sessions.map((_, i) => ({ id: `su${i}`, email: `su${i}@bench.id`, passwordHash: "x", name: `Warga Beban ${i}`, role: "warga", homeKelurahanCode: kelurahan.code })) });
  await client.session.createMany({ data: sessions.map((id, i) => ({ id, userId: `su${i}`, expiresAt: new Date(Date.now() + 86_400_000) })) });
  return { sessions, client };
}

/** A report whose vote is open (three proposals, approval ballots), one per configuration so ballots start fresh. */
async function openVote(client: PrismaClient, key: string, number: number): Promise<{ reportId: string; proposals: string[] }> {
  const k = await client.region.findFirstOrThrow({ where: { level: "kelurahan" }, select: { code: true, parent: { select: { code: true, parentCode: true } } } });
  const reportId = `sr-${key}`;
  await client.report.create({
    data: { id: reportId, number, categorySlug: "jalan-rusak", title: `Jalan berlubang ${key}`, description: "Lubang sedalam 20 cm di depan sekolah.", searchText: "jalan berlubang", lat: -6.244, lng: 106.8, kelurahanCode: k.code, kecamatanCode: k.parent!.code, kotaCode: k.parent!.parentCode!, reporterId: "su0" },
  });
  const proposals = [1, 2, 3].map((i) => `sp-${key}-${i}`);
  await client.proposal.createMany({ data: proposals.map((id, i) => ({ id, reportId, authorId: "su0", title: `Usulan beban ${i + 1}`, body: "{}", html: "", text: `Uraian usulan ${i + 1}` })) });
  await client.deliberation.create({ data: { reportId, state: "pemungutan_suara", ballotType: "approval", quorum: 5, minSupportPercent: 50, eligibility: "semua", votingOpensAt: new Date(Date.now() - 3600_000), votingClosesAt: new Date(Date.now() + 86_400_000) } });
  return { reportId, proposals };
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (pattern.test(out)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function startStack(engine: Engine, webProcesses: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(PORT), DATABASE_URL: urlFor(engine), SESSION_SECRET: SECRET, SECURE_COOKIES: "false", QUEUE_PREFIX: `bench-scale-${randomBytes(3).toString("hex")}`, WEB_CONCURRENCY: String(webProcesses), UPLOAD_DIR: path.join(DIR, "uploads") };
  const web = spawn(process.execPath, ["--import", "tsx", webProcesses > 1 ? "scripts/web-cluster.ts" : "server.ts"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env, stdio: ["ignore", "pipe", "inherit"] });
  await Promise.all([waitFor(web, new RegExp(Array(webProcesses).fill("listening").join("[\\s\\S]*"))), waitFor(worker, /ready/)]);
  const stop = async () => {
    for (const c of [web, worker]) c.kill("SIGTERM");
    await Promise.all([web, worker].map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  };
  return { web, stop };
}

/** Resident memory (MiB) of the web processes: the process itself, or a cluster primary's children. */
function webMemory(primary: number, webProcesses: number): number[] {
  const pids = webProcesses > 1 ? spawnSync("pgrep", ["-P", String(primary)], { encoding: "utf8" }).stdout.trim().split("\n").map(Number) : [primary];
  return pids.map((pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024);
}

async function signIn(sid: string, page: string) {
  const cookie = await createCookie("msy_session", { secrets: [SECRET], path: "/", httpOnly: true, sameSite: "lax" }).serialize(sid);
  const session = cookie.split(";")[0]!;
  const res = await fetch(`${base}${page}`, { headers: { cookie: session } });
  const token = /name="csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  const csrfCookie = res.headers.getSetCookie().find((c) => c.startsWith("msy_csrf="))?.split(";")[0];
  if (!token || !csrfCookie) throw new Error("no CSRF token on the page");
  return { cookie: `${session}; ${csrfCookie}`, token };
}

type Result = { rps: number; p50: number; p99: number; errors: number };
async function load(connections: number, opts: Partial<autocannon.Options>, okStatus: number): Promise<Result> {
  const r = await autocannon({ url: `${base}/`, connections, duration: DURATION, ...opts });
  const ok = (r.statusCodeStats as Record<string, { count: number }>)[String(okStatus)]?.count ?? 0;
  return { rps: ok / DURATION, p50: r.latency.p50, p99: r.latency.p99, errors: r.requests.total - ok + r.errors };
}

/** Opens `n` idle live-update streams; resolves once every one answered with its headers. */
async function holdStreams(n: number, page: string): Promise<{ close(): void; open(): number }> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const requests: http.ClientRequest[] = [];
  let open = 0;
  await Promise.all(Array.from({ length: n }, () => new Promise<void>((resolve, reject) => {
    const req = http.get(`${base}${page}/langsung`, { agent, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      open++;
      res.on("data", () => {});
      res.on("close", () => open--);
      resolve();
    });
    req.on("error", reject);
    requests.push(req);
  })));
  return { close: () => requests.forEach((r) => r.destroy()), open: () => open };
}

interface Row { engine: Engine; web: number; load: string; result: Result; baseline: number }
const rows: Row[] = [];
const extras: string[] = [];
let number = 1000;

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
await admin(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
try {
  for (const engine of ["sqlite", "postgresql"] as const) {
    const { sessions, client } = await prepare(engine);
    for (const webProcesses of [1, 2]) {
      const key = `${engine}-${webProcesses}`;
      const vote = await openVote(client, key, number++);
      const page = `/laporan/${vote.reportId}`;
      const stack = await startStack(engine, webProcesses);
      try {
        const asset = readdirSync("public/build").find((f) => f.startsWith("entry.client"))!;
        await autocannon({ url: `${base}${page}`, connections: 4, duration: 2 }); // warm up every process
        const baseline = (await load(10, { url: `${base}/build/${asset}` }, 200)).rps;
        const users = await pMap(sessions, (s) => signIn(s, page), { concurrency: 10 });
        let n = 0;
        const post = (citizens: number, fields: (i: number) => Record<string, string>) => ({
          url: `${base}${page}`,
          requests: [{
            method: "POST" as const,
            setupRequest: (req: autocannon.Request) => {
              const i = n++;
              const u = users[i % citizens]!;
              return { ...req, headers: { ...req.headers, cookie: u.cookie, origin: base, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrf: u.token, ...fields(i) }).toString() };
            },
          }],
        });
        const stances = ["support", "oppose", "pass"];
        const ballots = () => post(CITIZENS, (i) => ({ intent: "case.vote", [`stance-${vote.proposals[0]}`]: stances[i % 3]!, [`stance-${vote.proposals[1]}`]: stances[(i + 1) % 3]!, [`stance-${vote.proposals[2]}`]: "support" }));
        rows.push({ engine, web: webProcesses, load: "report page (10 conn.)", result: await load(10, { url: `${base}${page}` }, 200), baseline });
        rows.push({ engine, web: webProcesses, load: `comments (${COMMENTERS} citizens)`, result: await load(COMMENTERS, post(COMMENTERS, (i) => ({ intent: "comment.post", back: page, text: `Komentar beban ${i}: saluran tersumbat sejak minggu lalu.` })), 302), baseline });
        rows.push({ engine, web: webProcesses, load: `ballots (${CITIZENS} citizens, 50 conn.)`, result: await load(50, ballots(), 302), baseline });
        if (engine === "postgresql" && webProcesses === 2 && SSE_CONNECTIONS > 0) {
          const before = webMemory(stack.web.pid!, webProcesses);
          const streams = await holdStreams(SSE_CONNECTIONS, page);
          const held = webMemory(stack.web.pid!, webProcesses);
          const result = await load(50, ballots(), 302);
          const after = webMemory(stack.web.pid!, webProcesses);
          rows.push({ engine, web: webProcesses, load: `ballots with ${SSE_CONNECTIONS} idle SSE streams`, result, baseline });
          extras.push(`${SSE_CONNECTIONS} idle SSE streams across ${webProcesses} web processes: ${streams.open()} still open after the ballot load; web processes' memory ${before.map((m) => m.toFixed(0)).join(" + ")} MiB before, ${held.map((m) => m.toFixed(0)).join(" + ")} MiB holding them, ${after.map((m) => m.toFixed(0)).join(" + ")} MiB after the load (≈ ${(((held.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)) * 1024) / SSE_CONNECTIONS).toFixed(0)} KiB per stream)`);
          streams.close();
        }
      } finally {
        await stack.stop();
      }
    }
    await client.$disconnect();
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`).catch(() => {});
  rmSync(DIR, { recursive: true, force: true });
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at start ${loadBefore.toFixed(1)}; loopback, ${DURATION} s per load, one worker process running`);
console.log("| engine | web processes | load | per s | p50 ms | p99 ms | errors | baseline (static asset) per s | baseline / this |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.engine} | ${r.web} | ${r.load} | ${r.result.rps.toFixed(0)} | ${r.result.p50} | ${r.result.p99} | ${r.result.errors} | ${r.baseline.toFixed(0)} | ${(r.baseline / r.result.rps).toFixed(1)}× |`);
const ballotsOf = (engine: Engine, web: number) => rows.find((r) => r.engine === engine && r.web === web && r.load.startsWith("ballots ("))?.result.rps ?? 0;
for (const engine of ["sqlite", "postgresql"] as const) console.log(`${engine}: 2 web processes give ${(ballotsOf(engine, 2) / ballotsOf(engine, 1)).toFixed(2)}× the ballots/s of one`);
for (const line of extras) console.log(line);
