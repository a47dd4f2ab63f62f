import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db, type Tx } from "~/db.server";
import { BallotRulesSchema, isEligible, tallyBallots, validateBallot, type BallotChoices, type BallotRules, type Tally } from "~/domain/ballot";
import {
  ANSWERS, answerDueAt, availableEvents, decide, isOverdue, phaseDatesProblem, proposalsOpen, tallyPublished,
  type AgencyAnswer, type CaseActor, type CaseEvent, type CaseFacts, type CaseState,
} from "~/domain/case-workflow";
import { ancestorsOfKelurahan } from "~/domain/regions";
import type { Actor } from "~/domain/roles";
import { fieldErrors } from "~/domain/validation";
import { queueAgencyPush } from "./agency-push.server";
import { appendAuditEvent } from "./audit.server";
import { ServiceError } from "./errors";
import { assertNotSuspended } from "./forum-access.server";
import { followerIds, notify } from "./notifications.server";
import { queueHostPush } from "./host-push.server";
import { ringOutbox } from "./outbox.server";
import { discardUploads, stageReportPhotos, type UploadedPhoto } from "./photos.server";
import { enqueue, enqueueDelayed } from "./queue.server";
import { referenceData } from "./reference-data.server";
import { responsibleAgency } from "./routing.server";

// The co-decision case of a report: phases, ballots, the tally, the agency's answer, joint action, rating.
// Every transition goes through the pure workflow (`decide`) and is applied with its effects in one transaction.

const caseSelect = {
  id: true, reportId: true, state: true, ballotType: true, quorum: true, minSupportPercent: true, eligibility: true,
  discussionEndsAt: true, votingOpensAt: true, votingClosesAt: true, planVersion: true, agencyOverrideId: true, summary: true,
  tally: true, winnerProposalId: true, sentAt: true, dueAt: true, agencyId: true, answer: true, answerNote: true,
  plannedDate: true, answeredAt: true, completedAt: true, showResultsBeforeClose: true,
} as const;

async function loadReport(reportId: string) {
  const report = await db.report.findUnique({
    where: { id: reportId },
    select: { id: true, number: true, title: true, categorySlug: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true, status: true },
  });
  if (!report) throw new ServiceError(404, "errors.not_found");
  return report;
}

type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;
const findCase = (reportId: string, client: Tx = db) => client.deliberation.findUnique({ where: { reportId }, select: caseSelect });

const rulesOf = (c: CaseRow): BallotRules => ({
  type: c.ballotType as BallotRules["type"],
  quorum: c.quorum,
  minSupportPercent: c.minSupportPercent,
  eligibility: c.eligibility as BallotRules["eligibility"],
});

/** The agency a citizen-preferred solution goes to: the fasilitator's override, else the routing table's. */
async function routedAgencyId(c: Pick<CaseRow, "agencyOverrideId"> | null, report: Awaited<ReturnType<typeof loadReport>>) {
  if (c?.agencyOverrideId) return c.agencyOverrideId;
  return (await responsibleAgency(report))?.id ?? null;
}

