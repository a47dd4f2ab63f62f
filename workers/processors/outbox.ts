import type { Job } from "bullmq";
import { deliverOutboxBatch, planDailyDigests } from "~/services/outbox-delivery.server";
import { ringOutbox } from "~/services/outbox.server";

/** Delivers a batch of outbox rows. A failed delivery is rescheduled on its row (the sweeper rings it when due). */
export async function processOutboxJob(_job: Job, payload: { messageIds: string[] }) {
  const outcomes = await deliverOutboxBatch(payload.messageIds);
  const counts: Record<string, number> = {};
  for (const outcome of outcomes.values()) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

export async function processDailyDigest() {
  const ids = await planDailyDigests();
  await ringOutbox(ids);
  return { digests: ids.length };
}
