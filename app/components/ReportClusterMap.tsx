import type { Layer, Map as LeafletMap } from "leaflet";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { countStatuses, isReportStatus, REPORT_STATUSES, STATUS_COLOUR, STATUS_HEX, statusRingStops, worstStatus } from "~/domain/report-status";
import type { MapConfig } from "./ReportMap";

type Point = [id: string, lat: number, lng: number, status: string, number: number, title: string, phase: string | null];

const JAKARTA: [number, number] = [-6.2, 106.85];
const escapeAttribute = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Every report matching the list's filters on one map, coloured by status and clustered when zoomed out.
 * Leaflet and its cluster plugin load after hydration; the points come from /peta.json as compact rows.
 * A cluster is filled with the colour of its worst report (merah > kuning > hijau) and ringed with each
 * status's share, so a corner with one report still waiting never looks all done.
 */
export function ReportClusterMap({ query, config }: { query: string; config: MapConfig }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ loading: boolean; shown: number; total: number; error: boolean }>({ loading: true, shown: 0, total: 0, error: false });

  useEffect(() => {
    let map: LeafletMap | undefined;
    let cancelled = false;
    (async () => {
      const L = (await import("leaflet")).default;
      // The cluster plugin is a UMD bundle that extends the global L.
      (window as unknown as { L: typeof L }).L = L;
      await import("leaflet.markercluster");
      const response = await fetch(`/peta.json${query ? `?${query}` : ""}`);
      if (!response.ok) throw new Error(String(response.status));
      const data = (await response.json()) as { total: number; points: Point[] };
      if (cancelled || !el.current) return;
      map = L.map(el.current, { scrollWheelZoom: false, preferCanvas: true }).setView(JAKARTA, 11);
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
      const statusOf = new WeakMap<Layer, string>();
      const clusters = L.markerClusterGroup({
        showCoverageOnHover: false,
        chunkedLoading: true,
        iconCreateFunction: (cluster) => {
          const n = cluster.getChildCount();
          const size = n < 10 ? 38 : n < 100 ? 46 : 56;
          const counts = countStatuses(cluster.getAllChildMarkers().map((m) => statusOf.get(m)));
          const worst = worstStatus(counts);
          const tone = worst ? STATUS_COLOUR[worst] : "none";
          // Only numbers and our own words go into this HTML (no report text).
          const parts = REPORT_STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${t(`status.${s}`).toLocaleLowerCase()}`);
          const title = escapeAttribute(t("map.clusterTitle", { count: n, parts: parts.join(", ") }));
          const ring = statusRingStops(counts);
          return L.divIcon({
            html: `<span class="map-cluster-ring" style="background: conic-gradient(${ring || "#55606b 0% 100%"})" title="${title}"><span class="map-cluster-core map-cluster-${tone}">${n}</span></span>`,
            className: "map-cluster",
            iconSize: [size, size],
          });
        },
      });
      for (const [id, lat, lng, status, number, title, phase] of data.points) {
        const colour = isReportStatus(status) ? STATUS_HEX[status] : "#55606b";
        const marker = L.circleMarker([lat, lng], { radius: 8, color: "#1b1f23", weight: 1.5, fillColor: colour, fillOpacity: 0.95 });
        statusOf.set(marker, status);
        // Built from DOM nodes, never HTML strings: titles are citizens' text.
        marker.bindPopup(() => {
          const box = document.createElement("div");
          const link = document.createElement("a");
          link.href = `/laporan/${id}`;
          link.textContent = `#${number} ${title}`;
          const label = document.createElement("p");
          label.textContent = isReportStatus(status) ? t(`status.${status}`) : status;
          box.append(link, label);
          // Where its deliberation stands: a report still "menunggu" may be open to vote right now.
          if (phase && phase !== "laporan") {
            const stage = document.createElement("p");
            stage.textContent = `${t("list.phase")}: ${t(`case.steps.${phase}`)}`;
            box.append(stage);
          }
          return box;
        });
        clusters.addLayer(marker);
      }
      map.addLayer(clusters);
      if (data.points.length > 0) map.fitBounds(clusters.getBounds(), { maxZoom: 16, padding: [24, 24] });
      setState({ loading: false, shown: data.points.length, total: data.total, error: false });
    })().catch(() => !cancelled && setState((s) => ({ ...s, loading: false, error: true })));
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, [query, config.tileUrl, config.attribution, t]);

  return (
    <>
      <p aria-live="polite" className="muted">
        {state.loading ? t("map.loading") : state.error ? t("map.error") : state.shown < state.total ? t("map.someShown", { shown: state.shown, total: state.total }) : t("map.allShown", { count: state.total })}
      </p>
      <div ref={el} className="map map-large" role="region" aria-label={t("map.label")} />
    </>
  );
}
