import { db } from "~/db.server";
import type { BallotChoices, Tally } from "~/domain/ballot";
import { placeVoter, readModel, type MyPlace } from "~/domain/opinion-map";
import { caseCapabilities, followMerges, isCaseModerator, needsRoutingTable, receivingAgencyId } from "~/domain/case-policy";
import { alternativeOutcome } from "~/domain/agency-reply";
import { availableEvents, isOverdue, proposalsOpen, tallyPublished, type AgencyAnswer, type CaseFacts, type CaseState } from "~/domain/case-workflow";
import type { Actor } from "~/domain/roles";
import { responsibleAgency } from "../routing.server";
import { ServiceError } from "../errors";
import { fixCheckView } from "../fix-checks.server";
import { resultsOf, type ResultView } from "../results.server";
import { forwardTarget, repliesOf, type ReplyView } from "./agency-reply.server";
import { caseSelect, rulesOf, votingWindowOpen, type CaseReport, type CaseRow } from "./case-records.server";

// The case as a page shows it (the report page, the agency's progress page, the DPRD dossier).

export type CaseView = Awaited<ReturnType<typeof getCase>>;

/** What a page may already have read: the report's case fields and the agency the routing table names for it. */
export interface CasePreload {
  report?: CaseReport;
  routedAgency?: { id: string } | null;
}

/**
 * The case's counts, each by its own indexed count. Not Prisma's relation `_count`: it joins a GROUP BY over the
 * whole related table (every ballot of every vote in the database, read on each page view: 14 ms per view beside one
 * past vote of 300,000 ballots), where a count on the foreign key reads only this case's rows.
 */
async function countsOfCase(reportId: string, deliberationId: string | null) {
  const [activeProposals, ballots] = await Promise.all([
    db.proposal.count({ where: { reportId, status: "active" } }),
    deliberationId ? db.ballot.count({ where: { deliberationId } }) : 0,
  ]);
  return { activeProposals, ballots };
}

/**
 * "Where do I stand?": the voter's place on the published tally's opinion map, from their own ballot. undefined when
 * there is no map to show them (not signed in, no groups, a tally older than the stored map); null when they have not
 * voted. Reads the stored map (up to ~100 kB) only for a signed-in person looking at a tally with groups.
 */
async function myPlaceOf(reportId: string, deliberationId: string, tally: Tally | null, ballot: { choices: string } | null): Promise<MyPlace | null | undefined> {
  if (tally?.type !== "approval" || (tally.groups?.length ?? 0) < 2) return undefined;
  if (!ballot) return null;
  const [row, merged] = await Promise.all([
    db.deliberation.findUnique({ where: { id: deliberationId }, select: { opinionModel: true } }),
    db.proposal.findMany({ where: { reportId, status: "merged" }, select: { id: true, mergedIntoId: true } }),
  ]);
  const stored = readModel(row?.opinionModel);
  const choices = JSON.parse(ballot.choices) as BallotChoices;
  if (!stored || Array.isArray(choices)) return undefined;
  // Placed as the tally counted the ballot: stances on merged proposals moved to the proposal they live on in.
  const into = new Map(merged.map((m) => [m.id, m.mergedIntoId ?? ""]));
  return placeVoter(stored, followMerges(choices, into, new Set(stored.proposalIds))) ?? undefined;
}

