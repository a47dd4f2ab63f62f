import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env } from "~/config.server";
import { db } from "~/db.server";
import { QUEUE_NAME } from "~/jobs";
import { ServiceError } from "./errors";
import { ringOutbox } from "./outbox.server";

// For the admin: messages that gave up (dead letters) with a retry, and the health of the job queue.

export async function deadLetters() {
  const rows = await db.outboxMessage.findMany({
    where: { status: "dead" },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, kind: true, attempts: true, lastError: true, createdAt: true, nextAttemptAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), nextAttemptAt: r.nextAttemptAt.toISOString() }));
}

/** Puts a dead message back in line: fresh attempts, due now, rung at once (the sweeper covers a failed ring). */
export async function retryDeadLetter(id: string) {
  const updated = await db.outboxMessage.updateMany({ where: { id, status: "dead" }, data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), lastError: null } });
  if (updated.count === 0) throw new ServiceError(404, "errors.not_found");
  await ringOutbox([id]);
}

export interface QueueHealth {
  reachable: boolean;
  counts: Record<string, number>;
  oldestWaitingSeconds: number | null;
  outbox: Record<string, number>;
}

/** Job counts per state, the age of the oldest waiting job, and the outbox by status. Never throws on Redis. */
export async function queueHealth(now = Date.now()): Promise<QueueHealth> {
  const outboxRows = await db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
  const outbox = Object.fromEntries(outboxRows.map((r) => [r.status, r._count._all]));
  const connection = new Redis(env().REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 1500, lazyConnect: true, retryStrategy: () => null });
  connection.on("error", () => {});
  let queue: Queue | undefined;
  try {
    await connection.connect();
    queue = new Queue(QUEUE_NAME, { connection, prefix: env().QUEUE_PREFIX });
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
    const [oldest] = await queue.getJobs(["waiting"], 0, 0, true);
    return { reachable: true, counts, oldestWaitingSeconds: oldest ? Math.round((now - oldest.timestamp) / 1000) : null, outbox };
  } catch {
    return { reachable: false, counts: {}, oldestWaitingSeconds: null, outbox };
  } finally {
    await queue?.close().catch(() => {});
    connection.disconnect();
  }
}
