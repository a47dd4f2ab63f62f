import { db } from "~/db.server";

// While the database is down (PostgreSQL restarting, its host unreachable), every page answers at once with a clear
// 503 instead of each request waiting for a connection and ending in an error page. Nothing is probed while all is
// well: a request that fails because the database is unreachable marks it down (entry.server's handleError, the
// actions' error helper); from then on one probe at a time, at most every half second, finds out when it is back.
// The web server's gate (server.ts) and the Remix build are separate module instances: the state lives on globalThis.

interface Health {
  down: boolean;
  checkedAt: number;
  probe: Promise<boolean> | null;
}
const g = globalThis as { __musyawarahDbHealth?: Health };
const health: Health = (g.__musyawarahDbHealth ??= { down: false, checkedAt: 0, probe: null });

const RECHECK_MS = 500;
const PROBE_TIMEOUT_MS = 2_000;

// Prisma's codes for an unreachable server and a closed connection; the driver's own messages; PostgreSQL's
// "shutting down" / "starting up" states (57P01, 57P03). Not a timeout waiting for a pooled connection: that is a busy
// database, not a missing one, and must not turn a burst of traffic into 503s for everyone.
const UNAVAILABLE = /P1001|P1017|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down)|Can't reach database server|Server has closed the connection|DatabaseNotReachable|ConnectionClosed|57P01|57P03/i;

/**
 * Is this error the database being unreachable (rather than a bad query or a bug)? Only errors that came through
 * Prisma count: an ECONNREFUSED from an agency's webhook or from Redis says nothing about the database.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown; clientVersion?: unknown };
  const fromPrisma = e.clientVersion !== undefined || /^PrismaClient|^DriverAdapterError$/.test(String(e.name ?? ""));
  if (!fromPrisma) return false;
  let cause = "";
  try {
    cause = JSON.stringify(e.cause ?? null);
  } catch {
    // A cause that cannot be written out (circular) adds nothing.
  }
  return UNAVAILABLE.test(`${String(e.code ?? "")} ${String(e.message ?? "")} ${cause}`);
}

/** Called with any error a request met: an unreachable database puts the gate down until a probe succeeds. */
export function noteDatabaseError(error: unknown): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  if (!health.down) console.warn("[web] database unreachable: answering 503 until it is back");
  health.down = true;
  health.checkedAt = Date.now();
  return true;
}

async function probe(): Promise<boolean> {
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("probe timed out")), PROBE_TIMEOUT_MS).unref()),
    ]);
    if (health.down) console.warn("[web] database reachable again");
    health.down = false;
    return true;
  } catch {
    health.checkedAt = Date.now();
    return false;
  }
}

/** Has a request found the database unreachable, with no probe since saying it is back? */
export const databaseKnownDown = (): boolean => health.down;

/** True unless the database is known to be down and a fresh probe says it still is. */
export async function databaseAvailable(now = Date.now()): Promise<boolean> {
  if (!health.down) return true;
  if (now - health.checkedAt < RECHECK_MS) return false;
  health.probe ??= probe().finally(() => (health.probe = null));
  return health.probe;
}
