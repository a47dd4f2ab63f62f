import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css";
import { useTranslation } from "react-i18next";
import { useHydrated } from "remix-utils/use-hydrated";
import { ReportMap } from "~/components/ReportMap";
import { StatusBadge } from "~/components/StatusBadge";
import { env } from "~/config.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { referenceData, regionPath } from "~/services/reference-data.server";
import { getReport } from "~/services/reports.server";
import { loaderError } from "~/utils/http.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.report.title} — Musyawarah` }, { name: "description", content: data.report.description.slice(0, 160) }] : [];

export async function loader({ params }: LoaderFunctionArgs) {
  const report = await getReport(params.id ?? "").catch(loaderError);
  const ref = await referenceData();
  return json({
    report,
    place: regionPath(ref, report.kelurahanCode),
    category: ref.categoryBySlug.get(report.categorySlug) ?? null,
    map: { tileUrl: env().MAP_TILE_URL, attribution: env().MAP_ATTRIBUTION },
  });
}

function EventLine({ type, data, actor }: { type: string; data: Record<string, unknown>; actor: { name: string } | null }) {
  const { t } = useTranslation();
  const status = (s: unknown) => (typeof s === "string" ? t(`status.${s}`) : "");
  return (
    <>
      {t(`events.${type}`, {
        actor: actor?.name ?? t("events.system"),
        system: typeof data.hostSystem === "string" ? data.hostSystem : t("events.system"),
        from: status(data.from),
        to: status(data.to),
      })}
    </>
  );
}

export default function ReportPage() {
  const { report, place, category, map } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const hydrated = useHydrated();
  const [search] = useSearchParams();
  const coords = `${formatNumber(report.lat, "en", 6)}, ${formatNumber(report.lng, "en", 6)}`;

  return (
    <article>
      <p><Link to="/">← {t("report.backToList")}</Link></p>
      {search.get("baru") === "1" && <p className="alert alert-ok" role="status">{t("report.filedNotice")}</p>}
      <header className="report-head">
        <div className="meta">
          <StatusBadge status={report.status} />
          <span>{category ? (lng === "en" ? category.nameEn : category.nameId) : report.categorySlug}</span>
          <span>{t("report.number", { number: report.number })}</span>
        </div>
        <h1>{report.title}</h1>
        <p className="meta">
          {report.reporter && <span>{t("report.reportedBy", { name: report.reporter.name })}</span>}
          {report.source === "host" && report.hostSystem && (
            <span>{t("report.fromHost", { system: report.hostSystem, id: report.externalId })}</span>
          )}
          <time dateTime={report.createdAt}>{formatDateTime(report.createdAt, lng)}</time>
        </p>
      </header>

      <div className="report-layout">
        <div>
          <section className="card" aria-labelledby="uraian">
            <h2 id="uraian">{t("report.description")}</h2>
            <p className="description">{report.description}</p>
          </section>

          {report.photos.length > 0 && (
            <section aria-labelledby="foto">
              <h2 id="foto">{t("report.photos")}</h2>
              <div className="photos">
                {report.photos.map((p, i) =>
                  p.status === "ready" && p.imagePath && p.thumbPath ? (
                    <figure key={p.id}>
                      <a href={`/uploads/${p.imagePath}`}>
                        <img src={`/uploads/${p.thumbPath}`} alt={t("report.photoAlt", { n: i + 1, title: report.title })} width={360} height={360} loading="lazy" />
                      </a>
                    </figure>
                  ) : (
                    <div key={p.id} className="photo-placeholder" role="img" aria-label={t(p.status === "failed" ? "report.photoFailed" : "report.photoPending")}>
                      {t(p.status === "failed" ? "report.photoFailed" : "report.photoPending")}
                    </div>
                  ),
                )}
              </div>
            </section>
          )}

          <section aria-labelledby="lokasi">
            <h2 id="lokasi">{t("report.location")}</h2>
            <dl className="facts">
              <dt>{t("list.kelurahan")}</dt>
              <dd>{place}</dd>
              <dt>{t("report.coordinates")}</dt>
              <dd>
                {coords} ·{" "}
                <a href={`https://www.openstreetmap.org/?mlat=${report.lat}&mlon=${report.lng}#map=17/${report.lat}/${report.lng}`} rel="noopener noreferrer">
                  {t("report.openMap")}
                </a>
              </dd>
            </dl>
            {hydrated ? (
              <ReportMap lat={report.lat} lng={report.lng} config={map} label={t("report.map")} />
            ) : (
              <p className="muted">{t("report.mapLoading")}</p>
            )}
          </section>
        </div>

        <section aria-labelledby="riwayat">
          <h2 id="riwayat">{t("report.timeline")}</h2>
          <p className="muted">{t("report.timelineIntro")}</p>
          <ol className="timeline">
            {report.events.map((e) => (
              <li key={e.id}>
                <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, lng)}</time>
                <EventLine type={e.type} data={e.data} actor={e.actor} />
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}
