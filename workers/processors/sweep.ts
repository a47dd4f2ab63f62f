import { pendingPhotoIds } from "~/services/photos.server";
import { advancePhase, latePhases, slaRound } from "~/services/cases.server";
import { dueOutboxIds } from "~/services/outbox.server";
import { enqueue, removeFinishedJob } from "~/services/queue.server";
import { purgeExpiredSessions } from "~/services/sessions.server";

/**
 * The database is the record, Redis only the doorbell: photos still pending after two minutes get
 * their job again (the fixed job id makes this a no-op while the original job is still queued).
 * Expired sessions are removed on the same round.
 */
export async function sweepPending() {
  const ids = await pendingPhotoIds(2 * 60_000);
  let requeued = 0;
  for (const id of ids) if (await enqueue("photo.process", { photoId: id }, id)) requeued++;
  // Outbox rows due for (another) attempt: a finished job with the same id would block the new one.
  const due = await dueOutboxIds(60_000);
  for (const id of due) {
    await removeFinishedJob("outbox.deliver", id);
    await enqueue("outbox.deliver", { messageId: id }, id);
  }
  // Phase dates that passed without their job (the job is only a doorbell; the dates are the record).
  const late = await latePhases();
  for (const p of late) await advancePhase(p.id, p.event, p.planVersion);
  const sla = await slaRound();
  const expiredSessions = await purgeExpiredSessions();
  return { pending: ids.length, requeued, outboxDue: due.length, latePhases: late.length, ...sla, expiredSessions };
}