async function activeProposalIds(reportId: string, client: Tx = db): Promise<string[]> {
  const rows = await client.proposal.findMany({ where: { reportId, status: "active" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  return rows.map((r) => r.id);
}

async function factsOf(c: CaseRow | null, report: Awaited<ReturnType<typeof loadReport>>, tallyWinner: string | null = null): Promise<CaseFacts> {
  return {
    state: (c?.state ?? "laporan") as CaseState,
    reportRegions: report,
    agencyId: c?.agencyId ?? (await routedAgencyId(c, report)),
    activeProposals: (await activeProposalIds(report.id)).length,
    ballotRulesSet: !!c?.votingClosesAt,
    tallyWinner,
    answer: (c?.answer ?? null) as AgencyAnswer | null,
  };
}

export type CaseView = Awaited<ReturnType<typeof getCase>>;

/** The case as a page shows it: state, dates, rules, the tally, the answer, what this actor may do now. */
export async function getCase(reportId: string, actor: Actor | null, now = new Date()) {
  const report = await loadReport(reportId);
  const c = await findCase(reportId);
  const facts = await factsOf(c, report);
  const agencyId = facts.agencyId;
  const [agency, tasks, updates, ratings, myBallot, ballotCount] = await Promise.all([
    agencyId ? db.agency.findUnique({ where: { id: agencyId }, select: { id: true, name: true, slaDays: true } }) : null,
    c ? db.jointTask.findMany({ where: { deliberationId: c.id }, orderBy: { createdAt: "asc" }, select: { id: true, title: true, when: true, capacity: true, signups: { select: { userId: true } } } }) : [],
    c
      ? db.progressUpdate.findMany({
          where: { deliberationId: c.id },
          orderBy: { createdAt: "asc" },
          select: { id: true, kind: true, note: true, createdAt: true, photos: { orderBy: { position: "asc" }, select: { id: true, status: true, imagePath: true, thumbPath: true } } },
        })
      : [],
    c ? db.outcomeRating.aggregate({ where: { deliberationId: c.id }, _avg: { score: true }, _count: { _all: true } }) : null,
    c && actor ? db.ballot.findUnique({ where: { deliberationId_userId: { deliberationId: c.id, userId: actor.id } }, select: { choices: true, receipt: true } }) : null,
    c ? db.ballot.count({ where: { deliberationId: c.id } }) : 0,
  ]);
  const names = await db.user.findMany({ where: { id: { in: [...new Set(tasks.flatMap((t) => t.signups.map((s) => s.userId)))] } }, select: { id: true, name: true } });
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  const myRating = c && actor ? await db.outcomeRating.findUnique({ where: { deliberationId_userId: { deliberationId: c.id, userId: actor.id } }, select: { score: true } }) : null;
  return {
    exists: !!c,
    state: facts.state,
    rules: c ? rulesOf(c) : null,
    discussionEndsAt: c?.discussionEndsAt?.toISOString() ?? null,
    votingOpensAt: c?.votingOpensAt?.toISOString() ?? null,
    votingClosesAt: c?.votingClosesAt?.toISOString() ?? null,
    summary: c?.summary ?? "",
    agency,
    agencyOverridden: !!c?.agencyOverrideId,
    tally: c?.tally && tallyPublished(facts.state, c.showResultsBeforeClose) ? (JSON.parse(c.tally) as Tally & { receipts: string[] }) : null,
    /** Voting is open and its running result is kept until the close (the fasilitator's choice). */
    resultsHidden: !!c && !tallyPublished(facts.state, c.showResultsBeforeClose),
    showResultsBeforeClose: c?.showResultsBeforeClose ?? false,
    winnerProposalId: c?.winnerProposalId ?? null,
    dueAt: c?.dueAt?.toISOString() ?? null,
    overdue: isOverdue(facts.state, c?.dueAt ?? null, now),
    answer: c?.answer ?? null,
    answerNote: c?.answerNote ?? null,
    plannedDate: c?.plannedDate?.toISOString() ?? null,
    answeredAt: c?.answeredAt?.toISOString() ?? null,
    sentAt: c?.sentAt?.toISOString() ?? null,
    updates: updates.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, when: t.when, capacity: t.capacity, people: t.signups.map((s) => nameOf.get(s.userId) ?? ""), mine: !!actor && t.signups.some((s) => s.userId === actor.id) })),
    rating: ratings && ratings._count._all > 0 ? { average: Math.round((ratings._avg.score ?? 0) * 10) / 10, count: ratings._count._all } : null,
    myRating: myRating?.score ?? null,
    myBallot: myBallot ? { choices: JSON.parse(myBallot.choices) as BallotChoices, receipt: myBallot.receipt } : null,
    ballotCount,
    votingOpen: facts.state === "pemungutan_suara" && !!c && votingWindowOpen(c, now),
    proposalsOpen: proposalsOpen(c ? facts.state : null),
    events: availableEvents(facts, actor),
    mayPostProgress: mayPostProgress(actor, { agencyId }),
  };
}

function votingWindowOpen(c: Pick<CaseRow, "votingOpensAt" | "votingClosesAt">, now: Date) {
  return (!c.votingOpensAt || c.votingOpensAt <= now) && (!c.votingClosesAt || now < c.votingClosesAt);
}

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

function mayConfigure(actor: Actor, report: { kelurahanCode: string; kecamatanCode: string; kotaCode: string }) {
  return actor.role === "admin" || (actor.role === "fasilitator" && [report.kelurahanCode, report.kecamatanCode, report.kotaCode].some((c) => actor.regionCodes.includes(c)));
}

/**
 * The fasilitator opens the deliberation (if it is not open yet) and sets its ballot, phase dates, agency and
 * summary. Dates may change while voting has not closed; each change re-plans the phase jobs.
 */
