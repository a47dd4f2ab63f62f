import { open311Services } from "~/services/open311.server";

// GET /open311/v2/services.json: the services 311 clients can file under (the admin's mapping to our categories).
export async function loader() {
  return Response.json(await open311Services(), { headers: { "Cache-Control": "public, max-age=300" } });
}
