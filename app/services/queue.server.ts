import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env } from "~/config.server";
import { jobId, queueOf, type JobName, type JobPayload } from "~/jobs";

// The web process only enqueues. Its connection does not queue commands while Redis is down
// (enableOfflineQueue: false), so a request fails fast instead of hanging; the database row stays
// the record and the worker's sweeper enqueues it later.
const queues = new Map<string, Queue>();
let connection: Redis | undefined;

function producerQueue(name: JobName): Queue {
  const queueName = queueOf(name);
  let queue = queues.get(queueName);
  if (!queue) {
    if (!connection) {
      connection = new Redis(env().REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
      // Errors are reported per enqueue; without a listener ioredis would print every reconnect attempt.
      connection.on("error", () => {});
    }
    queue = new Queue(queueName, { connection, prefix: env().QUEUE_PREFIX });
    queues.set(queueName, queue);
  }
  return queue;
}

export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: true,
  removeOnFail: 1000,
} as const;

/** Enqueue a job; returns false (and never throws) when Redis is unavailable. */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, rowId: string): Promise<boolean> {
  try {
    await producerQueue(name).add(name, payload, { ...DEFAULT_JOB_OPTIONS, jobId: jobId(name.replace(".", "-"), rowId) });
    return true;
  } catch (error) {
    console.warn(`[queue] could not enqueue ${name} for ${rowId}; the sweeper will retry:`, (error as Error).message);
    return false;
  }
}

/** A job that runs at a later time (phase deadlines). The same id twice is one job. */
export async function enqueueDelayed<N extends JobName>(name: N, payload: JobPayload<N>, rowId: string, delayMs: number): Promise<boolean> {
  try {
    await producerQueue(name).add(name, payload, { ...DEFAULT_JOB_OPTIONS, jobId: jobId(name.replace(".", "-"), rowId), delay: delayMs });
    return true;
  } catch (error) {
    console.warn(`[queue] could not plan ${name} for ${rowId}; the sweeper will plan it:`, (error as Error).message);
    return false;
  }
}

/**
 * Several jobs of one kind in one round trip; returns false (never throws) when Redis is unavailable. Without a
 * rowId a job gets BullMQ's own id (for work that is idempotent on its own, such as outbox batches).
 */
export async function enqueueMany<N extends JobName>(name: N, jobs: { payload: JobPayload<N>; rowId?: string }[]): Promise<boolean> {
  try {
    await producerQueue(name).addBulk(
      jobs.map((j) => ({ name, data: j.payload, opts: { ...DEFAULT_JOB_OPTIONS, ...(j.rowId ? { jobId: jobId(name.replace(".", "-"), j.rowId) } : {}) } })),
    );
    return true;
  } catch (error) {
    console.warn(`[queue] could not enqueue ${jobs.length} ${name} jobs; the sweeper will retry:`, (error as Error).message);
    return false;
  }
}

/** Removes a completed or failed job with this id, so the same id can be enqueued again (never an active one). */
export async function removeFinishedJob(name: JobName, rowId: string): Promise<void> {
  try {
    const job = await producerQueue(name).getJob(jobId(name.replace(".", "-"), rowId));
    if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
  } catch {
    // Redis unavailable: the next sweep tries again.
  }
}

export async function closeQueue(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  connection?.disconnect();
  queues.clear();
  connection = undefined;
}
