import { db } from "~/db.server";
import { regionCodesOf } from "~/domain/case-policy";
import { FlagSchema, HideSchema, mayModerate, SuspendSchema } from "~/domain/deliberation";
import type { Actor } from "~/domain/roles";
import { fieldErrors } from "~/domain/validation";
import { appendAuditEvent } from "./audit.server";
import { ServiceError } from "./errors";
import { publishThreadEvent } from "./live.server";
import { reportForForum } from "./forum-access.server";

// Flags from anyone; hiding, restoring and suspensions by the fasilitator of the report's region.

export async function flagComment(actor: Actor, commentId: string, input: { reason?: unknown }): Promise<void> {
  const parsed = FlagSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const comment = await db.comment.findUnique({ where: { id: commentId }, select: { status: true, authorId: true } });
  if (!comment) throw new ServiceError(404, "errors.not_found");
  if (comment.status !== "visible") throw new ServiceError(409, "errors.comment_unavailable");
  if (comment.authorId === actor.id) throw new ServiceError(409, "errors.flag_own");
  try {
    await db.$transaction(async (tx) => {
      await tx.commentFlag.create({ data: { commentId, userId: actor.id, reason: parsed.data.reason } });
      await tx.comment.update({ where: { id: commentId }, data: { flagCount: { increment: 1 } } });
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new ServiceError(409, "errors.already_flagged");
    throw error;
  }
}

async function moderatedComment(actor: Actor, commentId: string) {
  const comment = await db.comment.findUnique({ where: { id: commentId }, select: { id: true, status: true, reportId: true } });
  if (!comment) throw new ServiceError(404, "errors.not_found");
  const report = await reportForForum(comment.reportId);
  if (!mayModerate(actor, report)) throw new ServiceError(403, "errors.forbidden");
  return { comment, report };
}

const viewSelect = {
  id: true, threadId: true, parentId: true, depth: true, authorId: true, html: true, status: true, hiddenReason: true,
  agreeCount: true, replyCount: true, createdAt: true, editedAt: true, author: { select: { name: true } },
} as const;

async function publishModeration(reportId: string, commentId: string) {
  const row = await db.comment.findUniqueOrThrow({ where: { id: commentId }, select: viewSelect });
  await publishThreadEvent(reportId, {
    type: "comment",
    comment: { ...row, authorName: row.author.name, html: row.status === "visible" ? row.html : null, createdAt: row.createdAt.toISOString(), editedAt: row.editedAt?.toISOString() ?? null, replies: [], hiddenReplies: row.replyCount },
  });
}

/** Hides a comment with a public reason; its flags count as handled. */
export async function hideComment(actor: Actor, commentId: string, input: { reason?: unknown }): Promise<void> {
  const parsed = HideSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const { comment } = await moderatedComment(actor, commentId);
  if (comment.status !== "visible") throw new ServiceError(409, "errors.comment_unavailable");
  await db.$transaction(async (tx) => {
    await tx.comment.update({ where: { id: commentId }, data: { status: "hidden", hiddenReason: parsed.data.reason, hiddenById: actor.id } });
    await tx.commentFlag.updateMany({ where: { commentId, resolvedAt: null }, data: { resolvedAt: new Date() } });
    await appendAuditEvent(tx, { reportId: comment.reportId, actorId: actor.id, type: "comment.hidden", data: { commentId, reason: parsed.data.reason } });
  });
  await publishModeration(comment.reportId, commentId);
}

export async function restoreComment(actor: Actor, commentId: string): Promise<void> {
  const { comment } = await moderatedComment(actor, commentId);
  if (comment.status !== "hidden") throw new ServiceError(409, "errors.comment_not_hidden");
  await db.$transaction(async (tx) => {
    await tx.comment.update({ where: { id: commentId }, data: { status: "visible", hiddenReason: null, hiddenById: null } });
    await appendAuditEvent(tx, { reportId: comment.reportId, actorId: actor.id, type: "comment.restored", data: { commentId } });
  });
  await publishModeration(comment.reportId, commentId);
}

/** The flags were looked at and the comment stays. */
export async function dismissFlags(actor: Actor, commentId: string): Promise<void> {
  await moderatedComment(actor, commentId);
  await db.commentFlag.updateMany({ where: { commentId, resolvedAt: null }, data: { resolvedAt: new Date() } });
}

/** Suspends a user from the forums of one region the fasilitator covers (an admin: any region). */
export async function suspendUser(actor: Actor, userId: string, input: Record<string, unknown>, now = new Date()) {
  const parsed = SuspendSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const { regionCode, days, reason } = parsed.data;
  const allowed = actor.role === "admin" || (actor.role === "fasilitator" && actor.regionCodes.includes(regionCode));
  if (!allowed) throw new ServiceError(403, "errors.forbidden");
  const target = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
  if (!target) throw new ServiceError(404, "errors.not_found");
  if (target.id === actor.id || target.role === "admin" || target.role === "fasilitator") {
    throw new ServiceError(409, "errors.cannot_suspend");
  }
  const until = new Date(now.getTime() + days * 24 * 3600_000);
  await db.$transaction(async (tx) => {
    await tx.forumSuspension.create({ data: { userId, regionCode, reason, until, byId: actor.id } });
    await appendAuditEvent(tx, { reportId: null, actorId: actor.id, type: "forum.user_suspended", data: { userId, regionCode, until: until.toISOString(), reason } });
  });
  return { until };
}

/** Flagged comments not yet handled, in the actor's regions, most flagged first. */
export async function moderationQueue(actor: Actor) {
  if (actor.role !== "admin" && actor.role !== "fasilitator") throw new ServiceError(403, "errors.forbidden");
  const regionFilter =
    actor.role === "admin"
      ? {}
      : {
          report: {
            OR: [
              { kelurahanCode: { in: [...actor.regionCodes] } },
              { kecamatanCode: { in: [...actor.regionCodes] } },
              { kotaCode: { in: [...actor.regionCodes] } },
            ],
          },
        };
  const comments = await db.comment.findMany({
    where: { flags: { some: { resolvedAt: null } }, ...regionFilter },
    orderBy: [{ flagCount: "desc" }, { createdAt: "asc" }],
    take: 100,
    select: {
      id: true, html: true, status: true, createdAt: true, reportId: true, authorId: true,
      author: { select: { name: true } },
      report: { select: { number: true, title: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true } },
      flags: { where: { resolvedAt: null }, select: { reason: true } },
    },
  });
  return comments.map((c) => ({
    id: c.id,
    html: c.status === "visible" ? c.html : null,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    reportId: c.reportId,
    report: { number: c.report.number, title: c.report.title },
    authorId: c.authorId,
    authorName: c.author.name,
    // The region codes a suspension could name, narrowest first, limited to what the actor covers.
    suspendRegions: regionCodesOf(c.report).filter((code) => actor.role === "admin" || actor.regionCodes.includes(code)),
    reasons: Object.entries(
      c.flags.reduce<Record<string, number>>((acc, f) => ({ ...acc, [f.reason]: (acc[f.reason] ?? 0) + 1 }), {}),
    ).map(([reason, count]) => ({ reason, count })),
  }));
}