export async function configureCase(actor: Actor, reportId: string, input: Record<string, unknown>, now = new Date()) {
  const report = await loadReport(reportId);
  if (!mayConfigure(actor, report)) throw new ServiceError(403, "errors.case_forbidden");
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const data = parsed.data;
  const problem = phaseDatesProblem({ discussionEndsAt: data.discussionEndsAt ?? null, votingOpensAt: data.votingOpensAt, votingClosesAt: data.votingClosesAt }, now);
  if (problem) throw new ServiceError(422, "errors.form_invalid", { votingClosesAt: problem });
  if (data.agencyOverrideId && !(await db.agency.findUnique({ where: { id: data.agencyOverrideId }, select: { id: true } }))) {
    throw new ServiceError(422, "errors.form_invalid", { agencyOverrideId: "errors.agency_unknown" });
  }
  const existing = await findCase(reportId);
  const state = (existing?.state ?? "laporan") as CaseState;
  if (!["laporan", "musyawarah", "pemungutan_suara", "tidak_mufakat"].includes(state)) throw new ServiceError(409, "errors.case_dates_locked");
  if (state === "pemungutan_suara" && existing && existing.ballotType !== data.type && (await db.ballot.count({ where: { deliberationId: existing.id } })) > 0) {
    throw new ServiceError(409, "errors.ballot_type_locked");
  }
  const saved = await db.$transaction(async (tx) => {
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

/** Takes a workflow step for `actor` (or the worker: "system"), applying its effects in one transaction. */
export async function takeStep(actor: CaseActor, reportId: string, event: CaseEvent, input: Record<string, unknown> = {}, now = new Date()) {
  const report = await loadReport(reportId);
  const before = await findCase(reportId);
  if (!before && event !== "open_deliberation") throw new ServiceError(409, "errors.case_illegal");
  const actorId = actor === "system" ? null : actor.id;

  let answer: { decision: AgencyAnswer; note: string; plannedDate: Date | null } | null = null;
  if (event === "answer") {
    const decision = input.decision;
    const note = typeof input.note === "string" ? input.note.trim() : "";
    if (!(ANSWERS as readonly string[]).includes(String(decision))) throw new ServiceError(422, "errors.form_invalid", { decision: "errors.answer_required" });
    if ((decision === "ditolak" || decision === "diterima_dengan_perubahan") && note.length < 10) throw new ServiceError(422, "errors.form_invalid", { note: "errors.answer_reason_required" });
    if (note.length > 4000) throw new ServiceError(422, "errors.form_invalid", { note: "errors.summary_too_long" });
    const planned = typeof input.plannedDate === "string" && input.plannedDate ? new Date(input.plannedDate) : null;
    if (planned && Number.isNaN(planned.getTime())) throw new ServiceError(422, "errors.form_invalid", { plannedDate: "errors.date_invalid" });
    if (decision !== "ditolak" && !planned) throw new ServiceError(422, "errors.form_invalid", { plannedDate: "errors.planned_date_required" });
    answer = { decision: decision as AgencyAnswer, note, plannedDate: planned };
  }

  // Routing is reference data, read before the transaction: it takes no part in a race between requests.
  const routedByTable = before?.agencyId || before?.agencyOverrideId ? null : ((await responsibleAgency(report))?.id ?? null);

  const { outbox, finalState } = await db.$transaction(async (tx) => {
    // Everything the decision rests on is read in the transaction that applies it. Closing the vote counts the
    // ballots here, so a ballot is either stored before this transaction (and counted) or refused after it.
    const c = await findCase(reportId, tx);
    if (!c && event !== "open_deliberation") throw new ServiceError(409, "errors.case_illegal");
    const tally = event === "close_voting" && c ? await computeTally(c, tx) : null;
    const facts: CaseFacts = {
      state: (c?.state ?? "laporan") as CaseState,
      reportRegions: report,
      agencyId: c?.agencyId ?? c?.agencyOverrideId ?? routedByTable,
      activeProposals: (await activeProposalIds(reportId, tx)).length,
      ballotRulesSet: !!c?.votingClosesAt,
      tallyWinner: tally?.winnerId ?? null,
      answer: answer?.decision ?? ((c?.answer ?? null) as AgencyAnswer | null),
    };
    const decision = decide(facts, event, actor);
    if (!decision.ok) throw new ServiceError(decision.refusal === "errors.case_forbidden" ? 403 : 409, decision.refusal);

    // Mufakat goes on to the agency in the same transaction: the case can never stop half-way at "mufakat".
    const forward = event === "close_voting" && decision.next === "mufakat" ? decide({ ...facts, state: "mufakat" }, "send_to_agency", "system") : null;
    const sending = event === "send_to_agency" || forward?.ok === true;
    const effects = [...decision.effects, ...(forward?.ok ? forward.effects : [])];
    const finalState = forward?.ok ? forward.next : decision.next;

    // Only move from the state we decided on (a second job run, or a step that raced us, does nothing).
    const data: Record<string, unknown> = { state: finalState };
    for (const effect of effects) {
      if (effect.kind === "tally" && tally) Object.assign(data, { tally: JSON.stringify(tally), tallyAt: now, winnerProposalId: tally.winnerId });
      if (effect.kind === "set_due_date") {
        const agency = await tx.agency.findUnique({ where: { id: facts.agencyId ?? "" }, select: { slaDays: true } });
        Object.assign(data, { sentAt: now, agencyId: facts.agencyId, dueAt: answerDueAt(now, agency?.slaDays ?? 14) });
      }
    }
    if (answer) Object.assign(data, { answer: answer.decision, answerNote: answer.note, plannedDate: answer.plannedDate, answeredAt: now });
    // Opening or closing by hand before the planned date moves that date to now (the page and the window agree).
    if (event === "open_voting" && c && (!c.votingOpensAt || c.votingOpensAt > now)) data.votingOpensAt = now;
    if (event === "close_voting" && c && (!c.votingClosesAt || c.votingClosesAt > now)) data.votingClosesAt = now;
    if (decision.next === "selesai") data.completedAt = now;
    if (event === "reopen") Object.assign(data, { tally: null, tallyAt: null, winnerProposalId: null, answer: null, answerNote: null, plannedDate: null, answeredAt: null, votingOpensAt: null, votingClosesAt: null, planVersion: { increment: 1 } });
    if (c) {
      const moved = await tx.deliberation.updateMany({ where: { id: c.id, state: facts.state }, data });
      if (moved.count === 0) throw new ServiceError(409, "errors.case_changed_meanwhile");
    } else {
      await tx.deliberation.create({ data: { reportId, state: decision.next } });
    }
    for (const effect of decision.effects) {
      if (effect.kind === "report_status" && report.status !== effect.status) {
        await tx.report.update({ where: { id: reportId }, data: { status: effect.status } });
        await appendAuditEvent(tx, { reportId, actorId, type: "report.status_changed", data: { from: report.status, to: effect.status } });
      }
    }
    await appendAuditEvent(tx, {
      reportId, actorId, type: event === "open_deliberation" ? "case.opened" : `case.${event}`,
      data: {
        to: decision.next,
        ...(tally ? { reason: tally.reason, voters: tally.voters, winner: tally.winnerId } : {}),
        ...(answer ? { answer: answer.decision, note: answer.note } : {}),
      },
    });
    if (forward?.ok) await appendAuditEvent(tx, { reportId, actorId: null, type: "case.send_to_agency", data: { to: forward.next } });
    // Reaching the agency: the push to its channels is written with the step, delivered by the worker.
    const pushes = sending && c && facts.agencyId ? await queueAgencyPush(tx, c.id, facts.agencyId) : [];
    // A report from a host system: its host hears of the new phase too.
    pushes.push(...(await queueHostPush(tx, reportId, "case.phase_changed")));
    if (decision.effects.some((e) => e.kind === "notify_followers")) {
      pushes.push(...(await notify(tx, await followerIds(tx, "report", reportId), { kind: "phase", reportId, actorId, excerpt: finalState })));
    }
    return { outbox: pushes, finalState };
    // A big vote's tally is computed inside; the default 15 s is for ordinary writes.
  }, { timeout: 120_000 });
  await ringOutbox(outbox);
  return finalState;
}

/** The tally of a deliberation's ballots now, with the receipts it counted (sorted, so order reveals nothing). */
export async function computeTally(c: Pick<CaseRow, "id" | "reportId" | "ballotType" | "quorum" | "minSupportPercent" | "eligibility">, client: Tx = db) {
  const [proposalIds, ballots] = await Promise.all([
    activeProposalIds(c.reportId, client),
    client.ballot.findMany({ where: { deliberationId: c.id }, select: { choices: true, receipt: true } }),
  ]);
  const rules = rulesOf(c as CaseRow);
  // Ballots that name a proposal merged since count for the proposal it was merged into.
  const merged = await client.proposal.findMany({ where: { reportId: c.reportId, status: "merged" }, select: { id: true, mergedIntoId: true } });
  const into = new Map(merged.map((m) => [m.id, m.mergedIntoId ?? ""]));
  const follow = (id: string) => {
    let cur = id;
    for (let i = 0; i < 20 && into.has(cur); i++) cur = into.get(cur)!;
    return cur;
  };
  const choices = ballots.map((b) => {
    const raw = JSON.parse(b.choices) as BallotChoices;
    if (Array.isArray(raw)) return [...new Set(raw.map(follow))].filter((id) => proposalIds.includes(id));
    const out: Record<string, string> = {};
    for (const [id, stance] of Object.entries(raw)) {
      const target = follow(id);
      if (proposalIds.includes(target) && (out[target] === undefined || stance === "support")) out[target] = stance;
    }
    return out as BallotChoices;
  });
  return { ...tallyBallots(rules, proposalIds, choices), receipts: ballots.map((b) => b.receipt).sort() };
}

/**
 * Casts or changes a person's ballot while voting is open. Returns the receipt: a hash of a secret nonce,
 * the deliberation and the voter that the voter can find in the published tally's receipts.
 */
export async function castBallot(actor: Actor, reportId: string, raw: unknown, now = new Date()) {
  const report = await loadReport(reportId);
  const c = await findCase(reportId);
  if (!c || c.state !== "pemungutan_suara" || !votingWindowOpen(c, now)) throw new ServiceError(409, "errors.voting_closed");
  await assertNotSuspended(actor.id, report, now);
  const voter = await db.user.findUnique({ where: { id: actor.id }, select: { homeKelurahanCode: true } });
  const ref = await referenceData();
  const home = voter ? ancestorsOfKelurahan(voter.homeKelurahanCode, ref.byCode) : null;
  const voterRegions = voter && home ? { kelurahanCode: voter.homeKelurahanCode, ...home } : null;
  if (!isEligible(c.eligibility as BallotRules["eligibility"], voterRegions, report)) throw new ServiceError(403, "errors.not_eligible");
  const checked = validateBallot(c.ballotType as BallotRules["type"], raw, await activeProposalIds(reportId));
  if (!checked.ok) throw new ServiceError(422, "errors.form_invalid", { ballot: checked.problem });
  const choices = JSON.stringify(checked.choices);
  const { receipt } = await db.$transaction(async (tx) => {
    // The window is checked again in the transaction that stores the ballot: closing the vote counts ballots in its
    // own transaction, so this one lands either before it (counted) or after it (refused here), never in between.
    const open = await tx.deliberation.findFirst({ where: { id: c.id, state: "pemungutan_suara" }, select: { votingOpensAt: true, votingClosesAt: true } });
    if (!open || !votingWindowOpen(open, now)) throw new ServiceError(409, "errors.voting_closed");
    // One ballot per person, one receipt: a changed ballot keeps the receipt the voter was first given.
    const mine = await tx.ballot.findUnique({ where: { deliberationId_userId: { deliberationId: c.id, userId: actor.id } }, select: { id: true, receipt: true } });
    if (mine) return tx.ballot.update({ where: { id: mine.id }, data: { choices }, select: { receipt: true } });
    const fresh = createHash("sha256").update(`${c.id}:${actor.id}:${randomBytes(16).toString("hex")}`).digest("hex").slice(0, 24);
    return tx.ballot.create({ data: { deliberationId: c.id, userId: actor.id, choices, receipt: fresh }, select: { receipt: true } });
  });
  // Debounce: one refresh per few-second bucket, run at the bucket's end, reads every ballot stored by then.
  const bucket = Math.floor(now.getTime() / TALLY_DEBOUNCE_MS);
  await enqueueDelayed("tally.refresh", { deliberationId: c.id }, `${c.id}-${bucket}`, (bucket + 1) * TALLY_DEBOUNCE_MS - now.getTime());
  return { receipt };
}

/** The tally as machine-readable JSON (for `npm run tally`): groups, and proposals best first. */
export async function tallyReport(deliberationId: string) {
  const c = await db.deliberation.findUnique({ where: { id: deliberationId }, select: caseSelect });
  if (!c) throw new ServiceError(404, "errors.not_found");
  const tally = await computeTally(c);
  const proposals = await db.proposal.findMany({ where: { id: { in: tally.proposals.map((p) => p.id) } }, select: { id: true, externalId: true, text: true } });
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return {
    deliberation: c.id,
    type: tally.type,
    voters: tally.voters,
    reason: tally.reason,
    winner: tally.winnerId,
    groups: tally.groups ?? [{ id: 0, size: tally.voters }],
    proposals: tally.proposals.map((p) => ({
      id: p.id,
      externalId: byId.get(p.id)?.externalId ?? null,
      text: byId.get(p.id)?.text ?? "",
      agree: p.support,
      disagree: p.oppose,
      pass: p.pass,
      groups: (p.groups ?? []).map((g) => ({ id: g.group, agree: g.agree, votes: g.votes, support: g.probability })),
      consensus: p.consensus ?? null,
      ...(p.rank ? { rank: p.rank } : {}),
    })),
  };
}

/** The published tally is at most this stale (plus the job's own run time) while voting is open. */
export const TALLY_DEBOUNCE_MS = 3000;

/** For the worker: recompute the provisional tally of an open vote (a no-op once voting has closed). */
export async function refreshTally(deliberationId: string): Promise<"refreshed" | "closed"> {
  const c = await db.deliberation.findUnique({ where: { id: deliberationId }, select: caseSelect });
  if (!c || c.state !== "pemungutan_suara") return "closed";
  const startedAt = new Date();
  const tally = await computeTally(c);
  // Only while still voting: the final tally written on close must never be overwritten by a late refresh.
  await db.deliberation.updateMany({ where: { id: c.id, state: "pemungutan_suara" }, data: { tally: JSON.stringify(tally), tallyAt: startedAt } });
  return "refreshed";
}

/** Open votes with ballots stored after their published tally was computed (their refresh job was lost). */
export async function staleTallies(now = new Date()): Promise<string[]> {
  const open = await db.deliberation.findMany({ where: { state: "pemungutan_suara" }, select: { id: true, tallyAt: true } });
  const stale: string[] = [];
  for (const c of open) {
    // A refresh is normally due within the debounce bucket: only older ballots count as missed.
    const newer = await db.ballot.findFirst({
      where: { deliberationId: c.id, updatedAt: { gt: c.tallyAt ?? new Date(0), lt: new Date(now.getTime() - 2 * TALLY_DEBOUNCE_MS) } },
      select: { id: true },
    });
    if (newer) stale.push(c.id);
  }
  return stale;
}

/** Cases routed to the officer's agency that wait for, or follow, its answer; overdue ones first. */
export async function agencyDesk(actor: Actor, now = new Date()) {
  if (actor.role !== "petugas" && actor.role !== "admin") throw new ServiceError(403, "errors.forbidden");
  const rows = await db.deliberation.findMany({
    where: { state: { in: ["ke_instansi", "dijawab", "aksi_bersama"] }, ...(actor.role === "petugas" ? { agencyId: actor.agencyId ?? "-" } : {}) },
    orderBy: [{ dueAt: "asc" }],
    take: 200,
    select: { ...caseSelect, report: { select: { number: true, title: true, categorySlug: true } } },
  });
  const winners = await db.proposal.findMany({ where: { id: { in: rows.map((r) => r.winnerProposalId ?? "").filter(Boolean) } }, select: { id: true, title: true, text: true, costRupiah: true, jointAction: true } });
  const winnerOf = new Map(winners.map((w) => [w.id, w]));
  return rows
    .map((r) => ({
      reportId: r.reportId,
      report: r.report,
      state: r.state,
      dueAt: r.dueAt?.toISOString() ?? null,
      overdue: isOverdue(r.state as CaseState, r.dueAt, now),
      summary: r.summary,
      tally: r.tally ? (JSON.parse(r.tally) as Tally) : null,
      solution: r.winnerProposalId ? winnerOf.get(r.winnerProposalId) ?? null : null,
      answer: r.answer,
    }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue));
}

/** May this actor post the agency's progress on this case? */
export function mayPostProgress(actor: Actor | null, c: { agencyId: string | null } | null): boolean {
  if (!actor || !c) return false;
  return actor.role === "admin" || (actor.role === "petugas" && actor.agencyId !== null && actor.agencyId === c.agencyId);
}

/**
 * The agency's progress note on an accepted case, with up to 5 photos (proof of completion) that go
 * through the same checks and worker as a report's photos. Uploads are discarded when anything fails.
 */
export async function addProgress(actor: Actor, reportId: string, note: unknown, photos: UploadedPhoto[] = []) {
  try {
    const c = await findCase(reportId);
    // Permission first: someone who may not post learns nothing about the case's state.
    if (!mayPostProgress(actor, c ?? { agencyId: null })) throw new ServiceError(403, "errors.case_forbidden");
    if (!c || !["dijawab", "aksi_bersama"].includes(c.state) || !c.answer || c.answer === "ditolak") throw new ServiceError(409, "errors.case_illegal");
    const text = typeof note === "string" ? note.trim() : "";
    if (text.length < 5 || text.length > 2000) throw new ServiceError(422, "errors.form_invalid", { note: "errors.progress_note" });
    const staged = await stageReportPhotos(photos);
    const created = await db.$transaction(async (tx: Tx) => {
      const last = await tx.reportPhoto.aggregate({ where: { reportId }, _max: { position: true } });
      const update = await tx.progressUpdate.create({
        data: {
          deliberationId: c.id,
          authorId: actor.id,
          note: text,
          kind: staged.length > 0 ? "completion" : "progress",
          photos: {
            create: staged.map((p, i) => ({ id: p.id, reportId, position: (last._max.position ?? 0) + 1 + i, originalPath: p.originalPath, bytes: p.bytes, mime: p.mime })),
          },
        },
        select: { photos: { select: { id: true } } },
      });
      await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "case.progress", data: { note: text, photos: staged.length } });
      return update;
    });
    for (const p of created.photos) await enqueue("photo.process", { photoId: p.id }, p.id);
  } catch (error) {
    await discardUploads(photos);
    throw error;
  }
}

const TaskSchema = z.object({
  title: z.string({ required_error: "errors.task_title" }).trim().min(5, "errors.task_title").max(200, "errors.task_title"),
  when: z.preprocess((v) => v ?? "", z.string().trim().max(120, "errors.task_when")),
  capacity: z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number({ invalid_type_error: "errors.task_capacity" }).int("errors.task_capacity").min(1, "errors.task_capacity").max(10_000, "errors.task_capacity").optional()),
});

