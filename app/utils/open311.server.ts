import type { Open311Errors } from "~/domain/open311";
import { retryMinutes } from "~/i18n/format";
import { fixedT } from "~/i18n/translate";
import { isServiceError } from "~/services/errors";
import { apiLanguage } from "./problem.server";

// GeoReport v2 answers errors as a list of { code, description }, which 311 clients parse; in the caller's language.
export function open311Errors(request: Request, status: number, code: string, fields: Record<string, string> = {}): Response {
  const t = fixedT(apiLanguage(request));
  const details = Object.entries(fields).filter(([, v]) => v.startsWith("errors."));
  const list: Open311Errors = details.length
    ? details.map(([field, v]) => ({ code: status, description: `${field}: ${t(v, { mb: 8 })}` }))
    : [{ code: status, description: t(code, { minutes: retryMinutes(fields) }) }];
  return Response.json(list, { status, headers: status === 429 ? { "retry-after": fields.retryAfter ?? "60" } : {} });
}

/** A thrown ServiceError as a GeoReport error list (anything else is a real fault and propagates). */
export function open311ErrorFrom(request: Request, error: unknown): Response {
  if (!isServiceError(error)) throw error;
  return open311Errors(request, error.status, error.code, error.fields);
}

export function publicBase(request: Request): string {
  return new URL(request.url).origin;
}
