import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { getExport } from "~/services/exports.server";
import { loaderError } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

// The progress of a PDF export. Without JavaScript the page refreshes itself (meta refresh inside <noscript>);
// with it, the loader is polled in place. Either way the figures come from the ExportJob row.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "exports.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ job: await getExport(user, params.id ?? "").catch(loaderError) }, { headers: { "Cache-Control": "no-store" } });
}

const POLL_MS = 1500;

export default function ExportProgress() {
  const { job } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const revalidator = useRevalidator();
  const running = job.status === "antri" || job.status === "berjalan";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => { if (revalidator.state === "idle") revalidator.revalidate(); }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const percent = job.total > 0 ? Math.round((job.done / job.total) * 100) : 0;

  return (
    <article className="narrow">
      {running && <noscript><meta httpEquiv="refresh" content="3" /></noscript>}
      <p><Link to={job.back}>← {job.kind === "list" ? t("dprd.backToDesk") : t("dprd.dossier", { number: job.number })}</Link></p>
      <h1>{t("exports.title")}: {job.kind === "list" ? t("exports.kinds.list", { count: job.total }) : t("exports.kinds.dossier", { number: job.number })}</h1>
      <section className="card" aria-labelledby="kemajuan">
        <h2 id="kemajuan">{t(`exports.status.${job.status}`)}</h2>
        <label htmlFor="progress" className="visually-hidden">{t("exports.progressLabel")}</label>
        <progress id="progress" max={100} value={job.status === "selesai" ? 100 : percent}>{percent}%</progress>
        <p aria-live="polite">{t("exports.progress", { done: formatNumber(job.done, lng), total: formatNumber(job.total, lng) })} ({percent}%)</p>
        {running && <p className="hint">{t("exports.waitNote")}</p>}
        {job.status === "selesai" && (
          <p>
            <a className="button" href={`/dprd/ekspor/${job.id}.pdf`} download>{t("exports.download", { size: `${formatNumber((job.size ?? 0) / 1024, lng)} KB` })}</a>
          </p>
        )}
        {job.status === "gagal" && <p className="alert alert-error" role="alert">{t("exports.failed", { error: job.error ?? "" })}</p>}
        <p className="muted">{formatDateTime(job.createdAt, lng)}</p>
      </section>
    </article>
  );
}
