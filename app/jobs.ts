import { z } from "zod";

// Job names and payload schemas, shared by the side that enqueues and the processor that runs them.
// Payloads carry ids only: the database row is the record, the job is a doorbell.
export const QUEUE_NAME = "musyawarah";
/**
 * Deliveries to other systems have their own queue and worker: an agency endpoint that hangs until its timeout
 * must never hold up photos, tallies or phase changes, and deliveries want many in flight at once.
 */
export const DELIVERY_QUEUE = "musyawarah-deliver";
/** PDF exports: one at a time in their own queue, so a 200-dossier export never delays tallies or photos. */
export const EXPORT_QUEUE = "musyawarah-export";
/** Outbox rows per delivery job: one job, one claim query and one write for the whole batch. */
export const DELIVERY_BATCH = 50;

export const JobPayloads = {
  "photo.process": z.object({ photoId: z.string().min(1) }),
  "sweep.pending": z.object({}).default({}),
  "outbox.deliver": z.object({ messageIds: z.array(z.string().min(1)).min(1).max(DELIVERY_BATCH) }),
  "digest.daily": z.object({}).default({}),
  /** Recomputes the public dashboard's snapshots (every 5 minutes). */
  "dashboard.refresh": z.object({}).default({}),
  /** Pulls every registered remote Open311 server (every 15 minutes). */
  "open311.import": z.object({}).default({}),
  /** Recomputes a deliberation's published tally while voting is open (debounced by a time-bucket job id). */
  "tally.refresh": z.object({ deliberationId: z.string().min(1) }),
  /** Opens or closes a phase at its date; planVersion makes a job planned for older dates a no-op. */
  "phase.advance": z.object({ deliberationId: z.string().min(1), event: z.enum(["open_voting", "close_voting"]), planVersion: z.number().int() }),
  /** Writes the notifications one event owes (NotificationFanout row) and rings their e-mails; idempotent on the row. */
  "notify.fanout": z.object({ fanoutId: z.string().min(1) }),
  /** Renders a DPRD member's PDF export (ExportJob row), writing its progress to the row. */
  "export.pdf": z.object({ exportId: z.string().min(1) }),
  /** Imports an uploaded results CSV (ResultImport row). */
  "results.import": z.object({ importId: z.string().min(1) }),
} as const;

export type JobName = keyof typeof JobPayloads;

export function queueOf(name: JobName): string {
  return name === "outbox.deliver" ? DELIVERY_QUEUE : name === "export.pdf" ? EXPORT_QUEUE : QUEUE_NAME;
}
export type JobPayload<N extends JobName> = z.infer<(typeof JobPayloads)[N]>;

/** BullMQ custom ids may not contain ":" nor be all digits; ours are "<kind>-<row id>". */
export function jobId(kind: string, rowId: string): string {
  return `${kind}-${rowId}`.replaceAll(":", "_");
}
