import { db, type Tx } from "~/db.server";
import type { BallotRules } from "~/domain/ballot";
import { ServiceError } from "../errors";

// The rows every case use case reads: the report, the deliberation, its ballot rules and active proposals.
// Each takes a client so a use case can read them inside its own transaction.

export const caseSelect = {
  id: true, reportId: true, state: true, ballotType: true, quorum: true, minSupportPercent: true, eligibility: true,
  discussionEndsAt: true, votingOpensAt: true, votingClosesAt: true, planVersion: true, agencyOverrideId: true, summary: true,
  tally: true, winnerProposalId: true, sentAt: true, dueAt: true, agencyId: true, answer: true, answerNote: true,
  plannedDate: true, answeredAt: true, completedAt: true, showResultsBeforeClose: true,
} as const;

export async function loadReport(reportId: string) {
  const report = await db.report.findUnique({
    where: { id: reportId },
    select: { id: true, number: true, title: true, categorySlug: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true, status: true },
  });
  if (!report) throw new ServiceError(404, "errors.not_found");
  return report;
}
export type CaseReport = Awaited<ReturnType<typeof loadReport>>;

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;
export const findCase = (reportId: string, client: Tx = db) => client.deliberation.findUnique({ where: { reportId }, select: caseSelect });

export const rulesOf = (c: Pick<CaseRow, "ballotType" | "quorum" | "minSupportPercent" | "eligibility">): BallotRules => ({
  type: c.ballotType as BallotRules["type"],
  quorum: c.quorum,
  minSupportPercent: c.minSupportPercent,
  eligibility: c.eligibility as BallotRules["eligibility"],
});

export async function activeProposalIds(reportId: string, client: Tx = db): Promise<string[]> {
  const rows = await client.proposal.findMany({ where: { reportId, status: "active" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  return rows.map((r) => r.id);
}

export function votingWindowOpen(c: Pick<CaseRow, "votingOpensAt" | "votingClosesAt">, now: Date) {
  return (!c.votingOpensAt || c.votingOpensAt <= now) && (!c.votingClosesAt || now < c.votingClosesAt);
}
