// DKI Jakarta's bounding box, including the Thousand Islands (Kepulauan Seribu) to the north.
// Without kelurahan polygons we cannot place a point in a kelurahan, so the citizen picks it;
// the box only rejects coordinates that are plainly elsewhere (a swapped sign, another city).
export const JAKARTA_BOUNDS = {
  south: -6.38,
  north: -5.19,
  west: 106.39,
  east: 106.98,
} as const;

export const JAKARTA_CENTER = { lat: -6.2, lng: 106.8456 } as const;

export function isInsideJakarta(lat: number, lng: number): boolean {
  const b = JAKARTA_BOUNDS;
  return (
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat >= b.south &&
    lat <= b.north &&
    lng >= b.west &&
    lng <= b.east
  );
}
