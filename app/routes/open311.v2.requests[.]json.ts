import type { ActionFunctionArgs } from "@remix-run/node";
import type { Open311Errors } from "~/domain/open311";
import { fixedT } from "~/i18n/translate";
import { isServiceError } from "~/services/errors";
import { authenticateToken, requireScope } from "~/services/host-systems.server";
import { intakeRequest } from "~/services/open311.server";
import { consume } from "~/services/rate-limit.server";
import { apiLanguage } from "~/utils/problem.server";

// POST /open311/v2/requests.json: a 311 client files a request (form-encoded, per GeoReport v2) with api_key, an
// API token with the write:reports scope. Errors come as GeoReport's list of { code, description }, which 311
// clients understand, in the caller's language.
export async function action({ request }: ActionFunctionArgs) {
  const t = fixedT(apiLanguage(request));
  const errors = (status: number, code: string, fields: Record<string, string> = {}) => {
    const details = Object.entries(fields).filter(([, v]) => v.startsWith("errors."));
    const list: Open311Errors = details.length
      ? details.map(([field, v]) => ({ code: status, description: `${field}: ${t(v, { mb: 8 })}` }))
      : [{ code: status, description: t(code) }];
    return Response.json(list, { status });
  };
  if (request.method !== "POST") return errors(405, "errors.not_found");
  let params: Record<string, string>;
  try {
    const type = request.headers.get("content-type") ?? "";
    params = type.includes("application/json")
      ? Object.fromEntries(Object.entries((await request.json()) as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
      : Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  } catch {
    return errors(400, "errors.json_invalid");
  }
  try {
    const caller = await authenticateToken(params.api_key);
    requireScope(caller, "write:reports");
    await consume("api", caller.tokenId);
    return Response.json(await intakeRequest(caller.hostSlug, params), { status: 201 });
  } catch (error) {
    if (isServiceError(error)) return errors(error.status, error.code, error.fields);
    throw error;
  }
}
