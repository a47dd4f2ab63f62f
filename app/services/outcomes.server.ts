import { db } from "~/db.server";
import type { Tally } from "~/domain/ballot";
import type { CaseState } from "~/domain/case-workflow";
import { FINISHED_STATES, outcomeRecord, type OutcomeRecord } from "~/domain/outcome";
import type { DashboardScope } from "./dashboard.server";
import { ServiceError } from "./errors";

// Open data: the outcome of every deliberation whose vote has closed, one at a time or as a list per region.

const select = {
  state: true, tally: true, winnerProposalId: true, agencyId: true, sentAt: true, dueAt: true, answer: true, answerNote: true, answeredAt: true, completedAt: true,
  ratings: { select: { score: true } },
  report: { select: { id: true, number: true, title: true, categorySlug: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true, createdAt: true } },
} as const;

/** Most outcomes one list download holds (newest first); narrow by region for more. */
export const OUTCOME_LIST_MAX = 5000;

async function records(rows: Awaited<ReturnType<typeof findRows>>, origin: string): Promise<OutcomeRecord[]> {
  const tallies = rows.map((r) => (r.tally ? (JSON.parse(r.tally) as Tally) : null));
  const proposalIds = tallies.flatMap((t) => t?.proposals.map((p) => p.id) ?? []);
  const agencyIds = rows.flatMap((r) => (r.agencyId ? [r.agencyId] : []));
  const [proposals, agencies] = await Promise.all([
    proposalIds.length ? db.proposal.findMany({ where: { id: { in: proposalIds } }, select: { id: true, title: true } }) : [],
    agencyIds.length ? db.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true, name: true } }) : [],
  ]);
  const titles = new Map(proposals.map((p) => [p.id, p.title]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  return rows.map((r, i) => outcomeRecord({
    report: r.report, state: r.state as CaseState, tally: tallies[i]!, titles, agencyName: r.agencyId ? agencyName.get(r.agencyId) ?? null : null,
    sentAt: r.sentAt, dueAt: r.dueAt, answer: r.answer, answerNote: r.answerNote, answeredAt: r.answeredAt, completedAt: r.completedAt,
    ratings: r.ratings.map((x) => x.score),
  }, origin));
}

const findRows = (where: object, take: number) =>
  db.deliberation.findMany({ where: { state: { in: [...FINISHED_STATES] }, ...where }, orderBy: { updatedAt: "desc" }, take, select });

/** One finished deliberation's outcome; 404 while its vote is still open (or it has none). */
export async function outcomeOf(reportId: string, origin: string): Promise<OutcomeRecord> {
  const rows = await findRows({ reportId }, 1);
  if (rows.length === 0) throw new ServiceError(404, "errors.outcome_not_final");
  return (await records(rows, origin))[0]!;
}

/** Every finished outcome, or those of a kota / kecamatan (the same scopes as /dasbor). */
export async function finishedOutcomes(scope: DashboardScope, origin: string): Promise<OutcomeRecord[]> {
  const where = scope.level === "kecamatan" ? { report: { kecamatanCode: scope.code } } : scope.level === "kota" ? { report: { kotaCode: scope.code } } : {};
  return records(await findRows(where, OUTCOME_LIST_MAX), origin);
}
