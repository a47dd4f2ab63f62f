import type { Map as LeafletMap } from "leaflet";
import { useEffect, useRef } from "react";

export interface MapConfig {
  tileUrl: string;
  attribution: string;
}

/**
 * Leaflet runs only in the browser (it touches window at import), so it is loaded after hydration.
 * The server-rendered page already shows the coordinates and the kelurahan; the map is an enhancement.
 * With `onPick`, a tap on the map moves the marker and reports the point.
 */
export function ReportMap({
  lat,
  lng,
  zoom = 16,
  config,
  label,
  onPick,
}: {
  lat: number;
  lng: number;
  zoom?: number;
  config: MapConfig;
  label: string;
  onPick?: (lat: number, lng: number) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const marker = useRef<{ setLatLng: (p: [number, number]) => void } | null>(null);
  const mapRef = useRef<LeafletMap | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    let map: LeafletMap | undefined;
    let cancelled = false;
    import("leaflet").then((mod) => {
      const L = mod.default ?? mod;
      if (cancelled || !el.current) return;
      map = L.map(el.current, { scrollWheelZoom: false }).setView([lat, lng], zoom);
      mapRef.current = map;
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
      marker.current = L.circleMarker([lat, lng], { radius: 10, color: "#0b5d4b", weight: 3, fillColor: "#f2c12e", fillOpacity: 0.9 }).addTo(map);
      map.on("click", (e) => {
        marker.current?.setLatLng([e.latlng.lat, e.latlng.lng]);
        pick.current?.(e.latlng.lat, e.latlng.lng);
      });
    });
    return () => {
      cancelled = true;
      mapRef.current = null;
      map?.remove();
    };
    // The map is created once; later coordinate changes move the marker below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config.tileUrl]);

  useEffect(() => {
    marker.current?.setLatLng([lat, lng]);
    // Typed or located coordinates bring the map along (and closer, when it still shows all of Jakarta).
    const map = mapRef.current;
    if (map && !map.getBounds().contains([lat, lng])) map.setView([lat, lng], Math.max(map.getZoom(), 15));
  }, [lat, lng]);

  return <div ref={el} className="map" role="region" aria-label={label} />;
}
