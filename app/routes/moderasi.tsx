import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Notice } from "~/components/Notice";
import { HIDE_REASON_MAX, SUSPENSION_DAYS_MAX } from "~/domain/deliberation";
import { formatDateTime } from "~/i18n/format";
import { moderationQueue } from "~/services/moderation.server";
import { referenceData } from "~/services/reference-data.server";
import { discussionAction } from "~/utils/discussion-actions.server";
import { loaderError, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "moderation.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [queue, ref] = await Promise.all([moderationQueue(user).catch(loaderError), referenceData()]);
  return json({
    queue: queue.map((q) => ({ ...q, suspendRegions: q.suspendRegions.map((code) => ({ code, name: ref.byCode.get(code)?.name ?? code })) })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  return discussionAction(request, formData, { reportId: "", back: "/moderasi" });
}

function Hidden({ intent, target }: { intent: string; target: string }) {
  return (
    <>
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="back" value="/moderasi" />
    </>
  );
}

export default function ModerationQueue() {
  const { queue } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  return (
    <article>
      <h1>{t("moderation.title")}</h1>
      <p className="muted">{t("moderation.intro")}</p>
      <Notice />
      {error && "ok" in error && !error.ok && (
        <p className="alert alert-error" role="alert">{t(error.code)} {Object.values(error.fields).filter((f) => f.startsWith("errors.")).map((f) => t(f)).join(" ")}</p>
      )}
      {queue.length === 0 ? (
        <p>{t("moderation.empty")}</p>
      ) : (
        <ol className="moderation-list">
          {queue.map((c) => (
            <li key={c.id} className="card">
              <p className="meta">
                <strong>{c.authorName}</strong>
                <time dateTime={c.createdAt}>{formatDateTime(c.createdAt, i18n.language)}</time>
                <Link to={`/komentar/${c.id}`}>{t("moderation.onReport", { number: c.report.number, title: c.report.title })}</Link>
              </p>
              {c.html !== null ? <div className="rich" dangerouslySetInnerHTML={{ __html: c.html }} /> : <p><em>{t("discussion.deleted")}</em></p>}
              <p>
                {t("moderation.reasons")}: {c.reasons.map((r) => `${t(`discussion.flagReasons.${r.reason}`)} (${r.count})`).join(", ")}
              </p>
              <div className="actions">
                {c.status === "visible" && (
                  <Form method="post" className="inline-form">
                    <Hidden intent="comment.hide" target={c.id} />
                    <label htmlFor={`hide-${c.id}`} className="visually-hidden">{t("discussion.hideReason")}</label>
                    <input id={`hide-${c.id}`} name="reason" required minLength={5} maxLength={HIDE_REASON_MAX} placeholder={t("discussion.hideReason")} />
                    <button type="submit" className="danger">{t("discussion.hide")}</button>
                  </Form>
                )}
                <Form method="post" className="inline-form">
                  <Hidden intent="comment.dismiss" target={c.id} />
                  <button type="submit" className="secondary">{t("moderation.dismiss")}</button>
                </Form>
              </div>
              {c.suspendRegions.length > 0 && (
                <details>
                  <summary>{t("moderation.suspend")}</summary>
                  <Form method="post">
                    <Hidden intent="user.suspend" target={c.authorId} />
                    <div className="field">
                      <label htmlFor={`region-${c.id}`}>{t("moderation.suspendRegion")}</label>
                      <select id={`region-${c.id}`} name="regionCode">
                        {c.suspendRegions.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`days-${c.id}`}>{t("moderation.suspendDays")}</label>
                      <input id={`days-${c.id}`} name="days" type="number" min={1} max={SUSPENSION_DAYS_MAX} defaultValue={7} required />
                    </div>
                    <div className="field">
                      <label htmlFor={`sreason-${c.id}`}>{t("moderation.suspendReason")}</label>
                      <input id={`sreason-${c.id}`} name="reason" required minLength={5} maxLength={HIDE_REASON_MAX} />
                    </div>
                    <button type="submit" className="danger">{t("moderation.suspendSubmit")}</button>
                  </Form>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
