import { UnrecoverableError, type Job } from "bullmq";
import { JobPayloads, type JobName } from "~/jobs";
import { refreshTally } from "~/services/cases/ballots.server";
import { advancePhase } from "~/services/cases/case-steps.server";
import { refreshDashboards } from "~/services/dashboard.server";
import { fanOut } from "~/services/notifications.server";
import { importAllOpen311Sources } from "~/services/open311.server";
import { runResultImport } from "~/services/result-import.server";
import { processExportJob } from "./processors/export";
import { processPhotoJob } from "./processors/photo";
import { processDailyDigest, processOutboxJob } from "./processors/outbox";
import { sweepPending } from "./processors/sweep";

/** Validates the payload against the shared schema and runs the processor for the job's name. */
export async function processJob(job: Job): Promise<unknown> {
  if (!(job.name in JobPayloads)) throw new UnrecoverableError(`unknown job ${job.name}`);
  const name = job.name as JobName;
  const parsed = JobPayloads[name].safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad payload for ${name}: ${parsed.error.issues[0]?.message}`);
  switch (name) {
    case "photo.process":
      return processPhotoJob(job, JobPayloads["photo.process"].parse(job.data));
    case "sweep.pending":
      return sweepPending();
    case "outbox.deliver":
      return processOutboxJob(job, JobPayloads["outbox.deliver"].parse(job.data));
    case "digest.daily":
      return processDailyDigest();
    case "dashboard.refresh":
      return refreshDashboards();
    case "open311.import":
      return importAllOpen311Sources();
    case "tally.refresh":
      return { outcome: await refreshTally(JobPayloads["tally.refresh"].parse(job.data).deliberationId) };
    case "notify.fanout":
      return { outcome: await fanOut(JobPayloads["notify.fanout"].parse(job.data).fanoutId) };
    case "export.pdf":
      return processExportJob(job, JobPayloads["export.pdf"].parse(job.data));
    case "results.import":
      return { counts: await runResultImport(JobPayloads["results.import"].parse(job.data).importId) };
    case "phase.advance": {
      const p = JobPayloads["phase.advance"].parse(job.data);
      return { outcome: await advancePhase(p.deliberationId, p.event, p.planVersion) };
    }
  }
}
