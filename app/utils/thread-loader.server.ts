import { randomBytes } from "node:crypto";
import { db } from "~/db.server";
import type { ReportRegions } from "~/domain/case-policy";
import { COMMENT_EDIT_WINDOW_MS, mayModerate, parseThreadSort } from "~/domain/deliberation";
import { forumParticipants } from "~/services/forum-access.server";
import { livePosition } from "~/services/live.server";
import { listThread, type CommentView } from "~/services/threads.server";
import type { CurrentUser } from "./session.server";

/** Everything a page needs to show a thread: the page of comments, who may do what, who can be mentioned. */
export async function loadThread(request: Request, threadId: string, report: ReportRegions & { id: string; commentCount?: number }, user: CurrentUser | null) {
  const url = new URL(request.url);
  const sort = parseThreadSort(url.searchParams.get("urut"));
  const cursor = url.searchParams.get("setelah")?.slice(0, 40) || null;
  // Before the comments are read: what is posted from here on reaches the page live (see livePosition).
  const liveFrom = await livePosition(report.id);
  const [page, people] = await Promise.all([
    listThread(threadId, sort, cursor, user?.id, threadId === report.id ? report.commentCount : undefined),
    user ? forumParticipants(report.id) : Promise.resolve([]),
  ]);
  return {
    ...page,
    sort,
    isFirstPage: !cursor,
    showNewTopLevel: sort === "terbaru" ? !cursor : !page.nextCursor,
    people,
    liveFrom,
    viewer: user ? { id: user.id, canModerate: mayModerate(user, report), editable: await editableBodies(user.id, page.comments), formToken: newFormToken() } : null,
  };
}

/** A fresh token for the page's comment forms: the same form sent twice posts once (`Comment.formToken`). */
export function newFormToken(): string {
  return randomBytes(18).toString("base64url");
}

/** The viewer's own comments on the page that are still editable, with their stored editor state. */
export async function editableBodies(userId: string, comments: CommentView[]): Promise<Record<string, string>> {
  const mine: string[] = [];
  const since = Date.now() - COMMENT_EDIT_WINDOW_MS;
  const visit = (list: CommentView[]) => {
    for (const c of list) {
      if (c.authorId === userId && c.status === "visible" && new Date(c.createdAt).getTime() >= since) mine.push(c.id);
      visit(c.replies);
    }
  };
  visit(comments);
  if (mine.length === 0) return {};
  const rows = await db.comment.findMany({ where: { id: { in: mine } }, select: { id: true, body: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.body]));
}
