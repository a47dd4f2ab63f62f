import { db, lockFor } from "~/db.server";
import { ALTERNATIVE_RESPONSES, alternativeOutcome, answerCodeOf, endOfMonthJakarta, parseReply, type AlternativeResponse, type Reply } from "~/domain/agency-reply";
import { needsRoutingTable, receivingAgencyId } from "~/domain/case-policy";
import { answerDueAt, decide, type AgencyAnswer, type CaseActor, type CaseEvent, type CaseFacts, type CaseState } from "~/domain/case-workflow";
import { queueAgencyPush } from "../agency-push.server";
import { appendAuditEvent } from "../audit.server";
import { ServiceError } from "../errors";
import { queueHostPush } from "../host-push.server";
import { queueNotifications, ringFanouts } from "../notifications.server";
import { ringOutbox } from "../outbox.server";
import { responsibleAgency } from "../routing.server";
import { voteVerdict } from "~/domain/alternative-vote";
import { answerAlternative, countVote, escalateToDprd, forwardTarget, openAlternative, writeReply } from "./agency-reply.server";
import { computeTally } from "./ballots.server";
import { markReopened, openFixCheck, recordFixAnswer, reporterFacts, tellAgencyOfReopening, type PreparedFixAnswer } from "../fix-checks.server";
import { activeProposalIds, findCase, loadReport } from "./case-records.server";

// The workflow's steps: by a person (a fasilitator, an officer) or by the worker at a phase date. Every step goes
// through the pure rules (`decide`) and is applied with its effects in one transaction.

