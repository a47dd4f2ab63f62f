import { randomBytes } from "node:crypto";
import { createCookie, json, redirect } from "@remix-run/node";
import { env, secureCookies } from "~/config.server";
import { db } from "~/db.server";
import { can, isRole, type Action, type Actor, type Role } from "~/domain/roles";

// Server-side sessions. The cookie carries a random id (signed); the row says who it is and until when.
const SESSION_DAYS = 30;

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

export interface CurrentUser extends Actor {
  name: string;
  email: string;
  homeKelurahanCode: string;
}

async function sessionIdFrom(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const id = await sessionIdFrom(request);
  if (!id) return null;
  const session = await db.session.findFirst({
    where: { id, expiresAt: { gt: new Date() } },
    select: {
      user: {
        select: {
          id: true,
          name: true,
          email: true,
          role: true,
          agencyId: true,
          homeKelurahanCode: true,
          regions: { select: { regionCode: true } },
        },
      },
    },
  });
  if (!session || !isRole(session.user.role)) return null;
  const { regions, role, ...user } = session.user;
  return { ...user, role, regionCodes: regions.map((r) => r.regionCode) };
}

/** Starts a brand-new session (a fresh id on every log-in, so a planted id is never promoted). */
export async function startSession(userId: string, previous?: Request): Promise<string> {
  const old = previous ? await sessionIdFrom(previous) : null;
  if (old) await db.session.deleteMany({ where: { id: old } });
  const id = randomBytes(32).toString("base64url");
  await db.session.create({
    data: { id, userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000) },
  });
  return sessionCookie().serialize(id);
}

export async function endSession(request: Request): Promise<string> {
  const id = await sessionIdFrom(request);
  if (id) await db.session.deleteMany({ where: { id } });
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

export function hasRole(user: CurrentUser | null, ...roles: Role[]): boolean {
  return !!user && roles.includes(user.role);
}
