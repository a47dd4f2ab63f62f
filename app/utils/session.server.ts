import { createCookie, json, redirect } from "@remix-run/node";
import { env, secureCookies } from "~/config.server";
import { can, type Action } from "~/domain/roles";
import { createSession, deleteSession, findSessionUser, SESSION_DAYS, type SessionUser } from "~/services/sessions.server";

// The session cookie: a signed random id. What it means lives in the database (services/sessions.server.ts).
function sessionCookie() {
  const secure = secureCookies();
  // The __Host- prefix pins the cookie to this exact host over HTTPS; plain-HTTP development cannot use it.
  return createCookie(secure ? "__Host-msy_session" : "msy_session", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    secrets: [env().SESSION_SECRET],
    maxAge: SESSION_DAYS * 24 * 60 * 60,
  });
}

export type CurrentUser = SessionUser;

async function sessionIdFrom(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

// One look-up per request: the root loader, the page's loader and its action each ask, and a post's action asks twice
// (the route, then the form's handler). Keyed by the Request object, so it lives exactly as long as the request.
const perRequest = new WeakMap<Request, Promise<CurrentUser | null>>();

export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  let user = perRequest.get(request);
  if (!user) {
    user = sessionIdFrom(request).then((id) => (id ? findSessionUser(id) : null));
    perRequest.set(request, user);
  }
  return user;
}

/** Starts a brand-new session (a fresh id on every log-in, so a planted id is never promoted). */
export async function startSession(userId: string, request: Request): Promise<string> {
  const id = await createSession(userId, await sessionIdFrom(request));
  return sessionCookie().serialize(id);
}

export async function endSession(request: Request): Promise<string> {
  const id = await sessionIdFrom(request);
  if (id) await deleteSession(id);
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** The signed-in user, or a redirect to the log-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/masuk?kembali=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** For loaders and actions: the user must be allowed to take `action`; otherwise a 403 page. */
export async function requirePermission(request: Request, action: Action): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user, action)) throw json({ code: "errors.forbidden" }, { status: 403 });
  return user;
}