/** A fasilitator or the agency lists a task of the joint action. */
export async function addJointTask(actor: Actor, reportId: string, input: Record<string, unknown>) {
  const report = await loadReport(reportId);
  const c = await findCase(reportId);
  if (!mayConfigure(actor, report) && !(actor.role === "petugas" && !!c && actor.agencyId === c.agencyId)) throw new ServiceError(403, "errors.case_forbidden");
  if (!c || !["dijawab", "aksi_bersama"].includes(c.state) || c.answer === "ditolak") throw new ServiceError(409, "errors.case_illegal");
  const parsed = TaskSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  await db.jointTask.create({ data: { deliberationId: c.id, title: parsed.data.title, when: parsed.data.when, capacity: parsed.data.capacity ?? null, createdById: actor.id } });
}

/** A citizen signs up for (or withdraws from) a task while the joint action is on; a task's capacity holds. */
export async function signUpForTask(actor: Actor, taskId: string, join: boolean) {
  await db.$transaction(async (tx) => {
    // Capacity is counted in the transaction that adds the sign-up (SQLite: BEGIN IMMEDIATE), so parallel joins
    // queue here and the last places go to the first to arrive.
    const task = await tx.jointTask.findUnique({ where: { id: taskId }, select: { id: true, capacity: true, deliberation: { select: { state: true } } } });
    if (!task) throw new ServiceError(404, "errors.not_found");
    if (!["dijawab", "aksi_bersama"].includes(task.deliberation.state)) throw new ServiceError(409, "errors.case_illegal");
    if (!join) {
      await tx.taskSignup.deleteMany({ where: { taskId, userId: actor.id } });
      return;
    }
    if (await tx.taskSignup.findUnique({ where: { taskId_userId: { taskId, userId: actor.id } }, select: { taskId: true } })) return;
    if (task.capacity !== null && (await tx.taskSignup.count({ where: { taskId } })) >= task.capacity) throw new ServiceError(409, "errors.task_full");
    await tx.taskSignup.create({ data: { taskId, userId: actor.id } });
  });
}

