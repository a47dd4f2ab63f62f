import { env } from "~/config.server";
import type { Tx } from "~/db.server";
import { db } from "~/db.server";
import { DELIVERY_BATCH } from "~/jobs";
import { enqueueMany } from "./queue.server";

// The outbox: every message to another system (an e-mail, an agency's webhook) is a row written in the same
// transaction as the change that causes it. The queue is only the doorbell: rows are rung after commit, in
// batches, and the sweeper rings again for any row still due (lost job, Redis wiped, worker killed).
// A worker claims rows before delivering them (a lease on the row), so two jobs ringing the same row never
// send it twice at once, and a killed worker's claim simply runs out.

export type OutboxKind = "email.notification" | "email.digest" | "webhook.agency" | "email.agency" | "webhook.host";

export const OUTBOX_MAX_ATTEMPTS = 8;

/**
 * Retry schedule after the n-th failed attempt: 30 s, 1, 2, 4 … minutes (doubling), capped at 6 hours, with
 * ±20 % jitter so many failed deliveries to one endpoint do not all come back at the same second.
 * Eight attempts span about an hour; then the row is dead (the admin can retry it).
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export async function writeOutbox(
  tx: Tx,
  kind: OutboxKind,
  payload: Record<string, unknown>,
  dedupeKey?: string,
): Promise<string | null> {
  if (dedupeKey) {
    const existing = await tx.outboxMessage.findUnique({ where: { dedupeKey }, select: { id: true } });
    if (existing) return null;
  }
  const row = await tx.outboxMessage.create({
    data: { kind, payload: JSON.stringify(payload), dedupeKey },
    select: { id: true },
  });
  return row.id;
}

/** Many rows of one kind in one statement (a comment can notify hundreds of followers). */
export async function writeOutboxMany(tx: Tx, kind: OutboxKind, payloads: Record<string, unknown>[]): Promise<string[]> {
  if (payloads.length === 0) return [];
  const rows = await tx.outboxMessage.createManyAndReturn({
    data: payloads.map((p) => ({ kind, payload: JSON.stringify(p) })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** After commit: ask the worker to deliver these rows now, in one round trip (the sweeper covers a failed ring). */
export async function ringOutbox(ids: readonly (string | null)[]): Promise<boolean> {
  const present = ids.filter((id): id is string => !!id);
  if (present.length === 0) return true;
  const jobs: { payload: { messageIds: string[] } }[] = [];
  for (let i = 0; i < present.length; i += DELIVERY_BATCH) jobs.push({ payload: { messageIds: present.slice(i, i + DELIVERY_BATCH) } });
  return enqueueMany("outbox.deliver", jobs);
}

/** How long a claim on a row lasts: longer than a batch can take (every request has a 10 s timeout). */
export function outboxLeaseMs(): number {
  return env().OUTBOX_LEASE_MS;
}

/**
 * Claims the rows of a batch that are still pending and not claimed by another worker. Returns the claimed rows;
 * rows claimed elsewhere, already sent or dead are left out.
 */
export async function claimOutbox(ids: readonly string[], now = new Date()) {
  return db.outboxMessage.updateManyAndReturn({
    where: { id: { in: [...ids] }, status: "pending", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: new Date(now.getTime() + outboxLeaseMs()) },
  });
}

/**
 * Rows due for (another) attempt that nobody is delivering: never rung, rung while Redis was down, retried
 * after a failure, or claimed by a worker that died. Rows younger than a lease are left to their own ring.
 */
export async function dueOutboxIds(now = new Date(), limit = 5000): Promise<string[]> {
  const rows = await db.outboxMessage.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lte: now },
      createdAt: { lt: new Date(now.getTime() - outboxLeaseMs()) },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    select: { id: true },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
  });
  return rows.map((r) => r.id);
}
