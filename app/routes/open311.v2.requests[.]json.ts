import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateToken, requireScope } from "~/services/host-systems.server";
import { intakeRequest, readRequests } from "~/services/open311.server";
import { consume } from "~/services/rate-limit.server";
import { open311ErrorFrom, open311Errors, publicBase } from "~/utils/open311.server";

// /open311/v2/requests.json (GeoReport v2).
// GET: reports and their status with the standard filters (service_request_id, service_code, start_date, end_date,
// status); public, read-only, like the pages.
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json(await readRequests(params, publicBase(request)), { headers: { "Cache-Control": "public, max-age=60" } });
  } catch (error) {
    return open311ErrorFrom(request, error);
  }
}

// POST: a 311 client files a request (form-encoded) with api_key, an API token with the write:reports scope.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return open311Errors(request, 405, "errors.not_found");
  let params: Record<string, string>;
  try {
    const type = request.headers.get("content-type") ?? "";
    params = type.includes("application/json")
      ? Object.fromEntries(Object.entries((await request.json()) as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
      : Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  } catch {
    return open311Errors(request, 400, "errors.json_invalid");
  }
  try {
    const caller = await authenticateToken(params.api_key);
    requireScope(caller, "write:reports");
    await consume("api", caller.tokenId);
    return Response.json(await intakeRequest(caller.hostSlug, params), { status: 201 });
  } catch (error) {
    return open311ErrorFrom(request, error);
  }
}