/** Takes a workflow step for `actor` (or the worker: "system"), applying its effects in one transaction. */
export async function takeStep(actor: CaseActor, reportId: string, event: CaseEvent, input: Record<string, unknown> = {}, now = new Date()) {
  const report = await loadReport(reportId);
  const before = await findCase(reportId);
  if (!before && event !== "open_deliberation") throw new ServiceError(409, "errors.case_illegal");
  const actorId = actor === "system" ? null : actor.id;

  // The agency's structured reply, or the deliberation's answer to its counter-proposal: checked before the
  // transaction (the form's problems, as i18n keys per field).
  let reply: Reply | null = null;
  if (event === "answer") {
    const solution = before?.winnerProposalId ? await db.proposal.findUnique({ where: { id: before.winnerProposalId }, select: { title: true } }) : null;
    const parsed = parseReply(input, now, solution?.title ?? report.title);
    if (!parsed.ok) throw new ServiceError(422, "errors.form_invalid", parsed.fields);
    reply = parsed.reply;
  }
  let response: { answer: AlternativeResponse | "tanpa_tanggapan" | "by_vote"; note: string } | null = null;
  if (event === "respond_alternative") {
    const note = typeof input.responseNote === "string" ? input.responseNote.trim() : "";
    // The worker answers twice only: with a short vote's count once it closed, or with silence at the deadline.
    const given = actor === "system" ? (input.byVote === true ? "by_vote" : "tanpa_tanggapan") : input.response;
    if (actor !== "system" && !(ALTERNATIVE_RESPONSES as readonly unknown[]).includes(given)) throw new ServiceError(422, "errors.form_invalid", { response: "errors.alternative_response" });
    // A refusal goes to the DPRD beside the agency's text: it owes its reasons.
    if (given === "tolak" && (note.length < 10 || note.length > 2000)) throw new ServiceError(422, "errors.form_invalid", { responseNote: "errors.alternative_reason" });
    response = { answer: given as AlternativeResponse | "tanpa_tanggapan" | "by_vote", note: note.slice(0, 2000) };
  }

  // Routing is reference data, read before the transaction: it takes no part in a race between requests.
  const routedByTable = needsRoutingTable(before) ? ((await responsibleAgency(report))?.id ?? null) : null;

  const { outbox, fanout, finalState } = await db.$transaction(async (tx) => {
    await lockFor(tx, `case:${reportId}`);
    // Everything the decision rests on is read in the transaction that applies it. Closing the vote counts the
    // ballots here, so a ballot is either stored before this transaction (and counted) or refused after it.
    const c = await findCase(reportId, tx);
    if (!c && event !== "open_deliberation") throw new ServiceError(409, "errors.case_illegal");
    // Counted afresh: the final tally never reuses the provisional one's opinion map.
    const counted = event === "close_voting" && c ? await computeTally(c, tx, { fresh: true }) : null;
    const tally = counted?.tally ?? null;
    const open = event === "respond_alternative" && c ? await openAlternative(tx, c.id) : null;
    if (open && response) {
      // The windows decide: silence only once the 14 days passed; a person only before, and not while a short vote
      // runs; a vote's count only once it closed, and only if somebody voted (else the window stays open).
      const expired = !!open.respondBy && open.respondBy <= now;
      const voting = !!open.voteClosesAt && open.voteClosesAt > now;
      if (response.answer === "by_vote") {
        const verdict = open.voteClosesAt && !voting ? voteVerdict(await countVote(tx, open.id)) : null;
        if (!verdict) throw new ServiceError(409, "errors.case_illegal");
        response = { answer: verdict, note: "" };
      } else if (response.answer === "tanpa_tanggapan") {
        if (!expired) throw new ServiceError(409, "errors.case_illegal");
      } else if (expired) throw new ServiceError(409, "errors.alternative_closed");
      else if (voting) throw new ServiceError(409, "errors.alt_vote_open");
    }
    const facts: CaseFacts = {
      state: (c?.state ?? "laporan") as CaseState,
      reportRegions: report,
      agencyId: receivingAgencyId(c, routedByTable),
      activeProposals: (await activeProposalIds(reportId, tx)).length,
      ballotRulesSet: !!c?.votingClosesAt,
      tallyWinner: tally?.winnerId ?? null,
      answer: reply ? answerCodeOf(reply.kind) : ((c?.answer ?? null) as AgencyAnswer | null),
      proposerId: event === "respond_alternative" && c?.winnerProposalId ? (await tx.proposal.findUnique({ where: { id: c.winnerProposalId }, select: { authorId: true } }))?.authorId ?? null : null,
      alternativeOutcome: open && response && response.answer !== "by_vote" ? alternativeOutcome(response.answer, open.amendment ? 2 : 1) : null,
      forwardTo: event === "forward" && c ? await forwardTarget(tx, c.id) : null,
      ...(event === "reopen_fix" ? await reporterFacts(tx, reportId) : {}),
    };
    const decision = decide(facts, event, actor);
    if (!decision.ok) throw new ServiceError(decision.refusal === "errors.case_forbidden" ? 403 : 409, decision.refusal);

    // Mufakat goes on to the agency in the same transaction: the case can never stop half-way at "mufakat".
    const forward = event === "close_voting" && decision.next === "mufakat" ? decide({ ...facts, state: "mufakat" }, "send_to_agency", "system") : null;
    const sending = event === "send_to_agency" || event === "forward" || forward?.ok === true || !!facts.alternativeOutcome?.backToAgency;
    // Forwarded: the case goes to the agency the refusal named, as if sent there now.
    const receiving = event === "forward" ? facts.forwardTo! : facts.agencyId;
    const effects = [...decision.effects, ...(forward?.ok ? forward.effects : [])];
    const finalState = forward?.ok ? forward.next : decision.next;

    // Only move from the state we decided on (a second job run, or a step that raced us, does nothing).
    const data: Record<string, unknown> = { state: finalState };
    for (const effect of effects) {
      if (effect.kind === "tally" && tally) Object.assign(data, { tally: JSON.stringify(tally), tallyAt: now, winnerProposalId: tally.winnerId, opinionModel: counted?.opinionModel ?? null });
      if (effect.kind === "restart_sla") {
        // When it was first sent stays (days-to-answer figures count from it); only the deadline starts again.
        const agency = await tx.agency.findUnique({ where: { id: facts.agencyId ?? "" }, select: { slaDays: true } });
        Object.assign(data, { dueAt: answerDueAt(now, agency?.slaDays ?? 14), remindedAt: null, escalatedAt: null });
      }
      if (effect.kind === "set_due_date") {
        const agency = await tx.agency.findUnique({ where: { id: receiving ?? "" }, select: { slaDays: true } });
        // A new SLA: its reminder and escalation are owed again.
        Object.assign(data, { sentAt: now, agencyId: receiving, dueAt: answerDueAt(now, agency?.slaDays ?? 14), remindedAt: null, escalatedAt: null });
      }
    }
    let escalations: string[] = [];
    if (reply && c) {
      const written = await writeReply(tx, { ...c, agencyId: facts.agencyId }, report, reply, actorId!, now);
      Object.assign(data, { answer: answerCodeOf(reply.kind), answerNote: reply.note, plannedDate: written.lastMonth ? endOfMonthJakarta(written.lastMonth) : null, answeredAt: now });
    }
    if (response && c) {
      const outcome = await answerAlternative(tx, c, report, response.answer as AlternativeResponse | "tanpa_tanggapan", response.note, actorId, now);
      data.answer = outcome.answer;
      // Agreed: the counter-proposal's period is now the plan.
      if (outcome.answer === "diterima_dengan_perubahan" && open?.periodMonth) data.plannedDate = endOfMonthJakarta(open.periodMonth);
      if (decision.effects.some((e) => e.kind === "escalate")) escalations = await escalateToDprd(tx, report, outcome.answer);
    }
    if (event === "forward") Object.assign(data, { answer: null, answerNote: null, plannedDate: null, answeredAt: null });
    let reopenNotices: string[] = [];
    if (event === "reopen_fix") {
      // Only as the reporter's "belum" (recorded here, in the transaction that reopens), and only if it still reopens.
      const fixAnswer = input.fixAnswer as PreparedFixAnswer | undefined;
      if (!fixAnswer || fixAnswer.userId !== actorId || (await recordFixAnswer(tx, reportId, fixAnswer, now)).effect !== "reopen") throw new ServiceError(409, "errors.fix_not_open");
      data.completedAt = null;
      await markReopened(tx, reportId, now);
      reopenNotices = await tellAgencyOfReopening(tx, reportId, fixAnswer);
    }
    // Opening or closing by hand before the planned date moves that date to now (the page and the window agree).
    if (event === "open_voting" && c && (!c.votingOpensAt || c.votingOpensAt > now)) data.votingOpensAt = now;
    if (event === "close_voting" && c && (!c.votingClosesAt || c.votingClosesAt > now)) data.votingClosesAt = now;
    if (decision.next === "selesai") {
      data.completedAt = now;
      // Residents will be asked whether it was really fixed.
      await openFixCheck(tx, reportId, now);
    }
    if (event === "reopen") Object.assign(data, { tally: null, tallyAt: null, opinionModel: null, winnerProposalId: null, answer: null, answerNote: null, plannedDate: null, answeredAt: null, votingOpensAt: null, votingClosesAt: null, planVersion: { increment: 1 } });
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
        ...(reply ? { answer: answerCodeOf(reply.kind), note: reply.note } : {}),
        ...(response ? { response: response.answer, note: response.note } : {}),
        ...(event === "forward" ? { agency: receiving } : {}),
      },
    });
    if (forward?.ok) await appendAuditEvent(tx, { reportId, actorId: null, type: "case.send_to_agency", data: { to: forward.next } });
    // Reaching the agency: the push to its channels is written with the step, delivered by the worker.
    const pushes = sending && c && receiving ? await queueAgencyPush(tx, c.id, receiving) : [];
    // The deliberation answered the agency's counter-proposal: its webhook hears of it (its e-mail is for new cases).
    if ((event === "respond_alternative" || event === "reopen_fix") && c && receiving && !sending) pushes.push(...(await queueAgencyPush(tx, c.id, receiving, { email: false })));
    pushes.push(...escalations, ...reopenNotices);
    // A report from a host system: its host hears of the new phase too.
    const answering = event === "answer" || event === "respond_alternative";
    pushes.push(...(await queueHostPush(tx, reportId, answering ? "case.answered" : "case.phase_changed")));
    const fanout = decision.effects.some((e) => e.kind === "notify_followers")
      ? await queueNotifications(tx, { reportId, actorId, excerpt: finalState }, [{ kind: "phase", followersOf: { type: "report", id: reportId } }])
      : null;
    return { outbox: pushes, fanout, finalState };
    // A big vote's tally is computed inside; the default 15 s is for ordinary writes.
  }, { timeout: 120_000 });
  await ringOutbox(outbox);
  await ringFanouts([fanout]);
  return finalState;
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

/** For the sweeper: a counter-proposal whose window passed unanswered becomes "alternatif tanpa tanggapan". */
export async function expireAlternative(reportId: string, now = new Date()) {
  try {
    await takeStep("system", reportId, "respond_alternative", {}, now);
    return "done";
  } catch (error) {
    // Answered meanwhile, or its window not passed after all: nothing to do.
    if (error instanceof ServiceError) return error.code;
    throw error;
  }
}
