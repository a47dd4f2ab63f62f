import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ScrollTable } from "~/components/ScrollTable";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { deadLetters, queueHealth, retryDeadLetter } from "~/services/outbox-admin.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

// Deliveries that gave up (webhooks to agencies, e-mails) and the queue's health, for the admin.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.deliveries");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.agencies");
  const [dead, health] = await Promise.all([deadLetters(), queueHealth()]);
  return json({ dead, health });
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "admin.agencies");
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    await retryDeadLetter(String(formData.get("id") ?? ""));
    return redirect("/admin/kiriman?ulang=1");
  } catch (error) {
    return actionError(error);
  }
}

export default function Deliveries() {
  const { dead, health } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const states = ["waiting", "active", "delayed", "failed", "completed"] as const;
  return (
    <section>
      <h2>{t("admin.deliveries")}</h2>
      {params.get("ulang") === "1" && <p className="alert alert-ok" role="status">{t("admin.retried")}</p>}
      {error && !error.ok && <p className="alert alert-error" role="alert">{t(error.code)}</p>}
      <h3>{t("admin.queueHealth")}</h3>
      {!health.reachable && <p className="alert alert-error">{t("admin.redisDown")}</p>}
      <ScrollTable label={t("admin.queueHealth")}>
      <table className="data">
        <caption className="visually-hidden">{t("admin.queueHealth")}</caption>
        <thead>
          <tr><th scope="col">{t("admin.jobState")}</th>{health.queues.map((q) => <th key={q.name} scope="col">{t(`admin.queueNames.${q.name}`)}</th>)}</tr>
        </thead>
        <tbody>
          {states.map((s) => (
            <tr key={s}><th scope="row">{t(`admin.jobStates.${s}`)}</th>{health.queues.map((q) => <td key={q.name}>{formatNumber(q.counts[s] ?? 0, lng)}</td>)}</tr>
          ))}
          <tr>
            <th scope="row">{t("admin.oldestWaiting")}</th>
            {health.queues.map((q) => <td key={q.name}>{q.oldestWaitingSeconds === null ? "—" : t("admin.seconds", { count: q.oldestWaitingSeconds })}</td>)}
          </tr>
        </tbody>
      </table>
      </ScrollTable>
      <h3>{t("admin.outboxTitle")}</h3>
      <ScrollTable label={t("admin.outboxTitle")}>
      <table className="data">
        <caption className="visually-hidden">{t("admin.outboxTitle")}</caption>
        <thead><tr><th scope="col">{t("admin.outboxState")}</th><th scope="col">{t("admin.messages")}</th></tr></thead>
        <tbody>
          {Object.entries(health.outbox).map(([status, n]) => (
            <tr key={status}><th scope="row">{t(`admin.outboxStatus.${status}`, { defaultValue: status })}</th><td>{formatNumber(n, lng)}</td></tr>
          ))}
        </tbody>
      </table>
      </ScrollTable>
      <h3>{t("admin.deadLetters")}</h3>
      {dead.length === 0 ? <p>{t("admin.noDeadLetters")}</p> : (
        <ul className="desk-list">
          {dead.map((d) => (
            <li key={d.id} className="card overdue">
              <p className="meta"><strong>{t(`admin.outboxKinds.${d.kind}`, { defaultValue: d.kind })}</strong><span>{formatDateTime(d.createdAt, lng)}</span><span>{t("admin.attempts", { count: d.attempts })}</span></p>
              {/* The receiving system's own words (an SMTP or HTTP error), labelled as such: not translated. */}
              {d.lastError && <p><span className="muted">{t("admin.lastError")}</span> <code lang="en">{d.lastError}</code></p>}
              <Form method="post" className="inline-form">
                <AuthenticityTokenInput name="csrf" />
                <input type="hidden" name="id" value={d.id} />
                <button type="submit" className="secondary small">{t("admin.retry")}</button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
