import { type Tx, db, lockFor } from "~/db.server";
import {
  canReplyTo,
  editWindowOpen,
  REPLIES_SHOWN,
  THREAD_PAGE_SIZE,
  VISIBLE_DEPTH,
  type ThreadSort,
} from "~/domain/deliberation";
import type { Actor } from "~/domain/roles";
import { prepareRichText, type RichTextInput } from "~/editor/rich-text.server";
import { ServiceError } from "./errors";
import { assertNotSuspended, forumParticipants, participantNames, reportForForum } from "./forum-access.server";
import { publishThreadEvent } from "./live.server";
import { follow, queueNotifications, ringFanouts } from "./notifications.server";

// Comment threads on a report (threadId = report id) or on one of its proposals (threadId = proposal id).

export interface CommentView {
  id: string;
  threadId: string;
  parentId: string | null;
  depth: number;
  authorId: string;
  authorName: string;
  /** Null when deleted or hidden: the text never leaves the server then. */
  html: string | null;
  status: string;
  hiddenReason: string | null;
  agreeCount: number;
  replyCount: number;
  createdAt: string;
  editedAt: string | null;
  replies: CommentView[];
  /** Replies that exist but are not on this page (shown as a link to the comment's own page). */
  hiddenReplies: number;
}

const commentSelect = {
  id: true,
  threadId: true,
  parentId: true,
  depth: true,
  authorId: true,
  html: true,
  status: true,
  hiddenReason: true,
  agreeCount: true,
  replyCount: true,
  createdAt: true,
  editedAt: true,
  author: { select: { name: true } },
} as const;

type CommentRow = {
  id: string; threadId: string; parentId: string | null; depth: number; authorId: string; html: string; status: string;
  hiddenReason: string | null; agreeCount: number; replyCount: number; createdAt: Date; editedAt: Date | null; author: { name: string };
};

function toView(row: CommentRow): CommentView {
  return {
    id: row.id,
    threadId: row.threadId,
    parentId: row.parentId,
    depth: row.depth,
    authorId: row.authorId,
    authorName: row.author.name,
    html: row.status === "visible" ? row.html : null,
    status: row.status,
    hiddenReason: row.status === "hidden" ? row.hiddenReason : null,
    agreeCount: row.agreeCount,
    replyCount: row.replyCount,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    replies: [],
    hiddenReplies: row.replyCount,
  };
}

