import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { db } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { ServiceError } from "./errors";
import { setHostReportStatus, upsertHostReport } from "./host-reports.server";
import { assertNotBlocked, consume, recordFailure } from "./rate-limit.server";

// Report events a host system pushes to /hooks/reports, signed per Standard Webhooks with its inbound secret.
// The library refuses bad signatures and timestamps more than five minutes off; the webhook-id is kept per host,
// so a replay or a second delivery of the same event is answered with the first result and applied once.
//
// Who may spend what: a host's own rate limit is spent only once its signature is verified, so nobody else can use
// it up and block the host's pushes. Pushes that fail authentication count against the sender's address instead.

export { HOOK_BODY_LIMIT } from "~/body-limits.server";

export const HOOK_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;
/** Standard Webhooks' tolerance for the timestamp, either way. */
const TIMESTAMP_TOLERANCE_S = 5 * 60;

async function refuse(address: string, code: "errors.signature_invalid" | "errors.host_unknown"): Promise<never> {
  await recordFailure("hookFailIp", address);
  throw new ServiceError(401, code);
}

/**
 * The checks that need no body, made before a byte of it is read (server.ts): the address has not used up its
 * failures, the three signature headers are there with a timestamp within five minutes, and the host exists.
 * Throws 429 or 401.
 */
export async function screenHookCaller(hostSlug: string | null, headers: Record<string, string>, address: string, now = new Date()): Promise<void> {
  await assertNotBlocked("hookFailIp", address);
  const timestamp = Number(headers["webhook-timestamp"]);
  if (!hostSlug || HOOK_HEADERS.some((h) => !headers[h]) || !Number.isFinite(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > TIMESTAMP_TOLERANCE_S) {
    await refuse(address, "errors.signature_invalid");
  }
  const host = await db.hostSystem.findUnique({ where: { slug: hostSlug! }, select: { id: true } });
  if (!host) await refuse(address, "errors.host_unknown");
}

export async function receiveHostEvent(hostSlug: string | null, body: string, headers: Record<string, string>, address = "unknown") {
  await assertNotBlocked("hookFailIp", address);
  const host = hostSlug ? await db.hostSystem.findUnique({ where: { slug: hostSlug }, select: { id: true, slug: true, inboundSecret: true } }) : null;
  if (!host) return refuse(address, "errors.host_unknown");
  let event: { type?: unknown; data?: unknown };
  try {
    event = new Webhook(host.inboundSecret).verify(body, headers) as typeof event;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return refuse(address, "errors.signature_invalid");
    // Signed by the host, but not JSON: the host's own mistake, counted against the host.
    await consume("hook", host.id);
    throw new ServiceError(400, "errors.form_invalid", { body: "errors.json_invalid" });
  }
  await consume("hook", host.id);
  const eventId = headers["webhook-id"]!;
  const seen = await db.inboundEvent.findUnique({ where: { hostSystemId_eventId: { hostSystemId: host.id, eventId } } });
  if (seen) return { duplicate: true, result: JSON.parse(seen.result) as unknown };

  const data = (event.data ?? {}) as Record<string, unknown>;
  let result: unknown;
  if (event.type === "report.upserted") result = await upsertHostReport(host.slug, data);
  else if (event.type === "report.status_changed") result = await setHostReportStatus(host.slug, data);
  else throw new ServiceError(422, "errors.form_invalid", { type: "errors.event_unknown" });

  try {
    await db.inboundEvent.create({ data: { hostSystemId: host.id, eventId, type: String(event.type), result: JSON.stringify(result) } });
  } catch (error) {
    // The same event arrived twice at once: the other delivery recorded it; both applied the same idempotent change.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    return { duplicate: true, result };
  }
  return { duplicate: false, result };
}
