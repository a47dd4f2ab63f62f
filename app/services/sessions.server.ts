import { randomBytes } from "node:crypto";
import { db } from "~/db.server";
import { isRole, type Actor } from "~/domain/roles";
import { userProfileSelect, withRegionCodes } from "./user-profile.server";

// Session rows: the use cases behind log-in, log-out and "who is this request?".
export const SESSION_DAYS = 30;

export interface SessionUser extends Actor {
  name: string;
  email: string;
  homeKelurahanCode: string;
}

export async function findSessionUser(sessionId: string): Promise<SessionUser | null> {
  const session = await db.session.findFirst({
    where: { id: sessionId, expiresAt: { gt: new Date() } },
    select: { user: { select: userProfileSelect } },
  });
  if (!session || !isRole(session.user.role)) return null;
  return { ...withRegionCodes(session.user), role: session.user.role };
}

/** A brand-new session id; the previous one (if any) is deleted in the same transaction. */
export async function createSession(userId: string, previousId: string | null): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    if (previousId) await tx.session.deleteMany({ where: { id: previousId } });
    await tx.session.create({ data: { id, userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) } });
  });
  return id;
}

export async function deleteSession(id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}

export async function purgeExpiredSessions(): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
