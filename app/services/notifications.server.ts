import type { Tx } from "~/db.server";
import { db } from "~/db.server";
import { EMAIL_MODES, type EmailMode } from "~/domain/deliberation";
import { ServiceError } from "./errors";
import { writeOutboxMany } from "./outbox.server";

export type NotificationKind = "reply" | "mention" | "comment" | "proposal" | "amendment" | "amendment_decided" | "merged" | "phase" | "sla_reminder" | "sla_overdue" | "dprd_statement" | "dprd_hearing";

export interface NotificationEvent {
  kind: NotificationKind;
  reportId: string;
  proposalId?: string | null;
  commentId?: string | null;
  actorId: string | null;
  excerpt: string;
}

/**
 * Inside the caller's transaction: one notification per recipient (never the actor), and for those who
 * want instant e-mail an outbox row. Returns the outbox ids to ring after commit.
 */
export async function notify(tx: Tx, recipientIds: Iterable<string>, event: NotificationEvent): Promise<string[]> {
  const ids = [...new Set(recipientIds)].filter((id) => id !== event.actorId);
  if (ids.length === 0) return [];
  const created = await tx.notification.createManyAndReturn({
    data: ids.map((userId) => ({
      userId,
      kind: event.kind,
      reportId: event.reportId,
      proposalId: event.proposalId ?? null,
      commentId: event.commentId ?? null,
      actorId: event.actorId,
      excerpt: event.excerpt.slice(0, 280),
    })),
    select: { id: true, userId: true },
  });
  const instant = await tx.user.findMany({ where: { id: { in: ids }, emailNotifications: "instant" }, select: { id: true } });
  const wantsMail = new Set(instant.map((u) => u.id));
  return writeOutboxMany(
    tx,
    "email.notification",
    created.filter((n) => wantsMail.has(n.userId)).map((n) => ({ notificationId: n.id })),
  );
}

/** Followers of a report or proposal (targetType "report" | "proposal"). */
export async function followerIds(tx: Tx, targetType: "report" | "proposal", targetId: string): Promise<string[]> {
  const rows = await tx.follow.findMany({ where: { targetType, targetId }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

export async function follow(tx: Tx, userId: string, targetType: "report" | "proposal", targetId: string): Promise<void> {
  await tx.follow.upsert({
    where: { userId_targetType_targetId: { userId, targetType, targetId } },
    create: { userId, targetType, targetId },
    update: {},
  });
}

export async function setFollowing(userId: string, targetType: "report" | "proposal", targetId: string, on: boolean) {
  const exists =
    targetType === "report"
      ? await db.report.findUnique({ where: { id: targetId }, select: { id: true } })
      : await db.proposal.findUnique({ where: { id: targetId }, select: { id: true } });
  if (!exists) throw new ServiceError(404, "errors.not_found");
  if (on) await db.$transaction((tx) => follow(tx, userId, targetType, targetId));
  else await db.follow.deleteMany({ where: { userId, targetType, targetId } });
}

export async function isFollowing(userId: string | undefined, targetType: "report" | "proposal", targetId: string) {
  if (!userId) return false;
  const row = await db.follow.findUnique({ where: { userId_targetType_targetId: { userId, targetType, targetId } } });
  return row !== null;
}

export const NOTIFICATION_PAGE = 30;

export async function listNotifications(userId: string, before?: string) {
  const rows = await db.notification.findMany({
    where: { userId, ...(before ? { createdAt: { lt: new Date(before) } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: NOTIFICATION_PAGE + 1,
    select: { id: true, kind: true, reportId: true, proposalId: true, commentId: true, actorId: true, excerpt: true, readAt: true, createdAt: true },
  });
  const page = rows.slice(0, NOTIFICATION_PAGE);
  const actorIds = [...new Set(page.map((n) => n.actorId).filter((id): id is string => !!id))];
  const [actors, reports] = await Promise.all([
    db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }),
    db.report.findMany({ where: { id: { in: [...new Set(page.map((n) => n.reportId))] } }, select: { id: true, number: true, title: true } }),
  ]);
  const names = new Map(actors.map((a) => [a.id, a.name]));
  const reportById = new Map(reports.map((r) => [r.id, r]));
  return {
    items: page.map((n) => ({ ...n, actorName: n.actorId ? names.get(n.actorId) ?? null : null, report: reportById.get(n.reportId) ?? null })),
    nextBefore: rows.length > NOTIFICATION_PAGE ? page.at(-1)?.createdAt.toISOString() ?? null : null,
  };
}

export async function unreadCount(userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

export async function markAllRead(userId: string): Promise<void> {
  await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
}

export async function emailMode(userId: string): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailNotifications: true } });
  return user?.emailNotifications ?? "instant";
}

export async function setEmailMode(userId: string, mode: unknown): Promise<EmailMode> {
  if (typeof mode !== "string" || !(EMAIL_MODES as readonly string[]).includes(mode)) {
    throw new ServiceError(422, "errors.form_invalid", { emailNotifications: "errors.email_mode" });
  }
  await db.user.update({ where: { id: userId }, data: { emailNotifications: mode } });
  return mode as EmailMode;
}
