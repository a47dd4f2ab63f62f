// BullMQ's sandboxed processor for the queues whose jobs use the CPU for long stretches (tallies, dashboards,
// photos, PDF exports): each job runs in a worker thread of the worker process, with its own database and Redis
// connections, so a 5-second consensus or a 200-page PDF never blocks the main thread — which delivers the outbox
// and renews every job's lock. workers/index.ts points the Worker at this file with `useWorkerThreads: true`.
import type { Job, SandboxedJob } from "bullmq";
import { prepareDatabase } from "~/db.server";
import { processJob } from "./dispatch";

export default async function sandboxedProcessor(job: SandboxedJob): Promise<unknown> {
  await prepareDatabase();
  // What processors use of a job (name, data, opts, attemptsMade, updateProgress) is the same on a SandboxedJob.
  return processJob(job as unknown as Job);
}