/** Citizens who took part (voted, signed up, commented or proposed) rate the finished case once (changeable). */
export async function rateOutcome(actor: Actor, reportId: string, input: { score?: unknown; comment?: unknown }) {
  const c = await findCase(reportId);
  if (!c || c.state !== "selesai") throw new ServiceError(409, "errors.case_not_done");
  const score = Number(input.score);
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new ServiceError(422, "errors.form_invalid", { score: "errors.score" });
  const comment = typeof input.comment === "string" ? input.comment.trim().slice(0, 1000) : "";
  const tookPart =
    (await db.ballot.count({ where: { deliberationId: c.id, userId: actor.id } })) +
    (await db.taskSignup.count({ where: { userId: actor.id, task: { deliberationId: c.id } } })) +
    (await db.comment.count({ where: { reportId, authorId: actor.id } })) +
    (await db.proposal.count({ where: { reportId, authorId: actor.id } }));
  if (tookPart === 0) throw new ServiceError(403, "errors.rating_not_participant");
  await db.outcomeRating.upsert({
    where: { deliberationId_userId: { deliberationId: c.id, userId: actor.id } },
    create: { deliberationId: c.id, userId: actor.id, score, comment },
    update: { score, comment },
  });
}

/** For the sweeper: phases whose date has passed without their job having run (lost job, Redis wiped). */
export async function latePhases(now = new Date()) {
  const rows = await db.deliberation.findMany({
    where: {
      OR: [
        { state: "musyawarah", votingOpensAt: { lte: now } },
        { state: "pemungutan_suara", votingClosesAt: { lte: now } },
      ],
    },
    select: { id: true, state: true, planVersion: true },
    take: 200,
  });
  return rows.map((r) => ({ id: r.id, event: r.state === "musyawarah" ? ("open_voting" as const) : ("close_voting" as const), planVersion: r.planVersion }));
}

