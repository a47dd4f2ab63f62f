import { z } from "zod";
import { db, lockFor } from "~/db.server";
import { BallotRulesSchema } from "~/domain/ballot";
import { CONFIGURABLE_STATES, isCaseModerator } from "~/domain/case-policy";
import { phaseDatesProblem, type CaseEvent, type CaseState } from "~/domain/case-workflow";
import type { Actor } from "~/domain/roles";
import { fieldErrors } from "~/domain/validation";
import { appendAuditEvent } from "../audit.server";
import { ServiceError } from "../errors";
import { queueHostPush } from "../host-push.server";
import { ringOutbox } from "../outbox.server";
import { enqueueDelayed } from "../queue.server";
import { caseSelect, findCase, loadReport, type CaseRow } from "./case-records.server";

// The fasilitator's setup of a deliberation: ballot rules, phase dates, receiving agency, summary.

const optionalDate = z.preprocess((v) => (v === "" || v === null || v === undefined ? undefined : v), z.coerce.date({ invalid_type_error: "errors.date_invalid" }).optional());

const ConfigSchema = BallotRulesSchema.extend({
  discussionEndsAt: optionalDate,
  votingOpensAt: z.coerce.date({ invalid_type_error: "errors.date_invalid", required_error: "errors.date_invalid" }),
  votingClosesAt: z.coerce.date({ invalid_type_error: "errors.date_invalid", required_error: "errors.date_invalid" }),
  agencyOverrideId: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional()),
  summary: z.preprocess((v) => v ?? "", z.string().trim().max(4000, "errors.summary_too_long")),
  // A checkbox: present ("on") when ticked.
  showResultsBeforeClose: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});

/**
 * The fasilitator opens the deliberation (if it is not open yet) and sets its ballot, phase dates, agency and
 * summary. Dates may change while voting has not closed; each change re-plans the phase jobs.
 */
export async function configureCase(actor: Actor, reportId: string, input: Record<string, unknown>, now = new Date()) {
  const report = await loadReport(reportId);
  if (!isCaseModerator(actor, report)) throw new ServiceError(403, "errors.case_forbidden");
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const data = parsed.data;
  const problem = phaseDatesProblem({ discussionEndsAt: data.discussionEndsAt ?? null, votingOpensAt: data.votingOpensAt, votingClosesAt: data.votingClosesAt }, now);
  if (problem) throw new ServiceError(422, "errors.form_invalid", { votingClosesAt: problem });
  if (data.agencyOverrideId && !(await db.agency.findUnique({ where: { id: data.agencyOverrideId }, select: { id: true } }))) {
    throw new ServiceError(422, "errors.form_invalid", { agencyOverrideId: "errors.agency_unknown" });
  }
  const saved = await db.$transaction(async (tx) => {
    await lockFor(tx, `case:${reportId}`);
    // Checked where the rules are written: a vote that closed (or took its first ranked ballot) meanwhile is not
    // reconfigured behind it.
    const existing = await findCase(reportId, tx);
    const state = (existing?.state ?? "laporan") as CaseState;
    if (!CONFIGURABLE_STATES.includes(state)) throw new ServiceError(409, "errors.case_dates_locked");
    if (state === "pemungutan_suara" && existing && existing.ballotType !== data.type && (await tx.ballot.count({ where: { deliberationId: existing.id } })) > 0) {
      throw new ServiceError(409, "errors.ballot_type_locked");
    }
    const fields = {
      ballotType: data.type, quorum: data.quorum, minSupportPercent: data.minSupportPercent, eligibility: data.eligibility,
      discussionEndsAt: data.discussionEndsAt ?? null, votingOpensAt: data.votingOpensAt, votingClosesAt: data.votingClosesAt,
      agencyOverrideId: data.agencyOverrideId ?? null, summary: data.summary, showResultsBeforeClose: data.showResultsBeforeClose,
    };
    const row = existing
      ? await tx.deliberation.update({ where: { id: existing.id }, data: { ...fields, planVersion: { increment: 1 } }, select: caseSelect })
      : await tx.deliberation.create({ data: { reportId, state: "musyawarah", ...fields, planVersion: 1 }, select: caseSelect });
    if (!existing) await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "case.opened", data: {} });
    await appendAuditEvent(tx, {
      reportId, actorId: actor.id, type: "case.configured",
      data: { votingOpensAt: data.votingOpensAt.toISOString(), votingClosesAt: data.votingClosesAt.toISOString(), ballot: data.type, quorum: data.quorum, minSupport: data.minSupportPercent, eligibility: data.eligibility },
    });
    // Opening a host's report for deliberation: the host hears of it.
    return { row, outbox: existing ? [] : await queueHostPush(tx, reportId, "case.phase_changed") };
  });
  await ringOutbox(saved.outbox);
  await planPhaseJobs(saved.row, now);
  return saved.row;
}

/** One delayed job per deadline ahead; jobs of an older plan find a different planVersion and do nothing. */
async function planPhaseJobs(c: CaseRow, now: Date) {
  const plans: [CaseEvent & ("open_voting" | "close_voting"), Date | null][] = [["open_voting", c.votingOpensAt], ["close_voting", c.votingClosesAt]];
  for (const [event, at] of plans) {
    if (!at) continue;
    await enqueueDelayed("phase.advance", { deliberationId: c.id, event, planVersion: c.planVersion }, `${c.id}-${event}-${c.planVersion}`, Math.max(0, at.getTime() - now.getTime()));
  }
}

