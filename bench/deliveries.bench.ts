// `npm run bench:deliveries`: 10,000 outbox rows pushed to a local agency endpoint by the real worker process
// (workers/index.ts: batch claims, signed Standard Webhooks requests, one write per batch).
//
// - burst: 10,000 rows written at once and rung; deliveries per second until the last one arrives.
// - steady: 10,000 rows written at 1,000 per second (10 every 10 ms, as a busy city would), latency from the
//   row's commit to its receipt: p50 and p99.
// - baseline, same run: the same 10,000 signed requests sent straight from this process (same HTTP client) to the same receiver
//   with as many in flight as the worker allows (4 batches × 16), no database, no queue.
// Goals (issue 5): ≥ 1,000 deliveries/s, p99 < 1 s.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pMap from "p-map";
import { Webhook } from "standardwebhooks";
import { Agent, request } from "undici";
import { BENCH_DIR, benchTemplate } from "./fixtures";

const N = Number(process.env.BENCH_DELIVERIES ?? 10_000);
const RATE = 1000; // rows per second in the steady phase
const file = path.join(BENCH_DIR, "deliveries.db");
copyFileSync(benchTemplate(), file);
const prefix = `bench${randomBytes(3).toString("hex")}`;
Object.assign(process.env, { DATABASE_URL: `file:${file}`, QUEUE_PREFIX: prefix, NODE_ENV: "production", SESSION_SECRET: "bench-session-secret-123456" });

// The local agency endpoint: records when each webhook-id first arrives; verifies every 50th signature.
const secret = `whsec_${randomBytes(24).toString("base64")}`;
const verifier = new Webhook(secret);
const firstSeen = new Map<string, number>();
let verified = 0;
let requests = 0;
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const id = String(req.headers["webhook-id"]);
    if (!firstSeen.has(id)) firstSeen.set(id, performance.timeOrigin + performance.now());
    if (requests++ % 50 === 0) {
      verifier.verify(Buffer.concat(chunks).toString(), req.headers as Record<string, string>);
      verified++;
    }
    res.writeHead(204).end();
  });
});
receiver.keepAliveTimeout = 60_000;
await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

// One case at one agency, as after a mufakat.
const raw = new Database(file);
const kel = raw.prepare("SELECT r.code, r.parentCode, k.parentCode AS kota FROM Region r JOIN Region k ON k.code = r.parentCode WHERE r.level = 'kelurahan' LIMIT 1").get() as { code: string; parentCode: string; kota: string };
const agency = raw.prepare("SELECT id FROM Agency WHERE name = 'Dinas Bina Marga'").get() as { id: string };
const now = new Date().toISOString();
raw.prepare("UPDATE Agency SET webhookUrl = ?, webhookSecret = ? WHERE id = ?").run(hookUrl, secret, agency.id);
raw.prepare(`INSERT INTO Report (id, number, categorySlug, title, description, searchText, lat, lng, kelurahanCode, kecamatanCode, kotaCode, status, source, createdAt, updatedAt)
  VALUES ('rb1', 1, (SELECT slug FROM Category LIMIT 1), 'Jalan berlubang', 'Lubang besar di depan sekolah', 'jalan', -6.2, 106.8, ?, ?, ?, 'diproses', 'musyawarah', ?, ?)`).run(kel.code, kel.parentCode, kel.kota, now, now);
raw.prepare("INSERT INTO Deliberation (id, reportId, state, agencyId, summary, sentAt, dueAt, createdAt, updatedAt) VALUES ('db1', 'rb1', 'menunggu_jawaban', ?, 'Warga sepakat menambal.', ?, ?, ?, ?)")
  .run(agency.id, now, new Date(Date.now() + 14 * 86_400_000).toISOString(), now, now);
raw.close();

const { db, prepareDatabase } = await import("~/db.server");
const { ringOutbox } = await import("~/services/outbox.server");
const { agencyPayload } = await import("~/services/agency-push.server");
const { closeQueue } = await import("~/services/queue.server");
await prepareDatabase();
const payload = JSON.stringify({ deliberationId: "db1", agencyId: agency.id });

/** Writes rows in one transaction, returns their ids with the commit time. */
async function writeRows(n: number): Promise<{ ids: string[]; at: number }> {
  const rows = await db.outboxMessage.createManyAndReturn({ data: Array.from({ length: n }, () => ({ kind: "webhook.agency", payload })), select: { id: true } });
  return { ids: rows.map((r) => r.id), at: performance.timeOrigin + performance.now() };
}