/** Remind the agency this long before an answer is due. */
export const SLA_REMINDER_MS = 2 * 24 * 3600_000;

/**
 * For the sweeper: remind the agency's officers of answers due soon, and escalate overdue cases to the region's
 * DPRD members and the public timeline. Each case once (remindedAt / escalatedAt), so the round is idempotent.
 */
export async function slaRound(now = new Date()) {
  const soon = await db.deliberation.findMany({
    where: { state: "ke_instansi", remindedAt: null, dueAt: { gt: now, lte: new Date(now.getTime() + SLA_REMINDER_MS) } },
    select: { id: true, reportId: true, agencyId: true, dueAt: true },
    take: 200,
  });
  const late = await db.deliberation.findMany({
    where: { state: "ke_instansi", escalatedAt: null, dueAt: { lte: now } },
    select: { id: true, reportId: true, agencyId: true, dueAt: true, report: { select: { kelurahanCode: true, kecamatanCode: true, kotaCode: true } } },
    take: 200,
  });
  const outbox: string[] = [];
  for (const c of soon) {
    const officers = await db.user.findMany({ where: { role: "petugas", agencyId: c.agencyId ?? "-" }, select: { id: true } });
    outbox.push(...(await db.$transaction(async (tx) => {
      const claimed = await tx.deliberation.updateMany({ where: { id: c.id, remindedAt: null }, data: { remindedAt: now } });
      if (claimed.count === 0) return [];
      return notify(tx, officers.map((o) => o.id), { kind: "sla_reminder", reportId: c.reportId, actorId: null, excerpt: c.dueAt?.toISOString() ?? "" });
    })));
  }
  for (const c of late) {
    const codes = [c.report.kelurahanCode, c.report.kecamatanCode, c.report.kotaCode];
    const [dprd, officers] = await Promise.all([
      db.user.findMany({ where: { role: "dprd", regions: { some: { regionCode: { in: codes } } } }, select: { id: true } }),
      db.user.findMany({ where: { role: "petugas", agencyId: c.agencyId ?? "-" }, select: { id: true } }),
    ]);
    outbox.push(...(await db.$transaction(async (tx) => {
      const claimed = await tx.deliberation.updateMany({ where: { id: c.id, escalatedAt: null }, data: { escalatedAt: now } });
      if (claimed.count === 0) return [];
      await appendAuditEvent(tx, { reportId: c.reportId, actorId: null, type: "case.overdue", data: { dueAt: c.dueAt?.toISOString() } });
      return notify(tx, [...dprd, ...officers].map((u) => u.id), { kind: "sla_overdue", reportId: c.reportId, actorId: null, excerpt: c.dueAt?.toISOString() ?? "" });
    })));
  }
  await ringOutbox(outbox);
  return { reminded: soon.length, escalated: late.length };
}

/** For the worker: a phase job at its date. Idempotent: an old plan, or a case already moved, does nothing. */
export async function advancePhase(deliberationId: string, event: "open_voting" | "close_voting", planVersion: number, now = new Date()) {
  const c = await db.deliberation.findUnique({ where: { id: deliberationId }, select: { reportId: true, state: true, planVersion: true } });
  if (!c || c.planVersion !== planVersion) return "stale";
  const expected = event === "open_voting" ? "musyawarah" : "pemungutan_suara";
  if (c.state !== expected) return "already";
  try {
    await takeStep("system", c.reportId, event, {}, now);
    return "done";
  } catch (error) {
    // A guard said no (e.g. no proposals when voting should open): the case waits for the fasilitator.
    if (error instanceof ServiceError) return error.code;
    throw error;
  }
}
