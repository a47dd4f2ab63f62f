import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Notice } from "~/components/Notice";
import { storableInstant } from "~/domain/form-dates";
import { EMAIL_MODES } from "~/domain/deliberation";
import { formatDateTime } from "~/i18n/format";
import { notificationText } from "~/i18n/notification-text";
import { emailMode, listNotifications, markAllRead, setEmailMode, unreadCount } from "~/services/notifications.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const before = new URL(request.url).searchParams.get("sebelum");
  // A cursor no database can hold (year 275760) is ignored like any other unreadable one, never a 500.
  const validBefore = storableInstant(before) ? before! : undefined;
  const [page, unread, mode] = await Promise.all([listNotifications(user.id, validBefore), unreadCount(user.id), emailMode(user.id)]);
  return json({
    items: page.items.map((n) => ({ ...n, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })),
    nextBefore: page.nextBefore,
    unread,
    emailMode: mode,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    if (formData.get("intent") === "email") {
      await setEmailMode(user.id, formData.get("emailNotifications"));
      return redirect("/notifikasi?ok=emailSaved");
    }
    await markAllRead(user.id);
    return redirect("/notifikasi");
  } catch (error) {
    return actionError(error);
  }
}

export default function Notifications() {
  const { items, nextBefore, unread, emailMode } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  return (
    <article className="narrow">
      <h1>{t("notifications.title")}</h1>
      <Notice />
      {error && !error.ok && <p className="alert alert-error" role="alert">{t(error.fields.emailNotifications ?? error.code)}</p>}
      <div className="section-head">
        <p>{t("notifications.unread", { count: unread })}</p>
        {unread > 0 && (
          <Form method="post" className="inline-form">
            <AuthenticityTokenInput name="csrf" />
            <input type="hidden" name="intent" value="read" />
            <button type="submit" className="secondary">{t("notifications.markRead")}</button>
          </Form>
        )}
      </div>
      {items.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <ol className="notifications">
          {items.map((n) => {
            const href = n.proposalId ? `/usulan/${n.proposalId}${n.commentId ? `#k-${n.commentId}` : ""}` : `/laporan/${n.reportId}${n.commentId ? `#k-${n.commentId}` : ""}`;
            const { headline, detail } = notificationText(t, i18n.language, n);
            return (
              <li key={n.id} className={n.readAt ? "read" : "unread"}>
                <Link to={href}>{headline}</Link>
                {detail && <p className="muted">{detail}</p>}
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, i18n.language)}</time>
              </li>
            );
          })}
        </ol>
      )}
      {nextBefore && <p><Link to={`?sebelum=${encodeURIComponent(nextBefore)}`}>{t("notifications.older")}</Link></p>}
      <Form method="post" className="card">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="email" />
        <fieldset>
          <legend>{t("notifications.email")}</legend>
          {EMAIL_MODES.map((m) => (
            <label key={m} className="check">
              <input type="radio" name="emailNotifications" value={m} defaultChecked={emailMode === m} /> {t(`notifications.emailModes.${m}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t("notifications.saveEmail")}</button>
      </Form>
    </article>
  );
}
