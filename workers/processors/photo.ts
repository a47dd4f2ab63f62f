import { UnrecoverableError, type Job } from "bullmq";
import type { JobPayload } from "~/jobs";
import { markPhotoFailed, processPhoto, UndecodablePhotoError } from "~/services/photos.server";

/**
 * Re-encodes one uploaded photo. A photo that cannot be decoded is marked failed at once (retrying
 * will not help); other errors (disk, database busy) are retried with backoff and the photo is
 * marked failed only after the last attempt.
 */
export async function processPhotoJob(job: Job, payload: JobPayload<"photo.process">) {
  try {
    return await processPhoto(payload.photoId);
  } catch (error) {
    if (error instanceof UndecodablePhotoError) {
      await markPhotoFailed(payload.photoId, error.message);
      throw new UnrecoverableError(error.message);
    }
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade + 1 >= attempts) await markPhotoFailed(payload.photoId, (error as Error).message);
    throw error;
  }
}
