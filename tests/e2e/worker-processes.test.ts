import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { QUEUE_NAME } from "~/jobs";
import { ringOutbox } from "~/services/outbox.server";
import { fileReport } from "~/services/reports.server";
import { startWorker, type RunningWorker } from "../helpers/app";
import { until } from "../helpers/cluster";
import { polisShaped, POLIS_SCALE } from "../../bench/polis-shaped";
import { createUser, validReport } from "../helpers/fixtures";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

// Real worker processes (workers/index.ts) on this file's database and queues, delivering to a real local HTTP
// receiver: a Pol.is-scale tally in one worker does not hold up its deliveries (it runs in a worker thread); with two worker
// processes every tick of a repeating job runs once; and kill -9 of one of two workers during 5,000 deliveries loses
// none and sends none twice beyond the ones it had in flight.
const secret = `whsec_${randomBytes(24).toString("base64")}`;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let first: RunningWorker;
let second: RunningWorker | undefined;
let deliberationId: string;
let agencyId: string;
const queue = (name: string) => new Queue(name, { connection: { url: env().REDIS_URL }, prefix: env().QUEUE_PREFIX });
const WORKER_ENV = { NODE_ENV: "production", SWEEP_EVERY_MS: "1000", OUTBOX_LEASE_MS: "5000" };

/** n outbox rows for the agency's webhook, written at once: their ids, and a filter for them (too many for an IN). */
async function agencyRows(n: number) {
  const payload = JSON.stringify({ deliberationId, agencyId });
  const since = new Date(Date.now() - 1);
  const rows = await db.outboxMessage.createManyAndReturn({ data: Array.from({ length: n }, () => ({ kind: "webhook.agency", payload })), select: { id: true } });
  const ids = rows.map((r) => r.id);
  const where = { kind: "webhook.agency", createdAt: { gte: since } };
  expect(await db.outboxMessage.count({ where })).toBe(n);
  return { ids, where };
}

beforeAll(async () => {
  await prepareDatabase();
  receiver = await startWebhookReceiver({ secret: () => secret, status: () => 204 });
  agencyId = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  await db.agency.update({ where: { id: agencyId }, data: { webhookUrl: `${receiver.url}/hook`, webhookSecret: secret } });
  const reportId = (await fileReport((await createUser()).id, validReport, [])).id;
  deliberationId = (await db.deliberation.create({
    data: { reportId, state: "menunggu_jawaban", agencyId, summary: "Warga sepakat menambal.", sentAt: new Date(), dueAt: new Date(Date.now() + 14 * 86_400_000) },
    select: { id: true },
  })).id;
  first = await startWorker(WORKER_ENV);
}, 120_000);

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  receiver?.close();
});

