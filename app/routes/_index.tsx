import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RegionFilterSelects } from "~/components/RegionSelects";
import { StatusBadge } from "~/components/StatusBadge";
import { pageCount, parsePage } from "~/domain/pagination";
import { Pagination } from "~/components/Pagination";
import { REPORT_STATUSES } from "~/domain/report-status";
import { categoryTone } from "~/domain/category-tone";
import { formatDate, formatNumber } from "~/i18n/format";
import { referenceData, regionPath, regionTree } from "~/services/reference-data.server";
import { listReports, parseReportFilters } from "~/services/reports.server";
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
    page,
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
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: f.q, kategori: f.category, status: f.status, kota: f.kota, kecamatan: f.kecamatan, kelurahan: f.kelurahan }))
      if (v) params.set(k, v);
    if (p > 1) params.set("halaman", String(p));
    const s = params.toString();
    return s ? `/?${s}` : "/";
  };
  const filtered = Object.values(f).some(Boolean);
  const narrowed = Boolean(f.category || f.status || f.kota || f.kecamatan || f.kelurahan);

  return (
    <>
      <h1>{t("list.title")}</h1>
      <p className="muted">{t("list.intro")}</p>
      <Form method="get" className="card filters" role="search" aria-label={t("list.filters")} key={JSON.stringify(f)}>
        <div className="search-row">
          <label htmlFor="q">{t("list.search")}</label>
          <div className="inline">
            <input id="q" name="q" type="search" defaultValue={f.q ?? ""} placeholder={t("list.searchPlaceholder")} maxLength={100} />
            <button type="submit">{t("list.apply")}</button>
          </div>
        </div>
        <details open={narrowed}>
          <summary>{t("list.moreFilters")}{narrowed ? ` (${t("list.active")})` : ""}</summary>
          <div className="filter-grid">
            <div>
              <label htmlFor="kategori">{t("list.category")}</label>
              <select id="kategori" name="kategori" defaultValue={f.category ?? ""}>
                <option value="">{t("list.anyCategory")}</option>
                {data.categories.map((c) => (
                  <option key={c.slug} value={c.slug}>{lng === "en" ? c.nameEn : c.nameId}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="status">Status</label>
              <select id="status" name="status" defaultValue={f.status ?? ""}>
                <option value="">{t("status.any")}</option>
                {REPORT_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
              </select>
            </div>
            <RegionFilterSelects tree={data.tree} value={f} />
          </div>
          <div className="actions">
            <button type="submit">{t("list.apply")}</button>
            {filtered && <Link to="/">{t("list.reset")}</Link>}
          </div>
        </details>
      </Form>

      <div className="summary-line">
        <p aria-live="polite">
          <strong>{t("list.count", { count: data.total, n: formatNumber(data.total, lng) })}</strong>
          {navigation.state === "loading" ? " …" : ""}
        </p>
        <p className="muted">{t("status.legend")}</p>
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
