import { db, lockFor } from "~/db.server";
import { voteWindowProblem } from "~/domain/alternative-vote";
import { ALTERNATIVE_RESPONSES } from "~/domain/agency-reply";
import { isCaseModerator } from "~/domain/case-policy";
import type { Actor } from "~/domain/roles";
import { appendAuditEvent } from "../audit.server";
import { ServiceError } from "../errors";
import { queueNotifications, ringFanouts } from "../notifications.server";
import { loadReport } from "./case-records.server";
import { takeStep } from "./case-steps.server";

// The short vote on the agency's counter-proposal: the fasilitator opens it (closing within the 14-day window),
// the case's participants (those who voted on its solutions) answer setuju or tolak, one vote each and changeable
// until it closes, and the worker closes it at its date: the count becomes the deliberation's answer.

/** The counter-proposal waiting for an answer on this report's case, with the case (or a 409). */
async function openReply(reportId: string) {
  const reply = await db.agencyReply.findFirst({
    where: { deliberation: { reportId }, kind: "alternatif", response: null },
    orderBy: { round: "desc" },
    select: { id: true, respondBy: true, voteClosesAt: true, deliberationId: true },
  });
  if (!reply) throw new ServiceError(409, "errors.case_illegal");
  return reply;
}

export async function openAlternativeVote(actor: Actor, reportId: string, closesAt: unknown, now = new Date()) {
  const report = await loadReport(reportId);
  if (!isCaseModerator(actor, report)) throw new ServiceError(403, "errors.case_forbidden");
  const reply = await openReply(reportId);
  const closes = typeof closesAt === "string" && closesAt ? new Date(closesAt) : new Date(Number.NaN);
  const problem = voteWindowProblem(closes, now, reply.respondBy ?? now);
  if (problem) throw new ServiceError(422, "errors.form_invalid", { voteClosesAt: problem });
  const fanout = await db.$transaction(async (tx) => {
    await lockFor(tx, `case:${reportId}`);
    // One vote per counter-proposal, opened before its deadline, never twice.
    const opened = await tx.agencyReply.updateMany({ where: { id: reply.id, response: null, voteClosesAt: null }, data: { voteClosesAt: closes } });
    if (opened.count === 0) throw new ServiceError(409, "errors.alt_vote_exists");
    await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "case.alternative_vote", data: { closesAt: closes.toISOString() } });
    // The participants hear of it (and the report's followers, who may have voted too).
    const voters = await tx.ballot.findMany({ where: { deliberationId: reply.deliberationId, userId: { not: null } }, select: { userId: true } });
    return queueNotifications(tx, { reportId, actorId: actor.id, excerpt: closes.toISOString() }, [{ kind: "alternative_vote", userIds: voters.map((v) => v.userId!) }]);
  });
  await ringFanouts([fanout]);
}

/**
 * A participant's vote (setuju | tolak), changeable until the vote closes. The window, the eligibility and the one
 * vote per person are checked in the transaction that writes it (the close counts under the same case lock).
 */
export async function voteOnAlternative(actor: Actor, reportId: string, choice: unknown, now = new Date()) {
  if (!(ALTERNATIVE_RESPONSES as readonly unknown[]).includes(choice)) throw new ServiceError(422, "errors.form_invalid", { choice: "errors.alternative_response" });
  await db.$transaction(async (tx) => {
    await lockFor(tx, `case:${reportId}`, "shared");
    const reply = await tx.agencyReply.findFirst({
      where: { deliberation: { reportId }, kind: "alternatif", response: null },
      orderBy: { round: "desc" },
      select: { id: true, voteClosesAt: true, deliberationId: true },
    });
    if (!reply?.voteClosesAt || reply.voteClosesAt <= now) throw new ServiceError(409, "errors.alt_vote_closed");
    const participant = await tx.ballot.findFirst({ where: { deliberationId: reply.deliberationId, userId: actor.id }, select: { id: true } });
    if (!participant) throw new ServiceError(403, "errors.alt_vote_not_participant");
    await tx.alternativeBallot.upsert({
      where: { replyId_userId: { replyId: reply.id, userId: actor.id } },
      create: { replyId: reply.id, userId: actor.id, choice: choice as string },
      update: { choice: choice as string, updatedAt: now },
    });
  });
}

/** For the sweeper: votes past their closing date whose counter-proposal is still unanswered. */
export async function dueAlternativeVotes(now = new Date()): Promise<string[]> {
  const rows = await db.agencyReply.findMany({
    // A vote nobody took part in decides nothing: its counter-proposal waits for a person, or for its deadline.
    where: { kind: "alternatif", response: null, voteClosesAt: { lte: now }, votes: { some: {} } },
    select: { deliberation: { select: { reportId: true } } },
    take: 200,
  });
  return rows.map((r) => r.deliberation.reportId);
}

/** For the worker: closes a vote at its date; the count becomes the answer (no votes: the window stays open). */
export async function closeAlternativeVote(reportId: string, now = new Date()) {
  try {
    await takeStep("system", reportId, "respond_alternative", { byVote: true }, now);
    return "done";
  } catch (error) {
    if (error instanceof ServiceError) return error.code;
    throw error;
  }
}
