import { json } from "@remix-run/node";
import { noteDatabaseError } from "~/services/database-health.server";
import { isServiceError, ServiceError } from "~/services/errors";

/** What an action returns when the input was refused: the message keys and the HTTP status to match. */
export interface ActionErrors {
  ok: false;
  code: string;
  fields: Record<string, string>;
  /** What the user typed, so a refused form comes back filled in (never passwords or files). */
  values: Record<string, string>;
}

/** Turns a ServiceError into the action's error payload; anything else is rethrown (a real 500). */
export function actionError(error: unknown, values: Record<string, string> = {}) {
  if (isServiceError(error)) {
    const headers: HeadersInit = error.status === 429 ? { "Retry-After": error.fields.retryAfter ?? "60" } : {};
    return json<ActionErrors>({ ok: false, code: error.code, fields: error.fields, values }, { status: error.status, headers });
  }
  // A database busy past its 5 s timeout, or unreachable, is a "try again", never an error page.
  if (noteDatabaseError(error) || (error as { code?: string }).code === "SQLITE_BUSY" || /database is locked|SocketTimeout/i.test(String((error as Error)?.message))) {
    return json<ActionErrors>({ ok: false, code: "errors.busy", fields: {}, values }, { status: 503, headers: { "Retry-After": "5" } });
  }
  throw error;
}

/** For loaders: a ServiceError becomes an error response the route's ErrorBoundary can explain. */
export function loaderError(error: unknown): never {
  if (isServiceError(error)) throw json({ code: error.code }, { status: error.status });
  throw error;
}

export function notFound(code = "errors.not_found"): never {
  throw json({ code }, { status: 404 });
}

export { ServiceError };

/**
 * The request's form. A body that cannot be parsed (a multipart post without its boundary, a cut-off upload, a
 * made-up content type) is the sender's mistake: 400 with "check the form", never a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw json({ code: "errors.form_unreadable" }, { status: 400 });
  }
}

/** The text fields of a form as plain strings (files and passwords left out). */
export function formValues(formData: FormData | undefined, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = formData?.get(key);
    if (typeof v === "string") out[key] = v.slice(0, 5000);
  }
  return out;
}
