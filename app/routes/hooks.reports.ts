import type { ActionFunctionArgs } from "@remix-run/node";
import { HOOK_BODY_LIMIT, HOOK_HEADERS, receiveHostEvent } from "~/services/inbound-hooks.server";
import { clientIp } from "~/utils/client-ip.server";
import { problem, problemFrom } from "~/utils/problem.server";

// POST /hooks/reports?host=<slug>: a host system pushes a report event, signed per Standard Webhooks.
// Machine-to-machine: no session, no CSRF token (the signature is the authentication). Before any of the body is
// read, server.ts has refused a caller without the signature headers or of an unknown host (401) and capped the
// body at HOOK_BODY_LIMIT while it streams in (413).
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return problem(request, 405, "errors.not_found");
  try {
    const body = await request.text();
    if (Buffer.byteLength(body) > HOOK_BODY_LIMIT) return problem(request, 413, "errors.body_too_large");
    const headers = Object.fromEntries(HOOK_HEADERS.map((h) => [h, request.headers.get(h) ?? ""]));
    const outcome = await receiveHostEvent(new URL(request.url).searchParams.get("host"), body, headers, clientIp(request));
    return Response.json({ ok: true, ...outcome });
  } catch (error) {
    return problemFrom(request, error);
  }
}

export function loader({ request }: { request: Request }) {
  return problem(request, 405, "errors.not_found");
}
