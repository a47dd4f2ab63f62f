import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css";
import clusterCss from "leaflet.markercluster/dist/MarkerCluster.css";
import { useTranslation } from "react-i18next";
import { useHydrated } from "remix-utils/use-hydrated";
import { ReportClusterMap } from "~/components/ReportClusterMap";
import { ReportFilterForm } from "~/components/ReportFilterForm";
import { env } from "~/config.server";
import { parseReportFilters, reportFilterQuery } from "~/domain/report-filters";
import { REPORT_STATUSES, STATUS_COLOUR } from "~/domain/report-status";
import { referenceData, regionTree } from "~/services/reference-data.server";
import { pageTitle } from "~/utils/meta";

// The map of reports: the list's filters, status colours, clusters when zoomed out. The list stays the
// accessible (and no-JavaScript) way to the same reports; every view links to the other.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }, { rel: "stylesheet", href: clusterCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "map.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseReportFilters(new URL(request.url).searchParams);
  const ref = await referenceData();
  return json({
    filters,
    query: reportFilterQuery(filters),
    categories: ref.categories,
    tree: regionTree(ref),
    map: { tileUrl: env().MAP_TILE_URL, attribution: env().MAP_ATTRIBUTION },
  });
}

export default function ReportMapPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const listHref = `/${data.query ? `?${data.query}` : ""}`;
  return (
    <>
      <h1>{t("map.title")}</h1>
      <p className="muted">{t("map.intro")}</p>
      <ReportFilterForm action="/peta" filters={data.filters} categories={data.categories} tree={data.tree} />
      <div className="summary-line">
        <ul className="map-legend" aria-label={t("map.legend")}>
          {REPORT_STATUSES.map((s) => <li key={s}><span className={`dot dot-${STATUS_COLOUR[s]}`} aria-hidden="true" /> {t(`status.${s}`)}</li>)}
        </ul>
        <Link className="button secondary" to={listHref}>{t("map.showList")}</Link>
      </div>
      {hydrated ? (
        <ReportClusterMap query={data.query} config={data.map} />
      ) : (
        <p className="card">{t("map.noScript")} <Link to={listHref}>{t("map.showList")}</Link></p>
      )}
    </>
  );
}
