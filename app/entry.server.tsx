import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "~/i18n/config";
import { i18next } from "~/i18n/i18next.server";
import { databaseKnownDown, noteDatabaseError } from "~/services/database-health.server";
import { NonceContext } from "~/utils/nonce";

const ABORT_DELAY = 5_000;

// One i18next instance per language, made once: creating and initialising one per request cost ~5 % of a page's time.
// Rendering only reads it (nothing on the server changes its language), so requests can share it.
const instances = new Map<string, Promise<i18n>>();
function instanceFor(lng: string): Promise<i18n> {
  let instance = instances.get(lng);
  if (!instance) {
    const created = createInstance();
    instance = created.use(initReactI18next).init({ ...i18nConfig, lng }).then(() => created);
    instances.set(lng, instance);
  }
  return instance;
}

/** Logs real server errors only: not a visitor's 404 or a request the browser abandoned. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  // The connection closed while the body was being read: the phone lost its signal, or server.ts refused a body
  // over its limit (413, already answered) and closed it.
  if ((error as NodeJS.ErrnoException | null)?.code === "ECONNRESET") return;
  // The database went away: the gate in server.ts answers 503 from now on; one line in the log, not a stack per request.
  if (noteDatabaseError(error)) return;
  console.error(error);
}

/**
 * Nothing shown to a signed-in person may be kept by a shared cache or the browser's back-forward history on a
 * shared phone: their pages and data carry `Cache-Control: private, no-store`.
 */
const PRIVATE = "private, no-store";
const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?msy_session=/;

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  if (SESSION_COOKIE.test(request.headers.get("cookie") ?? "")) response.headers.set("Cache-Control", PRIVATE);
  return response;
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext as { nonce?: string }).nonce;
  // A loader failed because the database just went away: "unavailable, try again", not a server error.
  if (responseStatusCode === 500 && databaseKnownDown()) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", "5");
  }
  const root = remixContext.staticHandlerContext.loaderData?.root as { user?: unknown } | undefined;
  if (root?.user || SESSION_COOKIE.test(request.headers.get("cookie") ?? "")) responseHeaders.set("Cache-Control", PRIVATE);
  const instance = await instanceFor(await i18next.getLocale(request));
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [callback]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
