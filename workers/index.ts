// The worker process: one BullMQ worker for the "musyawarah" queue, dispatching by job name to one
// processor per job kind, plus a repeating sweeper that re-enqueues work whose job was lost.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { env } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { QUEUE_NAME } from "~/jobs";
import { processJob } from "./dispatch";

const config = env();
await prepareDatabase();

// Workers need a connection that retries forever (maxRetriesPerRequest: null), so they resume after a Redis restart.
const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
connection.on("error", (error) => console.warn("[worker] redis:", error.message));

const worker = new Worker(QUEUE_NAME, processJob, {
  connection,
  prefix: config.QUEUE_PREFIX,
  concurrency: 2,
});
worker.on("failed", (job, error) => console.warn(`[worker] ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}):`, error.message));
worker.on("error", (error) => console.warn("[worker] error:", error.message));

const scheduler = new Queue(QUEUE_NAME, { connection, prefix: config.QUEUE_PREFIX });
await scheduler.upsertJobScheduler("sweep-pending", { every: 60_000 }, { name: "sweep.pending", data: {} });
// Daily e-mail digests at 07:00 Jakarta time.
await scheduler.upsertJobScheduler("digest-daily", { pattern: "0 7 * * *", tz: "Asia/Jakarta" }, { name: "digest.daily", data: {} });
console.log("[worker] ready: photo.process, outbox.deliver, sweep.pending (every 60 s), digest.daily (07:00 WIB)");

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  // worker.close() waits for running jobs with no limit of its own: bound it.
  await Promise.race([worker.close(), new Promise((r) => setTimeout(r, 10_000))]);
  await scheduler.close().catch(() => {});
  connection.disconnect();
  await db.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
