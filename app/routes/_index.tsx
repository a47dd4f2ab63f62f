import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ReportFilterForm } from "~/components/ReportFilterForm";
import { parseReportFilters, reportFilterQuery } from "~/domain/report-filters";
import { PhaseBadge } from "~/components/PhaseBadge";
import { StatusBadge } from "~/components/StatusBadge";
import { pageCount, parsePage } from "~/domain/pagination";
import { Pagination } from "~/components/Pagination";
import { categoryTone } from "~/domain/category-tone";
import { formatDate, formatNumber } from "~/i18n/format";
import { referenceData, regionPath, regionTree } from "~/services/reference-data.server";
import { listReports } from "~/services/reports.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "list.title"),
  { name: "description", content: "Laporan warga Jakarta yang dibahas dan diputuskan bersama." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const filters = parseReportFilters(params);
  const page = parsePage(params.get("halaman"));
  const [ref, result] = await Promise.all([referenceData(), listReports(filters, page)]);
  return json({
    filters,
    // The page shown: a page past the last shows the last one.
    page: result.page,
    pages: pageCount(result.total),
    total: result.total,
    reports: result.reports.map((r) => ({
      ...r,
      place: regionPath(ref, r.kelurahanCode).split(", ").slice(0, 2).join(", "),
      category: ref.categoryBySlug.get(r.categorySlug),
    })),
    categories: ref.categories,
    tree: regionTree(ref),
  });
}

export default function ReportList() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const f = data.filters;
  const lng = i18n.language;
  const pageHref = (p: number) => {
    const s = reportFilterQuery(f, p > 1 ? { halaman: String(p) } : {});
    return s ? `/?${s}` : "/";
  };
  const mapQuery = reportFilterQuery(f);

  return (
    <>
      <h1>{f.phase === "aktif" ? t("list.activeTitle") : t("list.title")}</h1>
      <p className="muted">{f.phase === "aktif" ? t("list.activeIntro") : t("list.intro")}</p>
      <ReportFilterForm action="/" filters={f} categories={data.categories} tree={data.tree} />

      <div className="summary-line">
        <p aria-live="polite">
          <strong>{t("list.count", { count: data.total, n: formatNumber(data.total, lng) })}</strong>
          {navigation.state === "loading" ? " …" : ""}
        </p>
        <p className="muted">{t("status.legend")}</p>
        <Link className="button secondary" to={`/peta${mapQuery ? `?${mapQuery}` : ""}`}>{t("map.show")}</Link>
      </div>

      {data.reports.length === 0 ? (
        <p className="card">{t("list.empty")}</p>
      ) : (
        <ul className="report-list">
          {data.reports.map((r) => (
            <li key={r.id} className="report-item">
              {r.thumbPath ? (
                <img className="thumb" src={`/uploads/${r.thumbPath}`} alt="" width={96} height={96} loading="lazy" />
              ) : (
                <div className={`thumb thumb-none tone-${categoryTone(r.categorySlug)}`} aria-hidden="true">
                  {r.category ? (lng === "en" ? r.category.nameEn : r.category.nameId) : t("list.noPhoto")}
                </div>
              )}
              <div>
                <h2><Link to={`/laporan/${r.id}`}>{r.title}</Link></h2>
                <div className="meta">
                  <StatusBadge status={r.status} />
                  <PhaseBadge phase={r.phase} votingClosesAt={r.votingClosesAt} />
                  <span>{r.category ? (lng === "en" ? r.category.nameEn : r.category.nameId) : r.categorySlug}</span>
                  <span>{r.place}</span>
                  <time dateTime={r.createdAt}>{formatDate(r.createdAt, lng)}</time>
                  <span>#{r.number}</span>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}

      <Pagination page={data.page} pages={data.pages} href={pageHref} />
    </>
  );
}
