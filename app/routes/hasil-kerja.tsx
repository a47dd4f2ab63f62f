import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ScrollTable } from "~/components/ScrollTable";
import { formatDate, formatNumber, formatPercent, formatRupiah } from "~/i18n/format";
import { executionReport, type ExecutionReport } from "~/services/results.server";
import { pageTitle } from "~/utils/meta";

// /hasil-kerja: what agencies committed to after citizens deliberated, and how much of it was executed, per
// kelurahan, kecamatan and agency, with the late results first. The same figures as open data (.json, .csv).
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results.title");

export async function loader(_: LoaderFunctionArgs) {
  return json(await executionReport(), { headers: { "Cache-Control": "public, max-age=60" } });
}

function ExecutionTable({ id, heading, rows }: { id: string; heading: string; rows: ExecutionReport["byAgency"] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <ScrollTable label={heading}>
        <table className="data execution">
          <caption className="visually-hidden">{heading}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.columns.name")}</th>
              <th scope="col" className="num">{t("results.columns.results")}</th>
              <th scope="col" className="num">{t("results.columns.done")}</th>
              <th scope="col" className="num">{t("results.columns.share")}</th>
              <th scope="col" className="num">{t("results.columns.mean")}</th>
              <th scope="col" className="num">{t("results.columns.late")}</th>
              <th scope="col" className="num">{t("results.columns.cost")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.name}</th>
                <td className="num">{formatNumber(r.results, lng)}</td>
                <td className="num">{formatNumber(r.done, lng)}</td>
                <td className="num">{formatPercent(r.executedShare, lng)}</td>
                <td className="num">{formatNumber(r.meanProgress, lng, 1)} %</td>
                <td className={r.late ? "num overdue-count" : "num"}>{formatNumber(r.late, lng)}</td>
                <td className="num">{formatRupiah(r.costRupiah, lng)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

export default function ResultsPage() {
  const report = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <article className="dashboard">
      <h1>{t("results.title")}</h1>
      <p className="lead">{t("results.intro")}</p>
      {report.total === 0 ? <p>{t("results.empty")}</p> : (
        <>
          <ul className="figures">
            <li><strong>{t("results.total", { done: formatNumber(report.done, lng), total: formatNumber(report.total, lng), share: formatPercent(report.done / report.total, lng) })}</strong></li>
            <li><strong>{formatNumber(report.late.length, lng)}</strong> {t("results.late").toLowerCase()}</li>
          </ul>
          <section aria-labelledby="late">
            <h2 id="late">{t("results.lateTitle")}</h2>
            {report.late.length === 0 ? <p>{t("results.lateEmpty")}</p> : (
              <ul className="late-list">
                {report.late.map((r) => (
                  <li key={r.id} className="card">
                    <strong>{r.reportId ? <Link to={`/laporan/${r.reportId}#hasil-kerja`}>{r.title}</Link> : r.title}</strong> <span className="badge badge-late">{t("results.late")}</span>
                    <div className="progress-line">
                      <progress max={100} value={r.progress} aria-label={t("results.progressOf", { title: r.title })}>{r.progress} %</progress>
                      <span>{r.progress} % · {t(`results.statuses.${r.status}`)}</span>
                    </div>
                    <p className="meta">{t("results.lateMeta", { number: r.reportNumber ?? "—", kelurahan: r.kelurahan, agency: r.agency ?? "—", date: formatDate(r.endsAt, lng) })}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <ExecutionTable id="per-instansi" heading={t("results.byAgency")} rows={report.byAgency} />
          <ExecutionTable id="per-kecamatan" heading={t("results.byKecamatan")} rows={report.byKecamatan} />
          <ExecutionTable id="per-kelurahan" heading={t("results.byKelurahan")} rows={report.byKelurahan} />
        </>
      )}
      <p>{t("results.download")} <a href="/hasil-kerja.json">JSON</a> · <a href="/hasil-kerja.csv">CSV</a></p>
    </article>
  );
}
