import { json } from "@remix-run/node";
import { kelurahanCentroids } from "~/services/kelurahan-centroids.server";

// One point per kelurahan ([code, kotaCode, lat, lng], ~8 KB) for the report form, which suggests the kelurahan of a
// picked point with the same domain rule the server checks. Public reference data: cacheable, no rate limit.
export async function loader() {
  const centroids = await kelurahanCentroids();
  return json(
    { centroids: centroids.map((c) => [c.code, c.kotaCode, c.lat, c.lng] as const) },
    { headers: { "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400" } },
  );
}
