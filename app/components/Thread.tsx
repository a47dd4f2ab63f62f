import { Form, Link, useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { FLAG_REASONS, HIDE_REASON_MAX, VISIBLE_DEPTH, type ThreadSort } from "~/domain/deliberation";
import type { MentionCandidate } from "~/editor/RichTextEditor";
import type { CommentView } from "~/services/threads.server";
import { formatDateTime, retryMinutes } from "~/i18n/format";
import { RichTextField } from "./RichTextField";

// A comment thread: nested replies (VISIBLE_DEPTH levels, then "lanjutkan utas"), agree, reply, edit,
// delete, flag and moderation, each an ordinary form that works without JavaScript.

// The thread's public view is the service's own type (a type-only import: nothing server-side reaches the bundle).
export type ThreadComment = CommentView;

export interface ThreadViewer {
  id: string;
  canModerate: boolean;
  /** Own comments still inside the edit window, with their editor state. */
  editable: Record<string, string>;
  /** Sent with each new comment: a double tap or a retry of the same form posts once. */
  formToken: string;
}

export interface ThreadError {
  code: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

interface Ctx {
  viewer: ThreadViewer | null;
  agreed: Set<string>;
  people: MentionCandidate[];
  back: string;
  error: ThreadError | null;
  /** Depth of the page's top level (0 on the report, the comment's depth on its own page). */
  baseDepth: number;
}

function Csrf({ intent, target, back }: { intent: string; target?: string; back: string }) {
  return (
    <>
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value={intent} />
      {target && <input type="hidden" name="target" value={target} />}
      <input type="hidden" name="back" value={back} />
    </>
  );
}

function InlineError({ error, intent, target }: { error: ThreadError | null; intent: string; target: string }) {
  const { t, i18n } = useTranslation();
  if (!error || error.values.intent !== intent || error.values.target !== target) return null;
  const fieldMessages = Object.entries(error.fields).filter(([k]) => k !== "until" && k !== "retryAfter").map(([, v]) => v);
  const until = error.fields.until ? formatDateTime(error.fields.until, i18n.language) : undefined;
  const minutes = retryMinutes(error.fields);
  return (
    <div className="alert alert-error" role="alert">
      <p>{t(error.code, { until, minutes })}</p>
      {fieldMessages.map((m) => <p key={m}>{t(m)}</p>)}
    </div>
  );
}

function CommentItem({ c, ctx }: { c: ThreadComment; ctx: Ctx }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { viewer, back, error } = ctx;
  const own = viewer?.id === c.authorId;
  const visible = c.status === "visible";
  const errorHere = (intent: string) => error?.values.intent === intent && error.values.target === c.id;
  const lastLevel = c.depth - ctx.baseDepth >= VISIBLE_DEPTH - 1;
  return (
    <li id={`k-${c.id}`} className={`comment comment-${c.status}`}>
      <article aria-labelledby={`k-${c.id}-by`}>
        <header className="comment-head">
          <strong id={`k-${c.id}-by`}>{c.authorName}</strong>
          <time dateTime={c.createdAt}>{formatDateTime(c.createdAt, lng)}</time>
          {c.editedAt && visible && (
            <Link to={`/komentar/${c.id}/riwayat`}>({t("discussion.edited")} · {t("discussion.history")})</Link>
          )}
        </header>
        {visible && c.html !== null ? (
          <div className="rich" dangerouslySetInnerHTML={{ __html: c.html }} />
        ) : (
          <p className="comment-gone">
            <em>{c.status === "hidden" ? t("discussion.hiddenBy", { reason: c.hiddenReason ?? "" }) : t("discussion.deleted")}</em>
          </p>
        )}
        <div className="comment-actions">
          {visible && viewer && !own && !ctx.agreed.has(c.id) ? (
            <Form method="post" preventScrollReset className="inline-form">
              <Csrf intent="comment.agree" target={c.id} back={back} />
              <button type="submit" className="small">
                {t("discussion.agree")} · {c.agreeCount}
              </button>
            </Form>
          ) : (
            <span className="muted">{ctx.agreed.has(c.id) ? `${t("discussion.agreed")} · ${c.agreeCount}` : t("discussion.agreeCount", { count: c.agreeCount })}</span>
          )}
          {visible && viewer && (
            <details open={errorHere("comment.post")}>
              <summary>{t("discussion.reply")}</summary>
              <Form method="post" preventScrollReset className="reply-form">
                <Csrf intent="comment.post" target={c.id} back={back} />
                <input type="hidden" name="parentId" value={c.id} />
                <input type="hidden" name="formToken" value={`${viewer.formToken}-${c.id.slice(-8)}`} />
                <InlineError error={error} intent="comment.post" target={c.id} />
                <RichTextField id={`reply-${c.id}`} label={t("discussion.replyTo", { name: c.authorName })} hint={t("discussion.commentHint")} kind="comment" people={ctx.people} rows={3} />
                <button type="submit">{t("discussion.sendReply")}</button>
              </Form>
            </details>
          )}
          {visible && own && viewer?.editable[c.id] && (
            <details open={errorHere("comment.edit")}>
              <summary>{t("discussion.edit")}</summary>
              <Form method="post" preventScrollReset>
                <Csrf intent="comment.edit" target={c.id} back={back} />
                <InlineError error={error} intent="comment.edit" target={c.id} />
                <RichTextField id={`edit-${c.id}`} label={t("discussion.editTitle")} hint={t("discussion.commentHint")} kind="comment" people={ctx.people} initialState={viewer.editable[c.id]} />
                <button type="submit">{t("discussion.save")}</button>
              </Form>
            </details>
          )}
          {visible && own && (
            <details>
              <summary>{t("discussion.delete")}</summary>
              <Form method="post" preventScrollReset>
                <Csrf intent="comment.delete" target={c.id} back={back} />
                <p>{t("discussion.deleteConfirm")}</p>
                <button type="submit" className="danger">{t("discussion.delete")}</button>
              </Form>
            </details>
          )}
          {visible && viewer && !own && (
            <details open={errorHere("comment.flag")}>
              <summary>{t("discussion.flag")}</summary>
              <Form method="post" preventScrollReset>
                <Csrf intent="comment.flag" target={c.id} back={back} />
                <InlineError error={error} intent="comment.flag" target={c.id} />
                <fieldset>
                  <legend>{t("discussion.flagTitle")}</legend>
                  {FLAG_REASONS.map((r, i) => (
                    <label key={r} className="check">
                      <input type="radio" name="reason" value={r} defaultChecked={i === 0} /> {t(`discussion.flagReasons.${r}`)}
                    </label>
                  ))}
                </fieldset>
                <button type="submit">{t("discussion.sendFlag")}</button>
              </Form>
            </details>
          )}
          {viewer?.canModerate && visible && (
            <details open={errorHere("comment.hide")}>
              <summary>{t("discussion.hide")}</summary>
              <Form method="post" preventScrollReset>
                <Csrf intent="comment.hide" target={c.id} back={back} />
                <InlineError error={error} intent="comment.hide" target={c.id} />
                <div className="field">
                  <label htmlFor={`hide-${c.id}`}>{t("discussion.hideReason")}</label>
                  <input id={`hide-${c.id}`} name="reason" required minLength={5} maxLength={HIDE_REASON_MAX} />
                </div>
                <button type="submit" className="danger">{t("discussion.hide")}</button>
              </Form>
            </details>
          )}
          {viewer?.canModerate && c.status === "hidden" && (
            <Form method="post" preventScrollReset className="inline-form">
              <Csrf intent="comment.restore" target={c.id} back={back} />
              <button type="submit" className="small">{t("discussion.restore")}</button>
            </Form>
          )}
        </div>
        {errorHere("comment.agree") || errorHere("comment.delete") || errorHere("comment.restore") ? (
          <InlineError error={error} intent={error?.values.intent ?? ""} target={c.id} />
        ) : null}
      </article>
      {c.replies.length > 0 && !lastLevel && (
        <ol className="replies">
          {c.replies.map((r) => <CommentItem key={r.id} c={r} ctx={ctx} />)}
        </ol>
      )}
      {lastLevel && c.replyCount > 0 ? (
        <p className="continue"><Link to={`/komentar/${c.id}`}>{t("discussion.continueThread", { count: c.replyCount })}</Link></p>
      ) : c.hiddenReplies > 0 ? (
        <p className="continue"><Link to={`/komentar/${c.id}`}>{t("discussion.moreReplies", { count: c.hiddenReplies })}</Link></p>
      ) : null}
    </li>
  );
}

/** Places a live comment in the tree: replaces a shown one, or appends under its shown parent. */
function mergeLive(list: ThreadComment[], live: ThreadComment[]): { tree: ThreadComment[]; placed: Set<string> } {
  const placed = new Set<string>();
  const byId = new Map(live.map((c) => [c.id, c]));
  const walk = (nodes: ThreadComment[]): ThreadComment[] =>
    nodes.map((n) => {
      const replaced = byId.get(n.id);
      if (replaced) placed.add(n.id);
      const base = replaced ? { ...replaced, replies: n.replies } : n;
      const children = walk(base.replies);
      const known = new Set(children.map((x) => x.id));
      const added = live.filter((l) => l.parentId === n.id && !known.has(l.id));
      added.forEach((a) => placed.add(a.id));
      return { ...base, replies: [...children, ...added], replyCount: Math.max(base.replyCount, children.length + added.length) };
    });
  return { tree: walk(list), placed };
}

export function Thread(props: {
  threadId: string;
  reportId: string;
  comments: ThreadComment[];
  total: number;
  agreedIds: string[];
  viewer: ThreadViewer | null;
  people: MentionCandidate[];
  back: string;
  error: ThreadError | null;
  sort: ThreadSort;
  nextCursor: string | null;
  isFirstPage: boolean;
  baseDepth?: number;
  /** Whether new top-level comments belong on this page (first page of newest, or the last page of oldest). */
  showNewTopLevel: boolean;
  /** The live stream's position when the page read its comments: the first connection replays what came after. */
  liveFrom?: string | null;
}) {
  const { t } = useTranslation();
  const [live, setLive] = useState<ThreadComment[]>([]);
  const poster = useFetcher();
  const [resetKey, setResetKey] = useState(0);
  const wasSubmitting = useRef(false);

  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  // New comments from others (and edits, hides) arrive over server-sent events while the page is open. After a lost
  // connection the browser reconnects by itself and gets what it missed; if too much was missed ("reset"), the
  // page's data is loaded again. The first connection starts where the page's data was read, so a comment posted
  // while the page loaded is not lost either.
  const liveFrom = useRef(props.liveFrom);
  useEffect(() => {
    const since = liveFrom.current ? `?sejak=${encodeURIComponent(liveFrom.current)}` : "";
    const source = new EventSource(`/laporan/${props.reportId}/langsung${since}`);
    source.addEventListener("reset", () => revalidate.current());
    source.addEventListener("comment", (e) => {
      try {
        const c = JSON.parse((e as MessageEvent<string>).data) as ThreadComment;
        if (c.threadId !== props.threadId) return;
        setLive((prev) => [...prev.filter((p) => p.id !== c.id), c]);
      } catch {
        // A malformed event is ignored; the next reload shows the truth.
      }
    });
    return () => source.close();
  }, [props.reportId, props.threadId]);

  // Empty the editor once our own post went through.
  useEffect(() => {
    if (poster.state !== "idle") wasSubmitting.current = true;
    else if (wasSubmitting.current) {
      wasSubmitting.current = false;
      if (!(poster.data && typeof poster.data === "object" && "ok" in poster.data)) setResetKey((k) => k + 1);
    }
  }, [poster.state, poster.data]);

  const { tree, placed } = useMemo(() => mergeLive(props.comments, live), [props.comments, live]);
  const newTop = props.showNewTopLevel
    ? live.filter((l) => l.parentId === null && !placed.has(l.id) && !props.comments.some((c) => c.id === l.id))
    : [];
  const ctx: Ctx = { viewer: props.viewer, agreed: new Set(props.agreedIds), people: props.people, back: props.back, error: props.error, baseDepth: props.baseDepth ?? 0 };
  const postError = (poster.data as ThreadError | undefined) ?? (props.error?.values.intent === "comment.post" && !props.error.values.target ? props.error : null);
  const list = props.sort === "terbaru" ? [...newTop.reverse(), ...tree] : [...tree, ...newTop];

  return (
    <div className="thread">
      {props.viewer ? (
        <poster.Form method="post" className="card comment-form" preventScrollReset>
          <Csrf intent="comment.post" back={props.back} />
          <input type="hidden" name="formToken" value={`${props.viewer.formToken}-${resetKey}`} />
          <InlineError error={postError && typeof postError === "object" && "values" in postError ? postError : null} intent="comment.post" target="" />
          <RichTextField id={`new-comment-${props.threadId}`} label={t("discussion.newComment")} hint={t("discussion.commentHint")} kind="comment" people={props.people} resetKey={resetKey} />
          <button type="submit" disabled={poster.state !== "idle"}>{poster.state !== "idle" ? t("discussion.sending") : t("discussion.send")}</button>
        </poster.Form>
      ) : (
        <p className="card"><Link to={`/masuk?kembali=${encodeURIComponent(props.back)}`}>{t("discussion.loginToJoin")}</Link></p>
      )}
      <p className="muted live-note">{t("discussion.live")}</p>
      {newTop.length > 0 && <p role="status" className="alert alert-ok">{t("discussion.newArrived", { count: newTop.length })}</p>}
      {list.length === 0 ? (
        <p className="muted">{t("discussion.empty")}</p>
      ) : (
        <ol className="comments">
          {list.map((c) => <CommentItem key={c.id} c={c} ctx={ctx} />)}
        </ol>
      )}
      <nav className="pager" aria-label={t("discussion.title")}>
        {!props.isFirstPage && <Link to={`?urut=${props.sort}#diskusi`}>{t("discussion.firstPage")}</Link>}
        {props.nextCursor && <Link to={`?urut=${props.sort}&setelah=${props.nextCursor}#diskusi`}>{t("discussion.older")}</Link>}
      </nav>
    </div>
  );
}
