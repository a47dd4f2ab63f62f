import { db } from "~/db.server";
import type { BallotChoices, Tally } from "~/domain/ballot";
import { caseCapabilities, needsRoutingTable, receivingAgencyId } from "~/domain/case-policy";
import { availableEvents, isOverdue, proposalsOpen, tallyPublished, type AgencyAnswer, type CaseFacts, type CaseState } from "~/domain/case-workflow";
import type { Actor } from "~/domain/roles";
import { responsibleAgency } from "../routing.server";
import { activeProposalIds, findCase, loadReport, rulesOf, votingWindowOpen, type CaseReport, type CaseRow } from "./case-records.server";

// The case as a page shows it (the report page, the agency's progress page, the DPRD dossier).

async function routedAgencyId(c: CaseRow | null, report: CaseReport) {
  return receivingAgencyId(c, needsRoutingTable(c) ? ((await responsibleAgency(report))?.id ?? null) : null);
}

async function factsOf(c: CaseRow | null, report: CaseReport): Promise<CaseFacts> {
  return {
    state: (c?.state ?? "laporan") as CaseState,
    reportRegions: report,
    agencyId: await routedAgencyId(c, report),
    activeProposals: (await activeProposalIds(report.id)).length,
    ballotRulesSet: !!c?.votingClosesAt,
    tallyWinner: null,
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
    /** What this viewer may do now: the panel shows exactly these forms (the services check them again). */
    can: caseCapabilities(actor, { state: facts.state, agencyId, answer: c?.answer ?? null, report }),
  };
}

