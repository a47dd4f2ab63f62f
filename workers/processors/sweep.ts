import { pendingPhotoIds } from "~/services/photos.server";
import { slaRound } from "~/services/cases/agency-answer.server";
import { refreshTally, staleTallies } from "~/services/cases/ballots.server";
import { expiredAlternatives } from "~/services/cases/agency-reply.server";
import { closeAlternativeVote, dueAlternativeVotes } from "~/services/cases/alternative-vote.server";
import { advancePhase, expireAlternative, latePhases } from "~/services/cases/case-steps.server";
import { pendingFanoutIds, purgeDoneFanouts, ringFanouts } from "~/services/notifications.server";
import { dueOutboxIds, ringOutbox } from "~/services/outbox.server";
import { enqueue } from "~/services/queue.server";
import { purgeExpiredSessions } from "~/services/sessions.server";
import { purgeOldExports, waitingExportIds } from "~/services/exports.server";
import { askFixCheck, dueFixChecks, escalateOverdueDoubts } from "~/services/fix-checks.server";
import { waitingResultImportIds } from "~/services/result-import.server";

/** One item of a sweep: its failure is logged and the sweep goes on with the others (the next sweep retries it). */
async function oneByOne(what: string, id: string, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    console.warn(`[sweep] ${what} ${id} failed:`, error instanceof Error ? error.message : error);
  }
}

/**
 * The database is the record, Redis only the doorbell: photos still pending after two minutes get
 * their job again (the fixed job id makes this a no-op while the original job is still queued).
 * Expired sessions are removed on the same round.
 */
export async function sweepPending() {
  const ids = await pendingPhotoIds(2 * 60_000);
  let requeued = 0;
  for (const id of ids) if (await enqueue("photo.process", { photoId: id }, id)) requeued++;
  // Outbox rows due for (another) attempt that no worker holds: rung again in batches.
  const due = await dueOutboxIds();
  await ringOutbox(due);
  // Events whose notifications were never fanned out (their job lost, or rung while Redis was down).
  const fanouts = await pendingFanoutIds();
  await ringFanouts(fanouts);
  const purgedFanouts = await purgeDoneFanouts();
  // Ballots stored while Redis was down rang no tally refresh: bring those tallies up to date here.
  const stale = await staleTallies();
  for (const id of stale) await refreshTally(id);
  // Phase dates that passed without their job (the job is only a doorbell; the dates are the record).
  const late = await latePhases();
  for (const p of late) await advancePhase(p.id, p.event, p.planVersion);
  // PDF exports asked for while Redis was down.
  const exports = await waitingExportIds(60_000);
  for (const id of exports) await enqueue("export.pdf", { exportId: id }, id);
  const purgedExports = await purgeOldExports();
  // Results CSVs uploaded while Redis was down.
  const imports = await waitingResultImportIds(60_000);
  for (const id of imports) await enqueue("results.import", { importId: id }, id);
  const sla = await slaRound();
  // Fixes marked done FIX_CHECK_DAYS ago: their reporter and participants are asked "Sudah diperbaiki?"; doubts the
  // agency left unanswered past its SLA go to the DPRD.
  const fixChecks = await dueFixChecks();
  for (const id of fixChecks) await oneByOne("ask fix check", id, () => askFixCheck(id));
  const overdueDoubts = await escalateOverdueDoubts();
  // Short votes on counter-proposals past their closing date: the count is the deliberation's answer.
  const votes = await dueAlternativeVotes();
  for (const reportId of votes) await oneByOne("close alternative vote", reportId, () => closeAlternativeVote(reportId));
  // Counter-proposals left unanswered past their 14 days: shown as such, never accepted silently.
  const unanswered = await expiredAlternatives();
  for (const reportId of unanswered) await oneByOne("expire alternative", reportId, () => expireAlternative(reportId));
  const expiredSessions = await purgeExpiredSessions();
  return { pending: ids.length, requeued, outboxDue: due.length, fanoutsDue: fanouts.length, purgedFanouts, staleTallies: stale.length, latePhases: late.length, waitingExports: exports.length, waitingImports: imports.length, purgedExports, ...sla, fixChecksAsked: fixChecks.length, overdueDoubts, closedAlternativeVotes: votes.length, unansweredAlternatives: unanswered.length, expiredSessions };
}