describe("worker processes", () => {
  it("keeps delivering (p99 < 1 s) while a Pol.is-scale tally runs in the same worker process", async () => {
    // An open vote shaped like a city-wide Pol.is conversation: 5,000 participants × 2,000 statements, ~500,000 votes.
    const shaped = polisShaped(POLIS_SCALE);
    const author = await createUser();
    const reportId = (await fileReport(author.id, validReport, [])).id;
    const proposals = await db.proposal.createManyAndReturn({
      data: Array.from({ length: POLIS_SCALE.statements }, (_, i) => ({ reportId, authorId: author.id, title: `Pernyataan ${i}`, body: "{}", html: "<p>p</p>", text: "p", externalId: String(i) })),
      select: { id: true, externalId: true },
    });
    const idOf = new Map(proposals.map((p) => [p.externalId!, p.id]));
    // tallyAt ahead: the sweeper does not take these ballots for a tally whose refresh was lost.
    const vote = await db.deliberation.create({
      data: { reportId, state: "pemungutan_suara", votingOpensAt: new Date(Date.now() - 3600_000), votingClosesAt: new Date(Date.now() + 86_400_000), quorum: 1, minSupportPercent: 0, tallyAt: new Date(Date.now() + 3600_000) },
      select: { id: true },
    });
    const stance = (v: number) => (v === 1 ? "support" : v === -1 ? "oppose" : "pass");
    const rows = shaped.ballots.map((ballot, voter) => ({
      deliberationId: vote.id, externalVoter: String(voter), receipt: randomBytes(12).toString("hex"),
      choices: JSON.stringify(Object.fromEntries(ballot.map(([comment, v]) => [idOf.get(String(comment))!, stance(v)]))),
    }));
    for (let i = 0; i < rows.length; i += 500) await db.ballot.createMany({ data: rows.slice(i, i + 500) });

    // A steady stream of deliveries, 20 a second, each timed from its outbox row to its arrival at the receiver.
    const written = new Map<string, number>();
    const payload = JSON.stringify({ deliberationId, agencyId });
    const stream = setInterval(() => {
      const at = Date.now();
      void db.outboxMessage.create({ data: { kind: "webhook.agency", payload }, select: { id: true } }).then(async ({ id }) => {
        written.set(id, at);
        await ringOutbox([id]);
      });
    }, 50);
    await new Promise((r) => setTimeout(r, 1000));
    // The app's own job, kept once completed so its start and end can be read.
    const main = queue(QUEUE_NAME);
    const added = await main.add("tally.refresh", { deliberationId: vote.id }, { jobId: `big-tally-${vote.id}` });
    let job = added;
    await until(async () => !!(job = (await main.getJob(added.id!))!).finishedOn, 120_000, "the big tally");
    clearInterval(stream);
    await main.close();
    expect(job.failedReason ?? "").toBe("");
    const tally = JSON.parse((await db.deliberation.findUniqueOrThrow({ where: { id: vote.id }, select: { tally: true } })).tally!) as { voters: number; groups: unknown[] };
    expect(tally.voters).toBe(POLIS_SCALE.participants);
    expect(tally.groups).toHaveLength(3);
    await until(() => [...written.keys()].every((id) => receiver.received.some((d) => d.id === id)), 30_000, "the streamed deliveries");
    // Deliveries written while the tally ran (processedOn … finishedOn): how long each took to arrive.
    const arrived = new Map(receiver.received.map((d) => [d.id, d.at]));
    const latencies = [...written].filter(([, at]) => at >= job.processedOn! && at <= job.finishedOn!).map(([id, at]) => arrived.get(id)! - at).sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!;
    const tallyMs = job.finishedOn! - job.processedOn!;
    console.info(`[workers] a Pol.is-scale tally (${POLIS_SCALE.participants} × ${POLIS_SCALE.statements}, ${shaped.votes} votes) took ${tallyMs} ms in a worker thread; ${latencies.length} deliveries written meanwhile arrived in p50 ${latencies[Math.floor(latencies.length / 2)]} ms, p99 ${p99} ms`);
    // Long enough to matter (on the main thread every delivery written during it would wait for its end)…
    expect(tallyMs).toBeGreaterThan(700);
    expect(latencies.length).toBeGreaterThan(10);
    // …and the deliveries did not wait for it.
    expect(p99).toBeLessThan(1000);
  }, 240_000);

  it("runs each tick of a repeating job once, whatever the number of worker processes", async () => {
    second = await startWorker(WORKER_ENV);
    const since = Date.now();
    // Six ticks of the sweeper (every second) with both workers up.
    await new Promise((r) => setTimeout(r, 6500));
    const main = queue(QUEUE_NAME);
    const schedulers = await main.getJobSchedulers();
    const sweeps = (await main.getJobs(["completed", "failed", "active", "delayed", "waiting"])).filter((j) => j.name === "sweep.pending" && j.timestamp >= since);
    await main.close();
    // Two processes declared the same four schedulers: still four.
    expect(schedulers.map((s) => s.key).sort()).toEqual(["dashboard-refresh", "digest-daily", "open311-import", "sweep-pending"]);
    const ran = sweeps.filter((j) => j.finishedOn);
    const ticks = sweeps.map((j) => j.id!);
    // One job per tick (ids are per tick), each run by one worker, once; ticks at least a second apart.
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ran.every((j) => j.attemptsMade <= 1 && !!j.processedBy)).toBe(true);
    const times = sweeps.map((j) => j.timestamp + (j.opts.delay ?? 0)).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900);
    // Never more runs than ticks (two workers each running a tick would double it); at least some ran (a sweep can
    // take longer than a second on a loaded machine, and the next tick then waits).
    expect(ran.length).toBeGreaterThanOrEqual(2);
    expect(sweeps.length).toBeLessThanOrEqual(Math.ceil((Date.now() - since) / 1000) + 1);
    console.info(`[workers] 2 worker processes, ${((Date.now() - since) / 1000).toFixed(1)} s: ${ran.length} sweeps ran, one per tick, by ${new Set(ran.map((j) => j.processedBy)).size} different worker(s)`);
  }, 120_000);

  it("delivers all of 5,000 webhooks when one of two workers is killed with -9 midway, none twice beyond those it had in flight", async () => {
    expect(second).toBeDefined();
    const before = receiver.received.length;
    const { ids, where } = await agencyRows(5000);
    const mine = new Set(ids);
    const t0 = Date.now();
    await ringOutbox(ids);
    await until(() => receiver.received.length - before >= 1500, 60_000, "1,500 deliveries");
    // kill -9 the first worker; what it had claimed (leased, not recorded) at that moment is the most that may go twice.
    first.child.kill("SIGKILL");
    const killedAt = new Date();
    const inFlight = await db.outboxMessage.count({ where: { ...where, status: "pending", leaseUntil: { gt: killedAt } } });
    const deliveredAtKill = receiver.received.length - before;
    await until(async () => (await db.outboxMessage.count({ where: { ...where, status: "sent" } })) === ids.length, 90_000, "all 5,000 sent");
    const seconds = (Date.now() - t0) / 1000;
    const arrived = receiver.received.slice(before).filter((d) => mine.has(d.id));
    const distinct = new Set(arrived.map((d) => d.id));
    const twice = arrived.length - distinct.size;
    console.info(`[workers] 5,000 deliveries with 2 workers, one killed -9 after ${deliveredAtKill}: all delivered in ${seconds.toFixed(1)} s, ${twice} sent twice (≤ ${inFlight} in flight at the kill)`);
    expect(distinct.size).toBe(5000);
    expect(arrived.every((d) => d.verified)).toBe(true);
    expect(twice).toBeLessThanOrEqual(inFlight);
    expect(await db.outboxMessage.count({ where: { ...where, NOT: { status: "sent" } } })).toBe(0);
    // The survivor is still there and took over the delivery queue.
    expect(second!.child.exitCode).toBeNull();
  }, 180_000);
});
