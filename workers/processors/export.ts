import type { Job } from "bullmq";
import { renderExport } from "~/services/exports.server";

/** The export.pdf job: the lifecycle lives in the exports service; the job adds its attempts and progress. */
export function processExportJob(job: Job, { exportId }: { exportId: string }) {
  return renderExport(exportId, {
    last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    onProgress: async (percent) => void (await job.updateProgress(percent)),
  });
}
