import { ONGOING_PHASES } from "~/domain/report-filters";
import { db } from "~/db.server";
import { agencyRecords, lastMonths, median, perMonth, type AgencyRecord } from "~/domain/dashboard";
import { REPORT_STATUSES } from "~/domain/report-status";
import { ServiceError } from "./errors";
import { referenceData } from "./reference-data.server";

// The public dashboard per scope (all of Jakarta, a kota, a kecamatan). Computing it reads every proposal, ballot
// and case of the scope, so the worker keeps a snapshot per scope (every few minutes) and a page view reads one row.
// A scope without a snapshot yet is computed on the spot once.

export type DashboardScope = { level: "jakarta" } | { level: "kota" | "kecamatan"; code: string };

/** Snapshots older than this are recomputed on view (the worker refreshes them more often). */
const STALE_MS = 15 * 60_000;

const MONTHS = 12;

export interface Dashboard {
  scope: string;
  computedAt: string;
  reportsByStatus: Record<string, number>;
  reports: number;
  activeDeliberations: number;
  participants: number;
  months: string[];
  proposalsPerMonth: number[];
  votesPerMonth: number[];
  agencies: AgencyRecord[];
  answerRate: number | null;
  medianDaysToAnswer: number | null;
}

export function scopeKey(scope: DashboardScope): string {
  return scope.level === "jakarta" ? "jakarta" : `${scope.level}:${scope.code}`;
}

/** The scope a page asks for (?kecamatan= wins over ?kota=), checked against the region tree. */
export async function parseScope(params: URLSearchParams): Promise<DashboardScope> {
  const ref = await referenceData();
  for (const level of ["kecamatan", "kota"] as const) {
    const code = params.get(level);
    if (!code) continue;
    if (ref.byCode.get(code)?.level !== level) throw new ServiceError(404, "errors.region_unknown");
    return { level, code };
  }
  return { level: "jakarta" };
}

function reportWhere(scope: DashboardScope) {
  if (scope.level === "kota") return { kotaCode: scope.code };
  if (scope.level === "kecamatan") return { kecamatanCode: scope.code };
  return {};
}

export async function computeDashboard(scope: DashboardScope, now = new Date()): Promise<Dashboard> {
  const where = reportWhere(scope);
  const months = lastMonths(now, MONTHS);
  const since = new Date(now.getTime() - (MONTHS + 1) * 31 * 86_400_000);
  const [byStatus, active, proposals, ballots, commenters, proposers, voters, cases] = await Promise.all([
    db.report.groupBy({ by: ["status"], where, _count: { _all: true } }),
    db.deliberation.count({ where: { state: { in: [...ONGOING_PHASES] }, report: where } }),
    db.proposal.findMany({ where: { report: where, createdAt: { gte: since } }, select: { createdAt: true } }),
    db.ballot.findMany({ where: { deliberation: { report: where }, createdAt: { gte: since } }, select: { createdAt: true } }),
    db.comment.groupBy({ by: ["authorId"], where: { report: where } }),
    db.proposal.groupBy({ by: ["authorId"], where: { report: where } }),
    db.ballot.groupBy({ by: ["userId"], where: { deliberation: { report: where }, userId: { not: null } } }),
    db.deliberation.findMany({
      where: { report: where, sentAt: { not: null }, agencyId: { not: null } },
      select: { agencyId: true, sentAt: true, answeredAt: true, dueAt: true },
    }),
  ]);
  const agencyNames = new Map((await db.agency.findMany({ where: { id: { in: [...new Set(cases.map((c) => c.agencyId!))] } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]));
  const agencies = agencyRecords(cases.map((c) => ({ agencyId: c.agencyId!, agencyName: agencyNames.get(c.agencyId!) ?? "?", sentAt: c.sentAt!, answeredAt: c.answeredAt, dueAt: c.dueAt })), now);
  const reportsByStatus = Object.fromEntries(REPORT_STATUSES.map((s) => [s, byStatus.find((b) => b.status === s)?._count._all ?? 0]));
  const participants = new Set([...commenters.map((c) => c.authorId), ...proposers.map((p) => p.authorId), ...voters.map((v) => v.userId!)]);
  const received = agencies.reduce((n, a) => n + a.received, 0);
  const answered = agencies.reduce((n, a) => n + a.answered, 0);
  const answerDays = cases.filter((c) => c.answeredAt).map((c) => (c.answeredAt!.getTime() - c.sentAt!.getTime()) / 86_400_000);
  return {
    scope: scopeKey(scope),
    computedAt: now.toISOString(),
    reportsByStatus,
    reports: Object.values(reportsByStatus).reduce((a, b) => a + b, 0),
    activeDeliberations: active,
    participants: participants.size,
    months,
    proposalsPerMonth: perMonth(proposals.map((p) => p.createdAt), months),
    votesPerMonth: perMonth(ballots.map((b) => b.createdAt), months),
    agencies,
    answerRate: received ? answered / received : null,
    medianDaysToAnswer: median(answerDays),
  };
}

/** The page's read: the stored snapshot, or a fresh computation stored for the next view. */
export async function getDashboard(scope: DashboardScope, now = new Date()): Promise<Dashboard> {
  const key = scopeKey(scope);
  const stored = await db.dashboardSnapshot.findUnique({ where: { scope: key } });
  if (stored && now.getTime() - stored.computedAt.getTime() < STALE_MS) return JSON.parse(stored.data) as Dashboard;
  return storeDashboard(scope, now);
}

async function storeDashboard(scope: DashboardScope, now: Date): Promise<Dashboard> {
  const data = await computeDashboard(scope, now);
  await db.dashboardSnapshot.upsert({ where: { scope: data.scope }, create: { scope: data.scope, data: JSON.stringify(data), computedAt: now }, update: { data: JSON.stringify(data), computedAt: now } });
  return data;
}

/** For the worker: every scope people look at — Jakarta, each kota, each kecamatan. */
export async function refreshDashboards(now = new Date()) {
  const ref = await referenceData();
  const scopes: DashboardScope[] = [{ level: "jakarta" }];
  for (const r of ref.byCode.values()) if (r.level === "kota" || r.level === "kecamatan") scopes.push({ level: r.level, code: r.code });
  for (const scope of scopes) await storeDashboard(scope, now);
  return { scopes: scopes.length };
}
