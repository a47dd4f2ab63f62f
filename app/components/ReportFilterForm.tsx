import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PHASE_FILTERS, type ReportFilters } from "~/domain/report-filters";
import { REPORT_STATUSES } from "~/domain/report-status";
import type { CategoryView, RegionTree } from "~/services/reference-data.server";
import { RegionFilterSelects } from "./RegionSelects";

/** The report list's search and filters (a plain GET form), shared by the list and the map. */
export function ReportFilterForm({ action, filters: f, categories, tree }: { action: string; filters: ReportFilters; categories: CategoryView[]; tree: RegionTree }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const filtered = Object.values(f).some(Boolean);
  const narrowed = Boolean(f.category || f.status || f.phase || f.kota || f.kecamatan || f.kelurahan);
  return (
    <Form method="get" action={action} className="card filters" role="search" aria-label={t("list.filters")} key={JSON.stringify(f)}>
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
              {categories.map((c) => <option key={c.slug} value={c.slug}>{lng === "en" ? c.nameEn : c.nameId}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="status">Status</label>
            <select id="status" name="status" defaultValue={f.status ?? ""}>
              <option value="">{t("status.any")}</option>
              {REPORT_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="fase">{t("list.phase")}</label>
            <select id="fase" name="fase" defaultValue={f.phase ?? ""}>
              <option value="">{t("list.anyPhase")}</option>
              {PHASE_FILTERS.map((p) => <option key={p} value={p}>{p === "aktif" ? t("list.phaseActive") : p === "berjalan" ? t("list.phaseOngoing") : t(`case.steps.${p}`)}</option>)}
            </select>
          </div>
          <RegionFilterSelects tree={tree} value={f} />
        </div>
        <div className="actions">
          <button type="submit">{t("list.apply")}</button>
          {filtered && <Link to={action}>{t("list.reset")}</Link>}
        </div>
      </details>
    </Form>
  );
}