const orderOf = (sort: ThreadSort) =>
  sort === "terbaru"
    ? [{ createdAt: "desc" as const }, { id: "desc" as const }]
    : sort === "disetujui"
      ? [{ agreeCount: "desc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }]
      : [{ createdAt: "asc" as const }, { id: "asc" as const }];

/**
 * Loads replies under `parents` level by level, down to VISIBLE_DEPTH levels counted from the page's top.
 * Each level is one bounded query, so a page costs the same whatever the thread's size.
 */
async function attachReplies(threadId: string, parents: CommentView[], levels: number): Promise<void> {
  let frontier = parents.filter((p) => p.replyCount > 0);
  for (let level = 1; level < levels && frontier.length > 0; level++) {
    const rows = await db.comment.findMany({
      // threadId first: the (threadId, parentId, createdAt) index answers this without scanning the thread.
      where: { threadId, parentId: { in: frontier.map((p) => p.id) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: frontier.length * REPLIES_SHOWN + 50,
      select: commentSelect,
    });
    const byParent = new Map(frontier.map((p) => [p.id, p]));
    const next: CommentView[] = [];
    for (const row of rows) {
      const parent = byParent.get(row.parentId ?? "");
      if (!parent || parent.replies.length >= REPLIES_SHOWN) continue;
      const view = toView(row);
      parent.replies.push(view);
      parent.hiddenReplies = parent.replyCount - parent.replies.length;
      if (view.replyCount > 0) next.push(view);
    }
    frontier = next;
  }
}

export interface ThreadPage {
  comments: CommentView[];
  nextCursor: string | null;
  total: number;
  agreedIds: string[];
}

/**
 * One page of a thread's top-level comments with their replies (cursor = id of the last comment shown). A page that
 * has just read the thread owner's counter passes it as `knownTotal`.
 */
export async function listThread(threadId: string, sort: ThreadSort, cursor: string | null, viewerId?: string, knownTotal?: number): Promise<ThreadPage> {
  const rows = await db.comment.findMany({
    where: { threadId, parentId: null },
    orderBy: orderOf(sort),
    take: THREAD_PAGE_SIZE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: commentSelect,
  });
  const page = rows.slice(0, THREAD_PAGE_SIZE).map(toView);
  await attachReplies(threadId, page, VISIBLE_DEPTH);
  const total = knownTotal ?? (await threadCommentCount(threadId));
  return {
    comments: page,
    nextCursor: rows.length > THREAD_PAGE_SIZE ? page.at(-1)?.id ?? null : null,
    total,
    agreedIds: await agreedBy(viewerId, collectIds(page)),
  };
}

/** The thread's size from its owner's counter (a report or a proposal), never by counting rows. */
async function threadCommentCount(threadId: string): Promise<number> {
  const report = await db.report.findUnique({ where: { id: threadId }, select: { commentCount: true } });
  if (report) return report.commentCount;
  const proposal = await db.proposal.findUnique({ where: { id: threadId }, select: { commentCount: true } });
  return proposal?.commentCount ?? 0;
}

function collectIds(views: CommentView[]): string[] {
  return views.flatMap((v) => [v.id, ...collectIds(v.replies)]);
}

async function agreedBy(userId: string | undefined, ids: string[]): Promise<string[]> {
  if (!userId || ids.length === 0) return [];
  const rows = await db.commentAgree.findMany({ where: { userId, commentId: { in: ids } }, select: { commentId: true } });
  return rows.map((r) => r.commentId);
}

/** A comment with VISIBLE_DEPTH levels of replies under it ("lanjutkan utas"), plus the path to it. */
export async function commentSubtree(commentId: string, viewerId?: string) {
  const row = await db.comment.findUnique({ where: { id: commentId }, select: { ...commentSelect, reportId: true } });
  if (!row) throw new ServiceError(404, "errors.not_found");
  const view = toView(row);
  await attachReplies(row.threadId, [view], VISIBLE_DEPTH);
  return { reportId: row.reportId, comment: view, agreedIds: await agreedBy(viewerId, collectIds([view])) };
}

/** Report and (if any) proposal a thread id belongs to. */
async function threadTarget(reportId: string, proposalId: string | null) {
  const report = await reportForForum(reportId);
  if (!proposalId) return { report, proposal: null };
  const proposal = await db.proposal.findFirst({ where: { id: proposalId, reportId }, select: { id: true, status: true, authorId: true, title: true } });
  if (!proposal) throw new ServiceError(404, "errors.not_found");
  if (proposal.status !== "active") throw new ServiceError(409, "errors.proposal_merged");
  return { report, proposal };
}

export interface PostCommentInput extends RichTextInput {
  reportId: string;
  proposalId?: string | null;
  parentId?: string | null;
  /** The form's one-time token (see `Comment.formToken`); anything that is not a plausible token is ignored. */
  formToken?: string | null;
}

const FORM_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export async function postComment(actor: Actor, input: PostCommentInput, now = new Date()): Promise<CommentView> {
  const { report, proposal } = await threadTarget(input.reportId, input.proposalId ?? null);
  await assertNotSuspended(actor.id, report, now);
  const threadId = proposal?.id ?? report.id;
  const parent = input.parentId
    ? await db.comment.findFirst({ where: { id: input.parentId, threadId }, select: { id: true, status: true, depth: true, rootId: true, authorId: true } })
    : null;
  if (input.parentId && !parent) throw new ServiceError(404, "errors.not_found");
  if (parent && !canReplyTo(parent)) throw new ServiceError(409, "errors.parent_unavailable");

  const rich = await prepareRichText(input, "comment", "body", {
    resolve: participantNames(report.id),
    participants: () => forumParticipants(report.id),
  });

  const formToken = input.formToken && FORM_TOKEN.test(input.formToken) ? input.formToken : null;
  const { row, fanout, repeated } = await db.$transaction(async (tx) => {
    // The same form sent twice (a double tap, a retry after a timeout) is the comment already posted. Sends of one
    // form queue here (PostgreSQL; SQLite's transactions already run one at a time), so the second finds the first.
    if (formToken) await lockFor(tx, `form:${actor.id}:${formToken}`);
    const earlier = formToken ? await tx.comment.findUnique({ where: { authorId_formToken: { authorId: actor.id, formToken } }, select: { ...commentSelect, body: true } }) : null;
    if (earlier && earlier.body === rich.body) return { row: earlier, fanout: null, repeated: true };
    const row = await tx.comment.create({
      data: {
        reportId: report.id,
        threadId,
        parentId: parent?.id ?? null,
        rootId: parent ? parent.rootId ?? parent.id : null,
        depth: parent ? parent.depth + 1 : 0,
        authorId: actor.id,
        body: rich.body,
        html: rich.html,
        text: rich.text,
        // A different text under a token already used (a second comment typed before the page refreshed) is new.
        formToken: earlier ? null : formToken,
        createdAt: now,
      },
      select: commentSelect,
    });
    if (parent) await tx.comment.update({ where: { id: parent.id }, data: { replyCount: { increment: 1 } }, select: { id: true } });
    if (proposal) await tx.proposal.update({ where: { id: proposal.id }, data: { commentCount: { increment: 1 } }, select: { id: true } });
    else await tx.report.update({ where: { id: report.id }, data: { commentCount: { increment: 1 } }, select: { id: true } });
    await follow(tx, actor.id, proposal ? "proposal" : "report", threadId);
    // Who hears of it is written by the worker (notify.fanout): the request records the event only.
    const fanout = await queueNotifications(
      tx,
      { reportId: report.id, proposalId: proposal?.id ?? null, commentId: row.id, actorId: actor.id, excerpt: rich.text },
      [
        { kind: "reply", userIds: parent ? [parent.authorId] : [] },
        { kind: "mention", userIds: rich.mentions },
        { kind: "comment", followersOf: { type: proposal ? "proposal" : "report", id: threadId } },
      ],
    );
    return { row, fanout, repeated: false };
  });
  const view = toView(row);
  if (repeated) return view;
  await ringFanouts([fanout]);
  await publishThreadEvent(report.id, { type: "comment", comment: view });
  return view;
}

async function ownComment(actor: Actor, commentId: string, client: Tx = db) {
  const comment = await client.comment.findFirst({
    where: { id: commentId, authorId: actor.id },
    select: { id: true, reportId: true, threadId: true, status: true, body: true, html: true, createdAt: true, editedAt: true },
  });
  if (!comment) throw new ServiceError(404, "errors.not_found");
  if (comment.status !== "visible") throw new ServiceError(409, "errors.comment_unavailable");
  return comment;
}

export async function editComment(actor: Actor, commentId: string, input: RichTextInput, now = new Date()): Promise<CommentView> {
  const comment = await ownComment(actor, commentId);
  if (!editWindowOpen(comment.createdAt, now)) throw new ServiceError(403, "errors.edit_window_closed");
  const report = await reportForForum(comment.reportId);
  await assertNotSuspended(actor.id, report, now);
  const rich = await prepareRichText(input, "comment", "body", { resolve: participantNames(report.id), participants: () => forumParticipants(report.id) });
  const row = await db.$transaction(async (tx) => {
    // Edits are serialised: the wording kept as history is the one current in this transaction, so racing edits
    // each keep the one before them, and an edit that lost the race to a delete is refused.
    await lockFor(tx, `comment:${commentId}`);
    const current = await ownComment(actor, commentId, tx);
    await tx.commentRevision.create({
      data: { commentId, body: current.body, html: current.html, createdAt: current.editedAt ?? current.createdAt },
    });
    return tx.comment.update({
      where: { id: commentId },
      data: { body: rich.body, html: rich.html, text: rich.text, editedAt: now },
      select: commentSelect,
    });
  });
  const view = toView(row);
  await publishThreadEvent(report.id, { type: "comment", comment: view });
  return view;
}

/** The author removes a comment: its words and history go, its place in the thread stays ("komentar dihapus"). */
export async function deleteComment(actor: Actor, commentId: string): Promise<void> {
  const comment = await ownComment(actor, commentId);
  const row = await db.$transaction(async (tx) => {
    // An edit committed just before this transaction leaves no revision or text behind: both go here.
    await lockFor(tx, `comment:${commentId}`);
    await tx.commentRevision.deleteMany({ where: { commentId } });
    return tx.comment.update({ where: { id: commentId }, data: { status: "deleted", body: "", html: "", text: "" }, select: commentSelect });
  });
  await publishThreadEvent(comment.reportId, { type: "comment", comment: toView(row) });
}

export async function agreeWithComment(actor: Actor, commentId: string): Promise<number> {
  const comment = await db.comment.findUnique({ where: { id: commentId }, select: { id: true, authorId: true, status: true, reportId: true } });
  if (!comment) throw new ServiceError(404, "errors.not_found");
  if (comment.status !== "visible") throw new ServiceError(409, "errors.comment_unavailable");
  if (comment.authorId === actor.id) throw new ServiceError(409, "errors.agree_own");
  await assertNotSuspended(actor.id, await reportForForum(comment.reportId));
  try {
    const updated = await db.$transaction(async (tx) => {
      await tx.commentAgree.create({ data: { commentId, userId: actor.id } });
      return tx.comment.update({ where: { id: commentId }, data: { agreeCount: { increment: 1 } }, select: { agreeCount: true } });
    });
    return updated.agreeCount;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new ServiceError(409, "errors.already_agreed");
    throw error;
  }
}

/** Earlier wordings of a comment, newest first (public, like the comment itself). */
export async function commentHistory(commentId: string) {
  const comment = await db.comment.findUnique({ where: { id: commentId }, select: { ...commentSelect, reportId: true } });
  if (!comment) throw new ServiceError(404, "errors.not_found");
  const revisions =
    comment.status === "visible"
      ? await db.commentRevision.findMany({ where: { commentId }, orderBy: { createdAt: "desc" }, select: { id: true, html: true, createdAt: true, replacedAt: true } })
      : [];
  return { reportId: comment.reportId, comment: toView(comment), revisions };
}
