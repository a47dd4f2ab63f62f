import type { ActionFunctionArgs } from "@remix-run/node";
import { HOOK_BODY_LIMIT, receiveHostEvent } from "~/services/inbound-hooks.server";
import { problem, problemFrom } from "~/utils/problem.server";

// POST /hooks/reports?host=<slug>: a host system pushes a report event, signed per Standard Webhooks.
// Machine-to-machine: no session, no CSRF token (the signature is the authentication).
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return problem(request, 405, "errors.not_found");
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > HOOK_BODY_LIMIT) return problem(request, 413, "errors.form_invalid", { body: "errors.photo_too_large" });
  const body = await request.text();
  if (body.length > HOOK_BODY_LIMIT) return problem(request, 413, "errors.form_invalid", { body: "errors.photo_too_large" });
  const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, request.headers.get(h) ?? ""]));
  try {
    const outcome = await receiveHostEvent(new URL(request.url).searchParams.get("host"), body, headers);
    return Response.json({ ok: true, ...outcome });
  } catch (error) {
    return problemFrom(request, error);
  }
}

export function loader({ request }: { request: Request }) {
  return problem(request, 405, "errors.not_found");
}