async function waitUntil(done: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out: ${firstSeen.size} received`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`worker exited ${code}`)));
  });
}

const percentile = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

// Baseline: the same signed request with the same HTTP client (undici), straight from here, 64 in flight.
const body = JSON.stringify(await agencyPayload("db1"));
const signer = new Webhook(secret);
const agent = new Agent({ keepAliveTimeout: 30_000 });
const baseStart = performance.now();
await pMap(
  Array.from({ length: N }, (_, i) => `base_${i}`),
  async (id) => {
    const at = new Date();
    const res = await request(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signer.sign(id, at, body) },
      body,
      dispatcher: agent,
    });
    await res.body.dump();
  },
  { concurrency: 64 },
);
const baselineRate = N / ((performance.now() - baseStart) / 1000);

const worker = await startWorker();
try {
  // Warm-up: a few hundred deliveries so the worker's code paths are compiled.
  const warm = await writeRows(300);
  await ringOutbox(warm.ids);
  await waitUntil(() => warm.ids.every((id) => firstSeen.has(id)), 60_000);

  // Burst.
  const burst = await writeRows(N);
  await ringOutbox(burst.ids);
  await waitUntil(() => burst.ids.every((id) => firstSeen.has(id)), 120_000);
  const burstSeconds = (Math.max(...burst.ids.map((id) => firstSeen.get(id)!)) - burst.at) / 1000;
  const burstRate = N / burstSeconds;
  const burstLatency = burst.ids.map((id) => firstSeen.get(id)! - burst.at);

  // Steady: RATE rows per second in ticks of 10 ms.
  const perTick = RATE / 100;
  const committed = new Map<string, number>();
  const steadyStart = performance.now();
  for (let tick = 0; committed.size < N; tick++) {
    const { ids, at } = await writeRows(perTick);
    for (const id of ids) committed.set(id, at);
    await ringOutbox(ids);
    const wait = steadyStart + (tick + 1) * 10 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const offered = N / ((performance.now() - steadyStart) / 1000);
  await waitUntil(() => [...committed.keys()].every((id) => firstSeen.has(id)), 120_000);
  const latency = [...committed].map(([id, at]) => firstSeen.get(id)! - at);
  const steadyRate = N / ((Math.max(...[...committed.keys()].map((id) => firstSeen.get(id)!)) - (performance.timeOrigin + steadyStart)) / 1000);

  const sent = await db.outboxMessage.count({ where: { status: "sent" } });
  console.log(`deliveries of ${N.toLocaleString("en")} signed webhooks to a local receiver by the worker process (2 cores)`);
  console.log(`baseline, bare signed POSTs from one process, 64 in flight: ${baselineRate.toFixed(0)} req/s`);
  console.log(`burst (${N.toLocaleString("en")} rows at once):  ${burstRate.toFixed(0)} deliveries/s, all delivered after ${burstSeconds.toFixed(1)} s (p50 wait ${(percentile(burstLatency, 50) / 1000).toFixed(2)} s)`);
  console.log(`steady (offered ${offered.toFixed(0)} rows/s): ${steadyRate.toFixed(0)} deliveries/s, outbox row → receipt p50 ${percentile(latency, 50).toFixed(0)} ms, p99 ${percentile(latency, 99).toFixed(0)} ms, max ${Math.max(...latency).toFixed(0)} ms`);
  console.log(`ratio baseline / burst: ${(baselineRate / burstRate).toFixed(2)}× (the cost of the outbox: claim, payload, signature, record)`);
  console.log(`rows marked sent: ${sent.toLocaleString("en")} of ${(N * 2 + 300).toLocaleString("en")}; signatures verified by the receiver: ${verified} sampled, all valid`);
  console.log(`goals: ≥ 1,000 deliveries/s ${burstRate >= 1000 ? "met" : "NOT met"}; p99 < 1 s ${percentile(latency, 99) < 1000 ? "met" : "NOT met"}`);
} finally {
  worker.kill("SIGTERM");
  await new Promise((r) => worker.once("exit", r));
  await closeQueue();
  await agent.close();
  await db.$disconnect();
  receiver.closeAllConnections();
  receiver.close();
}
