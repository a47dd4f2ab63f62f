// The worker process: one BullMQ worker for the "musyawarah" queue (photos, sweeps, tallies, phases), one for
// the delivery queue (outbox batches), one for PDF exports, each dispatching by job name, plus a repeating sweeper that re-enqueues
// work whose job was lost. Several worker processes may run (WORKER_PROCESSES): the repeating jobs are schedulers
// kept in Redis, so each tick is one job, run by one of them. SIGTERM drains: no new jobs, running ones finish (bounded), connections close.
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { env } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { DELIVERY_QUEUE, EXPORT_QUEUE, QUEUE_NAME } from "~/jobs";
import { closeQueue } from "~/services/queue.server";
import { processJob } from "./dispatch";

const config = env();
await prepareDatabase();

// Workers need a connection that retries forever (maxRetriesPerRequest: null), so they resume after a Redis restart.
const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
connection.on("error", (error) => console.warn("[worker] redis:", error.message));

// Jobs that use the CPU for long stretches run in worker threads (BullMQ sandboxed processors, workers/sandboxed.ts):
// a big tally, a dashboard round or a PDF never blocks this thread's event loop, which delivers the outbox and
// renews the locks of every running job. `name` is recorded on each job it processes (job.processedBy).
const sandboxed = fileURLToPath(new URL("./sandboxed-entry.mjs", import.meta.url));
const name = `${os.hostname()}-${process.pid}`;
const workers = [
  // Photos (sharp), tallies, dashboards, sweeps, phases: two at a time on a 2-core machine, in two threads.
  new Worker(QUEUE_NAME, sandboxed, { connection, prefix: config.QUEUE_PREFIX, concurrency: 2, useWorkerThreads: true, name }),
  // Deliveries wait on the network: several batches in flight, each with its own parallel requests, on this thread.
  new Worker(DELIVERY_QUEUE, processJob, { connection, prefix: config.QUEUE_PREFIX, concurrency: 4, name }),
  // PDF exports: one at a time, in a thread of their own, so a long export never delays a tally.
  new Worker(EXPORT_QUEUE, sandboxed, { connection, prefix: config.QUEUE_PREFIX, concurrency: 1, useWorkerThreads: true, name }),
];
for (const worker of workers) {
  worker.on("failed", (job, error) => console.warn(`[worker] ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}):`, error.message));
  worker.on("error", (error) => console.warn("[worker] error:", error.message));
}

const scheduler = new Queue(QUEUE_NAME, { connection, prefix: config.QUEUE_PREFIX });
/** The repeating jobs live in Redis: (re)declared at start and after every reconnect, in case Redis came back empty. */
async function declareSchedules() {
  await scheduler.upsertJobScheduler("sweep-pending", { every: config.SWEEP_EVERY_MS }, { name: "sweep.pending", data: {} });
  // Daily e-mail digests at 07:00 Jakarta time.
  await scheduler.upsertJobScheduler("digest-daily", { pattern: "0 7 * * *", tz: "Asia/Jakarta" }, { name: "digest.daily", data: {} });
  await scheduler.upsertJobScheduler("dashboard-refresh", { every: 5 * 60_000 }, { name: "dashboard.refresh", data: {} });
  // Remote Open311 servers registered by `npm run import:open311`.
  await scheduler.upsertJobScheduler("open311-import", { every: 15 * 60_000 }, { name: "open311.import", data: {} });
}
await declareSchedules();
connection.on("ready", () => void declareSchedules().catch((error) => console.warn("[worker] schedules:", (error as Error).message)));
console.log(`[worker] ready: photo.process, tally.refresh, phase.advance, outbox.deliver, export.pdf, sweep.pending (every ${config.SWEEP_EVERY_MS / 1000} s), digest.daily (07:00 WIB), dashboard.refresh (every 5 min), open311.import (every 15 min)`);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`[worker] ${signal}: draining`);
  // worker.close() stops taking jobs and waits for running ones with no limit of its own: bound it. A job cut
  // off here is not lost: its rows are still pending in the database and the sweeper rings them again.
  const drained = await Promise.race([Promise.all(workers.map((w) => w.close())).then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 15_000))]);
  await scheduler.close().catch(() => {});
  await closeQueue().catch(() => {});
  connection.disconnect();
  await db.$disconnect();
  console.log(`[worker] ${drained ? "drained" : "drain timed out"}; exiting`);
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
