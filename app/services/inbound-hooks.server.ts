import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { db } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { ServiceError } from "./errors";
import { setHostReportStatus, upsertHostReport } from "./host-reports.server";
import { consume } from "./rate-limit.server";

// Report events a host system pushes to /hooks/reports, signed per Standard Webhooks with its inbound secret.
// The library refuses bad signatures and timestamps more than five minutes off; the webhook-id is kept per host,
// so a replay or a second delivery of the same event is answered with the first result and applied once.

export const HOOK_BODY_LIMIT = 16 * 1024 * 1024;

export async function receiveHostEvent(hostSlug: string | null, body: string, headers: Record<string, string>) {
  const host = hostSlug ? await db.hostSystem.findUnique({ where: { slug: hostSlug }, select: { id: true, slug: true, inboundSecret: true } }) : null;
  if (!host) throw new ServiceError(404, "errors.host_unknown");
  await consume("hook", host.id);
  let event: { type?: unknown; data?: unknown };
  try {
    event = new Webhook(host.inboundSecret).verify(body, headers) as typeof event;
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw new ServiceError(401, "errors.signature_invalid");
    throw new ServiceError(400, "errors.form_invalid", { body: "errors.json_invalid" });
  }
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
