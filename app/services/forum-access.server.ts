import { db } from "~/db.server";
import type { ReportRegions } from "~/domain/case-policy";
import { suspensionApplies } from "~/domain/deliberation";
import { ServiceError } from "./errors";

// Shared checks for everyone who writes in a report's forum.

export async function reportForForum(reportId: string) {
  const report = await db.report.findUnique({
    where: { id: reportId },
    select: { id: true, number: true, title: true, reporterId: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true },
  });
  if (!report) throw new ServiceError(404, "errors.not_found");
  return report;
}

/** Refuses a user suspended from any of the report's regions, saying until when. */
export async function assertNotSuspended(userId: string, report: ReportRegions, now = new Date()): Promise<void> {
  const suspensions = await db.forumSuspension.findMany({
    where: { userId, until: { gt: now } },
    select: { regionCode: true, until: true },
  });
  const active = suspensions.filter((s) => suspensionApplies(s, report, now)).sort((a, b) => b.until.getTime() - a.until.getTime())[0];
  if (active) throw new ServiceError(403, "errors.suspended", { until: active.until.toISOString() });
}

export async function userNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids.slice(0, 50) } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/**
 * Resolves mentioned ids to names only for people taking part in the report's forum (its reporter, commenters and
 * proposers); anyone else stays plain text, so nobody can be notified from a thread they never joined.
 */
export function participantNames(reportId: string) {
  return async (ids: string[]): Promise<Map<string, string>> => {
    const asked = [...new Set(ids)].slice(0, 50);
    if (asked.length === 0) return new Map();
    const [commenters, proposers, report] = await Promise.all([
      db.comment.groupBy({ by: ["authorId"], where: { reportId, authorId: { in: asked } } }),
      db.proposal.groupBy({ by: ["authorId"], where: { reportId, authorId: { in: asked } } }),
      db.report.findUnique({ where: { id: reportId }, select: { reporterId: true } }),
    ]);
    const taking = new Set([...commenters.map((c) => c.authorId), ...proposers.map((p) => p.authorId)]);
    if (report?.reporterId && asked.includes(report.reporterId)) taking.add(report.reporterId);
    return userNames([...taking]);
  };
}

/** The people already in a report's forum (reporter, commenters, proposers): who "@" can mention. */
export async function forumParticipants(reportId: string) {
  // GROUP BY in SQL (Prisma's `distinct` would read every comment of the thread into memory).
  const [commenters, proposers, report] = await Promise.all([
    db.comment.groupBy({ by: ["authorId"], where: { reportId }, _max: { createdAt: true }, orderBy: { _max: { createdAt: "desc" } }, take: 200 }),
    db.proposal.groupBy({ by: ["authorId"], where: { reportId }, orderBy: { authorId: "asc" }, take: 100 }),
    db.report.findUnique({ where: { id: reportId }, select: { reporterId: true } }),
  ]);
  const ids = new Set([...commenters.map((c) => c.authorId), ...proposers.map((p) => p.authorId)]);
  if (report?.reporterId) ids.add(report.reporterId);
  const users = await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  return users;
}