/** The case as a page shows it: state, dates, rules, the tally, the answer, what this actor may do now. */
export async function getCase(reportId: string, actor: Actor | null, now = new Date(), preload: CasePreload = {}) {
  // One wide query for the case and everything under it; its counts apart (see countsOfCase).
  const row = await db.report.findUnique({
    where: { id: reportId },
    select: {
      id: true, number: true, title: true, categorySlug: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true, status: true,
      deliberation: {
        select: {
          ...caseSelect,
          tasks: { orderBy: { createdAt: "asc" }, select: { id: true, title: true, when: true, capacity: true, signups: { select: { userId: true } } } },
          updates: {
            orderBy: { createdAt: "asc" },
            // Entries of a result are shown under that result.
            where: { resultId: null },
            select: { id: true, kind: true, note: true, createdAt: true, photos: { orderBy: { position: "asc" }, select: { id: true, status: true, imagePath: true, thumbPath: true } } },
          },
          ...(actor
            ? { ballots: { where: { userId: actor.id }, select: { choices: true, receipt: true } }, ratings: { where: { userId: actor.id }, select: { score: true } } }
            : {}),
        },
      },
    },
  });
  if (!row) throw new ServiceError(404, "errors.not_found");
  const { deliberation, ...reportFields } = row;
  const counts = await countsOfCase(reportId, deliberation?.id ?? null);
  const report: CaseReport = preload.report ?? reportFields;
  const c: CaseRow | null = deliberation;
  const routed = needsRoutingTable(c) ? (preload.routedAgency !== undefined ? preload.routedAgency : await responsibleAgency(report)) : null;
  // The agency's replies and the results they created: read only once the case reached an agency.
  const answered = !!c?.sentAt;
  const [replies, results, forwardTo, solution, fixCheck] = await Promise.all([
    c && answered ? repliesOf(c.id) : ([] as ReplyView[]),
    c && answered ? resultsOf(c.id, now) : ([] as ResultView[]),
    c?.answer === "ditolak" ? forwardTarget(db, c.id) : null,
    // The citizens' solution: shown beside a counter-proposal; its author may answer one.
    c?.winnerProposalId && answered ? db.proposal.findUnique({ where: { id: c.winnerProposalId }, select: { authorId: true, title: true, text: true } }) : null,
    // "Sudah diperbaiki?": only once a fix was marked done (a report with a check).
    reportFields.status !== "menunggu" ? fixCheckView(reportId, actor, now) : null,
  ]);
  const openAlternative = c?.answer === "alternatif" ? replies.findLast((r) => r.kind === "alternatif" && !r.response) ?? null : null;
  const myAlternativeVote = actor && openAlternative?.voteClosesAt
    ? await db.alternativeBallot.findUnique({ where: { replyId_userId: { replyId: openAlternative.id, userId: actor.id } }, select: { choice: true } })
    : null;
  const facts: CaseFacts = {
    state: (c?.state ?? "laporan") as CaseState,
    reportRegions: report,
    agencyId: receivingAgencyId(c, routed?.id ?? null),
    activeProposals: counts.activeProposals,
    ballotRulesSet: !!c?.votingClosesAt,
    tallyWinner: null,
    answer: (c?.answer ?? null) as AgencyAnswer | null,
    proposerId: solution?.authorId ?? null,
    // Whether this viewer may answer the counter-proposal (any answer would do for the question).
    alternativeOutcome: openAlternative ? alternativeOutcome("setuju", openAlternative.round) : null,
    forwardTo,
  };
  const agencyId = facts.agencyId;
  const tasks = deliberation?.tasks ?? [];
  const updates = deliberation?.updates ?? [];
  const signedUp = [...new Set(tasks.flatMap((t) => t.signups.map((s) => s.userId)))];
  const [agency, ratings, names, forwardAgency] = await Promise.all([
    agencyId ? db.agency.findUnique({ where: { id: agencyId }, select: { id: true, name: true, slaDays: true } }) : null,
    deliberation ? db.outcomeRating.aggregate({ where: { deliberationId: deliberation.id }, _avg: { score: true }, _count: { _all: true } }) : null,
    signedUp.length > 0 ? db.user.findMany({ where: { id: { in: signedUp } }, select: { id: true, name: true } }) : [],
    forwardTo ? db.agency.findUnique({ where: { id: forwardTo }, select: { id: true, name: true } }) : null,
  ]);
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  const myBallot = (deliberation && "ballots" in deliberation ? deliberation.ballots[0] : null) ?? null;
  const myRating = (deliberation && "ratings" in deliberation ? deliberation.ratings[0] : null) ?? null;
  const ballotCount = counts.ballots;
  const tally = c?.tally && tallyPublished(facts.state, c.showResultsBeforeClose) ? (JSON.parse(c.tally) as Tally & { receipts: string[] }) : null;
  const myPlace = actor && c ? await myPlaceOf(reportId, c.id, tally, myBallot) : undefined;
  return {
    reportId: row.id,
    exists: !!c,
    state: facts.state,
    rules: c ? rulesOf(c) : null,
    discussionEndsAt: c?.discussionEndsAt?.toISOString() ?? null,
    votingOpensAt: c?.votingOpensAt?.toISOString() ?? null,
    votingClosesAt: c?.votingClosesAt?.toISOString() ?? null,
    summary: c?.summary ?? "",
    agency,
    agencyOverridden: !!c?.agencyOverrideId,
    tally,
    /** The viewer's place on the opinion map (see myPlaceOf); false: no map for them (JSON has no undefined). */
    myPlace: myPlace === undefined ? (false as const) : myPlace,
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
    /** The agency's structured replies, oldest first (round 2: its amended answer after a refused counter-proposal). */
    replies,
    /** The counter-proposal waiting for the deliberation's answer. */
    openAlternative,
    /** Its short vote, as this viewer sees it: open or not, may they vote (they voted on the case), their vote. */
    alternativeVote: openAlternative
      ? {
          open: !!openAlternative.voteClosesAt && new Date(openAlternative.voteClosesAt) > now,
          mayOpen: isCaseModerator(actor, report) && !openAlternative.voteClosesAt,
          eligible: !!myBallot,
          mine: myAlternativeVote?.choice ?? null,
        }
      : null,
    /** The agency a "bukan kewenangan" refusal named: the fasilitator may forward the case there. */
    forwardAgency,
    solution: solution ? { title: solution.title, text: solution.text } : null,
    /** The latest fix's check: residents' answers, a doubt, what this viewer may do. */
    fixCheck,
    results,
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

