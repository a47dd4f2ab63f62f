import type { Tx } from "~/db.server";
import { db } from "~/db.server";
import { enqueue, enqueueMany } from "./queue.server";

// The outbox: every message to another system (an e-mail today, an agency webhook later) is a row
// written in the same transaction as the change that causes it. The queue is only the doorbell: rows
// are rung after commit, and the sweeper rings again for any row still due (lost job, Redis wiped).

export type OutboxKind = "email.notification" | "email.digest" | "webhook.agency" | "email.agency";

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
export async function ringOutbox(ids: readonly (string | null)[]): Promise<void> {
  const present = ids.filter((id): id is string => !!id);
  if (present.length === 1) await enqueue("outbox.deliver", { messageId: present[0]! }, present[0]!);
  else if (present.length > 1) await enqueueMany("outbox.deliver", present.map((id) => ({ payload: { messageId: id }, rowId: id })));
}

export async function dueOutboxIds(olderThanMs: number, now = new Date()): Promise<string[]> {
  const rows = await db.outboxMessage.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, createdAt: { lt: new Date(now.getTime() - olderThanMs) } },
    select: { id: true },
    orderBy: { nextAttemptAt: "asc" },
    take: 500,
  });
  return rows.map((r) => r.id);
}
