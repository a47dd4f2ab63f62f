import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env } from "~/config.server";
import { db } from "~/db.server";
import { DELIVERY_QUEUE, QUEUE_NAME } from "~/jobs";
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

export interface QueueCounts {
  /** "main" (photos, sweeps, tallies, phases) or "deliver" (outbox batches). */
  name: "main" | "deliver";
  counts: Record<string, number>;
  oldestWaitingSeconds: number | null;
}

export interface QueueHealth {
  reachable: boolean;
  queues: QueueCounts[];
  outbox: Record<string, number>;
}

/** Per queue: job counts per state and the age of the oldest waiting job; the outbox by status. Never throws on Redis. */
export async function queueHealth(now = Date.now()): Promise<QueueHealth> {
  const outboxRows = await db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
  const outbox = Object.fromEntries(outboxRows.map((r) => [r.status, r._count._all]));
  const connection = new Redis(env().REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 1500, commandTimeout: 1000, lazyConnect: true, retryStrategy: () => null });
  connection.on("error", () => {});
  const queues: Queue[] = [];
  try {
    await connection.connect();
    const result: QueueCounts[] = [];
    for (const [name, queueName] of [["main", QUEUE_NAME], ["deliver", DELIVERY_QUEUE]] as const) {
      const queue = new Queue(queueName, { connection, prefix: env().QUEUE_PREFIX });
      queues.push(queue);
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
      const [oldest] = await queue.getJobs(["waiting"], 0, 0, true);
      result.push({ name, counts, oldestWaitingSeconds: oldest ? Math.round((now - oldest.timestamp) / 1000) : null });
    }
    return { reachable: true, queues: result, outbox };
  } catch {
    return { reachable: false, queues: [], outbox };
  } finally {
    await Promise.all(queues.map((q) => q.close().catch(() => {})));
    connection.disconnect();
  }
}
