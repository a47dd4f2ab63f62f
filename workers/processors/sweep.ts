import { pendingPhotoIds } from "~/services/photos.server";
import { enqueue } from "~/services/queue.server";
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
  const expiredSessions = await purgeExpiredSessions();
  return { pending: ids.length, requeued, expiredSessions };
}
