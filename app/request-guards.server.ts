import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { bodyLimitFor, isMachinePath, normalisePath } from "~/body-limits.server";
import { REPORT_LIMITS } from "~/domain/report-input";
import { retryMinutes } from "~/i18n/format";
import { i18next } from "~/i18n/i18next.server";
import { fixedT } from "~/i18n/translate";
import { isServiceError } from "~/services/errors";
import { HOOK_HEADERS, screenHookCaller } from "~/services/inbound-hooks.server";
import { problem } from "~/utils/problem.server";

// Express middleware that runs before Remix reads anything of a request: what must be refused on its headers
// alone (a foreign Origin, a body larger than its path allows, a webhook without its signature) is refused here,
// and a body is counted while it streams in, so no route ever holds more of one than its limit.

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Set on res.locals when a guard answered: whatever Remix does with the request afterwards is discarded. */
const REFUSED = "requestRefused";

export function wasRefused(res: ExpressResponse): boolean {
  return res.locals[REFUSED] === true;
}

/** A Fetch Request with the caller's language headers, for the shared error renderers. */
function headersRequest(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const name of ["accept-language", "cookie"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return new Request("http://localhost/", { headers });
}

/** How long a refused connection stays open after its answer, so the client reads the answer before the close. */
const LINGER_MS = 1000;

/**
 * Closes the connection once the answer is out, without reading the rest of the body. Node would close a
 * `Connection: close` answer at once, and a close with unread data in it resets the connection: a client still
 * sending would then lose the answer (EPIPE/ECONNRESET instead of 413). So the server stops reading (TCP then holds
 * the sender back), half-closes, and closes fully a moment later.
 */
function closeWithoutReading(req: ExpressRequest) {
  const socket = req.socket as ExpressRequest["socket"] & { destroySoon?: () => void };
  socket.destroySoon = () => {
    req.pause();
    // Nothing resumes the body again: not Node's drain of an unread body, not Remix's reader.
    req.resume = () => req;
    socket.end();
    setTimeout(() => {
      req.destroy();
      socket.destroy();
    }, LINGER_MS).unref();
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Answers a refusal and closes the connection afterwards (the rest of an unread body is never read): problem+json
 * for machines, a short page in the visitor's language for browsers.
 */
async function refuse(req: ExpressRequest, res: ExpressResponse, status: number, code: string, fields: Record<string, string> = {}) {
  res.locals[REFUSED] = true;
  if (res.headersSent) {
    req.destroy();
    return;
  }
  res.setHeader("Connection", "close");
  closeWithoutReading(req);
  if (status === 429) res.setHeader("Retry-After", fields.retryAfter ?? "60");
  const wantsPage = !isMachinePath(req.path) && /text\/html/.test(req.headers.accept ?? "");
  if (wantsPage) {
    const lng = await i18next.getLocale(headersRequest(req)).catch(() => "id");
    const t = fixedT(lng);
    const message = t(code, { minutes: retryMinutes(fields) });
    res.status(status).type("text/html; charset=utf-8");
    res.end(`<!doctype html><html lang="${lng}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} — Musyawarah</title></head><body><main><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">Musyawarah</a></p></main></body></html>`);
    return;
  }
  const answer = problem(headersRequest(req), status, code, fields);
  res.status(status);
  answer.headers.forEach((value, key) => res.setHeader(key, value));
  res.end(await answer.text());
}

/**
 * Form posts from another site are refused with 403 here, before Remix's own check (which answers such a post, or
 * one with `Origin: null` or a malformed Origin, with a 500). Same rule as Remix: the Origin's host must be the
 * request's Host (or X-Forwarded-Host). Machine endpoints are called cross-origin on purpose and are not checked.
 */
export const foreignOriginGuard: RequestHandler = (req, res, next) => {
  const origin = req.headers.origin;
  if (!MUTATING.has(req.method) || origin === undefined || isMachinePath(req.path)) return next();
  const forwarded = String(req.headers["x-forwarded-host"] ?? "").split(",")[0]?.trim();
  const host = forwarded || req.headers.host;
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost && host && originHost === host) return next();
  void refuse(req, res, 403, "errors.csrf").catch(next);
};

/**
 * Caps every request body at its path's limit (app/body-limits.server.ts): a declared Content-Length over the
 * limit is refused at once; a chunked body is counted as it streams and refused the moment it passes the limit.
 */
export function bodyLimitGuard(maxPhotoBytes: number): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const limit = bodyLimitFor(req.path, { maxPhotoBytes, maxPhotos: REPORT_LIMITS.maxPhotos });
    const declared = req.headers["content-length"];
    if (declared !== undefined && !(Number(declared) <= limit)) {
      void refuse(req, res, 413, "errors.body_too_large").catch(next);
      return;
    }
    let seen = 0;
    const count = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen <= limit) return;
      req.off("data", count);
      // Nothing more reaches the route; the connection closes shortly after the answer, which errors the route's
      // read of the body (so a cut-off body is never taken for a whole one).
      req.pause();
      req.resume = () => req;
      void refuse(req, res, 413, "errors.body_too_large").catch(() => req.destroy());
    };
    req.on("data", count);
    // Listening to "data" would start the flow before Remix listens; pause until Remix reads (its reader resumes).
    req.pause();
    next();
  };
}

/**
 * /hooks/reports: a caller without the three signature headers (with a timestamp within five minutes), or of an
 * unknown host, is refused with 401 before any of its body is read; an address with too many such failures, 429.
 */
export function hookCallerGuard(): RequestHandler {
  return (req, res, next: NextFunction) => {
    if (req.method !== "POST" || normalisePath(req.path) !== "/hooks/reports") return next();
    const headers = Object.fromEntries(HOOK_HEADERS.map((h) => [h, String(req.headers[h] ?? "")]));
    const host = typeof req.query.host === "string" ? req.query.host : null;
    screenHookCaller(host, headers, req.ip ?? "unknown")
      .then(() => next())
      .catch((error: unknown) => {
        if (isServiceError(error)) return refuse(req, res, error.status, error.code, error.fields);
        next(error);
      })
      .catch(next);
  };
}
