import type { LoaderFunctionArgs } from "@remix-run/node";
import { readRequest } from "~/services/open311.server";
import { open311ErrorFrom, open311Errors, publicBase } from "~/utils/open311.server";

// GET /open311/v2/requests/{id}.json: one request, as a one-element list (GeoReport v2).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const match = /^([A-Za-z0-9_-]{1,64})\.json$/.exec(params.file ?? "");
  if (!match) return open311Errors(request, 404, "errors.report_not_found");
  try {
    return Response.json(await readRequest(match[1]!, publicBase(request)), { headers: { "Cache-Control": "public, max-age=60" } });
  } catch (error) {
    return open311ErrorFrom(request, error);
  }
}
