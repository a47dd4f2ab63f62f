import { isInsideJakarta } from "./geo";

// Which kelurahan a point is in, from one point per kelurahan (prisma/data/jakarta-kelurahan-centroids.csv).
// No openly licensed kelurahan boundaries can be installed here (prisma/data/README.md), so this is the nearest
// centroid: good enough to *suggest* a kelurahan the citizen can still change, never to overrule one. A choice is
// refused only when it plainly cannot be right: the point is far from the chosen kelurahan's centroid, and close to
// the centroid of a kelurahan in another kota (a Kebayoran Lama point filed under Pulau Pari). Both distances come
// from the farthest any point of a mainland kelurahan lies from its own centroid (4.3 km, Ancol), measured once
// against kelurahan boundaries we may not ship (see prisma/data/README.md). Near a border, in a large kelurahan,
// at sea or among the islands (whose kelurahan span tens of kilometres) the citizen's choice stands.

export interface LatLng {
  lat: number;
  lng: number;
}

export interface KelurahanCentroid extends LatLng {
  code: string;
  kotaCode: string;
}

export interface KelurahanSuggestion {
  code: string;
  distanceKm: number;
}

/** Kabupaten Administrasi Kepulauan Seribu: its kelurahan are groups of islands spread over tens of kilometres. */
export const KEPULAUAN_SERIBU = "3101";

export const LOCATOR_LIMITS = {
  /** No suggestion when even the nearest centroid is farther (at sea, or across the province line)… */
  suggestWithinKm: 8,
  /** …or, for a kelurahan of the islands, farther than this (Pulau Sebira lies 34 km from Pulau Harapan's). */
  suggestIslandWithinKm: 40,
  /** A choice is refused only when its centroid is farther than this from the point… */
  contradictionBeyondKm: 5,
  /** …and the point is at most this far from the nearest centroid, which lies in another kota. */
  otherKotaWithinKm: 4.5,
} as const;

/** The i18n key of the kelurahan field's error when the point contradicts the choice. */
export const LOCATION_CONTRADICTS_KELURAHAN = "errors.location_contradicts_kelurahan";

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in kilometres. */
export function distanceKm(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function nearest(point: LatLng, centroids: readonly KelurahanCentroid[]): { centroid: KelurahanCentroid; km: number } | null {
  let best: { centroid: KelurahanCentroid; km: number } | null = null;
  for (const centroid of centroids) {
    const km = distanceKm(point, centroid);
    if (!best || km < best.km) best = { centroid, km };
  }
  return best;
}

const usable = (p: LatLng) => isInsideJakarta(p.lat, p.lng);

export function createKelurahanLocator(centroids: readonly KelurahanCentroid[]) {
  const byCode = new Map(centroids.map((c) => [c.code, c]));
  return {
    /** The kelurahan whose centroid is nearest, or null outside Jakarta / too far from any. */
    suggestKelurahan(point: LatLng): KelurahanSuggestion | null {
      if (!usable(point)) return null;
      const best = nearest(point, centroids);
      if (!best) return null;
      const reach = best.centroid.kotaCode === KEPULAUAN_SERIBU ? LOCATOR_LIMITS.suggestIslandWithinKm : LOCATOR_LIMITS.suggestWithinKm;
      if (best.km > reach) return null;
      return { code: best.centroid.code, distanceKm: best.km };
    },

    /** An i18n key when the point clearly contradicts the chosen kelurahan, else null (also when we cannot tell). */
    locationProblem(point: LatLng, kelurahanCode: string): typeof LOCATION_CONTRADICTS_KELURAHAN | null {
      const chosen = byCode.get(kelurahanCode);
      if (!chosen || !usable(point)) return null;
      if (distanceKm(point, chosen) <= LOCATOR_LIMITS.contradictionBeyondKm) return null;
      const best = nearest(point, centroids);
      const clear = best && best.centroid.kotaCode !== chosen.kotaCode && best.km <= LOCATOR_LIMITS.otherKotaWithinKm;
      return clear ? LOCATION_CONTRADICTS_KELURAHAN : null;
    },
  };
}

export type KelurahanLocator = ReturnType<typeof createKelurahanLocator>;

/** Rows of the shipped CSV (kode,kode_kota,lat,lng) or its JSON form ([code, kotaCode, lat, lng]) as centroids. */
export function centroidsFromRows(rows: readonly (readonly [string, string, number, number])[]): KelurahanCentroid[] {
  return rows.map(([code, kotaCode, lat, lng]) => ({ code, kotaCode, lat, lng }));
}
