import { retryMinutes } from "~/i18n/format";
import { fixedT } from "~/i18n/translate";
import { isServiceError } from "~/services/errors";

// Errors of the machine-facing endpoints (/hooks, /open311) as RFC 9457 problem details, in the caller's
// language (Accept-Language: English on request, Indonesian otherwise).

export function apiLanguage(request: Request): "id" | "en" {
  return /^\s*en\b/i.test(request.headers.get("accept-language") ?? "") ? "en" : "id";
}

export function problem(request: Request, status: number, code: string, fields: Record<string, string> = {}, headers: HeadersInit = {}): Response {
  const t = fixedT(apiLanguage(request));
  const errors = Object.fromEntries(Object.entries(fields).filter(([field]) => field !== "retryAfter").map(([field, value]) => [field, value.startsWith("errors.") ? t(value, { mb: 8 }) : value]));
  return new Response(
    JSON.stringify({
      type: `https://musyawarah.jakarta.go.id/masalah/${code.replace(/^errors\./, "")}`,
      title: t(code, { minutes: retryMinutes(fields) }),
      status,
      code,
      ...(Object.keys(errors).length ? { errors } : {}),
    }),
    { status, headers: { "content-type": "application/problem+json; charset=utf-8", ...headers } },
  );
}

/** A thrown ServiceError as a problem response (anything else is a real fault and propagates). */
export function problemFrom(request: Request, error: unknown): Response {
  if (!isServiceError(error)) throw error;
  return problem(request, error.status, error.code, error.fields, error.status === 429 ? { "retry-after": error.fields.retryAfter ?? "60" } : {});
}
