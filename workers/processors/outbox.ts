import type { Job } from "bullmq";
import { deliverOutboxMessage, planDailyDigests } from "~/services/outbox-delivery.server";
import { ringOutbox } from "~/services/outbox.server";

/** Delivers one outbox row. A failed delivery is rescheduled on the row (the sweeper rings it when due). */
export async function processOutboxJob(_job: Job, payload: { messageId: string }) {
  return { outcome: await deliverOutboxMessage(payload.messageId) };
}

export async function processDailyDigest() {
  const ids = await planDailyDigests();
  await ringOutbox(ids);
  return { digests: ids.length };
}
