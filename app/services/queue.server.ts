import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "~/config.server";
import { jobId, queueOf, type JobName, type JobPayload } from "~/jobs";
import { failFastConnection, noteRedisFailure, readyWithin } from "./redis.server";

// Enqueuing is a doorbell rung after the database commit: the row is the record, and the worker's sweeper rings
// again for any row still due. So an enqueue never makes a request wait for Redis. Its connection fails fast
// (redis.server.ts: no offline queue, a command timeout), and its queues neither wait for the connection nor ask
// Redis for its version before their first command (BullMQ's skipWaitingForReady and skipVersionCheck): a queue
// made while Redis is down would otherwise wait, and every request with it, until Redis came back. A failed
// enqueue is logged as a warning and reported as `false`, never thrown.
const queues = new Map<string, Queue>();
let connection: Redis | undefined;

function producerConnection(): Redis {
  connection ??= failFastConnection();
  return connection;
}

function producerQueue(name: JobName): Queue {
  const queueName = queueOf(name);
  let queue = queues.get(queueName);
  if (!queue) {
    queue = new Queue(queueName, { connection: producerConnection(), prefix: env().QUEUE_PREFIX, skipWaitingForReady: true, skipVersionCheck: true });
    // Errors are reported per enqueue; without a listener BullMQ prints every reconnect attempt.
    queue.on("error", () => {});
    queues.set(queueName, queue);
  }
  return queue;
}

/** Runs `add` on the job's queue if Redis is reachable now; false (with a warning) if not. */
async function ring(name: JobName, what: string, add: (queue: Queue) => Promise<unknown>): Promise<boolean> {
  try {
    const queue = producerQueue(name);
    if (!(await readyWithin(producerConnection()))) throw new Error("Redis is not reachable");
    await add(queue);
    return true;
  } catch (error) {
    noteRedisFailure(error);
    console.warn(`[queue] could not ${what}; the sweeper will do it:`, (error as Error).message);
    return false;
  }
}

export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: true,
  removeOnFail: 1000,
} as const;

/** Enqueue a job; returns false (and never throws) when Redis is unavailable. */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, rowId: string): Promise<boolean> {
  return ring(name, `enqueue ${name} for ${rowId}`, (queue) =>
    queue.add(name, payload, { ...DEFAULT_JOB_OPTIONS, jobId: jobId(name.replace(".", "-"), rowId) }),
  );
}

/** A job that runs at a later time (phase deadlines). The same id twice is one job. */
export async function enqueueDelayed<N extends JobName>(name: N, payload: JobPayload<N>, rowId: string, delayMs: number): Promise<boolean> {
  return ring(name, `plan ${name} for ${rowId}`, (queue) =>
    queue.add(name, payload, { ...DEFAULT_JOB_OPTIONS, jobId: jobId(name.replace(".", "-"), rowId), delay: delayMs }),
  );
}

/**
 * Several jobs of one kind in one round trip; returns false (never throws) when Redis is unavailable. Without a
 * rowId a job gets BullMQ's own id (for work that is idempotent on its own, such as outbox batches).
 */
export async function enqueueMany<N extends JobName>(name: N, jobs: { payload: JobPayload<N>; rowId?: string }[]): Promise<boolean> {
  return ring(name, `enqueue ${jobs.length} ${name} jobs`, (queue) =>
    queue.addBulk(
      jobs.map((j) => ({ name, data: j.payload, opts: { ...DEFAULT_JOB_OPTIONS, ...(j.rowId ? { jobId: jobId(name.replace(".", "-"), j.rowId) } : {}) } })),
    ),
  );
}

/** Removes a completed or failed job with this id, so the same id can be enqueued again (never an active one). */
export async function removeFinishedJob(name: JobName, rowId: string): Promise<void> {
  try {
    if (!(await readyWithin(producerConnection()))) return;
    const job = await producerQueue(name).getJob(jobId(name.replace(".", "-"), rowId));
    if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
  } catch (error) {
    noteRedisFailure(error);
    // Redis unavailable: the next sweep tries again.
  }
}

export async function closeQueue(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  connection?.disconnect();
  queues.clear();
  connection = undefined;
}
