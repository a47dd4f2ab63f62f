import pMap from "p-map";
import { publicOrigin } from "~/config.server";
import type { OutboxMessage } from "~/generated/prisma/client";
import { db } from "~/db.server";
import { formatDateTime, jakartaDay } from "~/i18n/format";
import { fixedT } from "~/i18n/translate";
import { notificationText } from "~/i18n/notification-text";
import { claimOutbox, writeOutbox, OUTBOX_MAX_ATTEMPTS, retryDelayMs } from "./outbox.server";
import { sendMail } from "./mail.server";
import { deliverAgencyEmail, deliverAgencyWebhook, pushLookups, type PushLookups } from "./agency-push.server";
import { deliverHostWebhook, type HostPushPayload } from "./host-push.server";
import { EndpointGoneError } from "./signed-webhook.server";

// Delivery of outbox rows, whatever their kind: a notification e-mail (instant) or a user's daily digest
// (composed here), the agency's webhook or e-mail (agency-push.server.ts). Rows come in batches: one claim,
// deliveries in parallel, one transaction recording every outcome. Idempotent on the row: a row already sent
// or claimed by another worker is skipped; failures are recorded on the row and retried later.

type NotificationRow = {
  kind: string; reportId: string; proposalId: string | null; commentId: string | null; excerpt: string; createdAt: Date; actorId: string | null;
};

function linkOf(n: NotificationRow): string {
  const base = publicOrigin();
  if (n.proposalId) return `${base}/usulan/${n.proposalId}${n.commentId ? `#k-${n.commentId}` : ""}`;
  return `${base}/laporan/${n.reportId}${n.commentId ? `#k-${n.commentId}` : "#diskusi"}`;
}

/** The notification as a reader sees it (notification-text.ts): the subject of its own e-mail and its text. */
async function describe(n: NotificationRow, lng: string): Promise<{ subject: string; text: string }> {
  const t = fixedT(lng);
  const [actor, report] = await Promise.all([
    n.actorId ? db.user.findUnique({ where: { id: n.actorId }, select: { name: true } }) : null,
    db.report.findUnique({ where: { id: n.reportId }, select: { number: true, title: true } }),
  ]);
  const { headline, detail, subject } = notificationText(t, lng, { kind: n.kind, excerpt: n.excerpt, actorName: actor?.name ?? null, report });
  return { subject, text: `${headline}\n${detail ? `${detail}\n` : ""}${linkOf(n)}\n${formatDateTime(n.createdAt, lng)}` };
}

function footer(lng: string): string {
  const t = fixedT(lng);
  return `\n\n--\n${t("mail.footer", { url: `${publicOrigin()}/notifikasi` })}`;
}

export type DeliveryOutcome = "sent" | "skipped" | "retry" | "dead" | "cancelled";

/** Requests in flight per batch: enough to hide network latency, few enough not to flood one agency. */
const PARALLEL_PER_BATCH = 16;

/**
 * What one attempt found: delivered now; delivered already (by this row, before its worker died between sending
 * and recording: the notification or digest is marked e-mailed); or not wanted any more (the user switched to the
 * digest or turned e-mail off, the agency removed its webhook). Only a thrown error is a failure.
 */
type Delivered = "sent" | "already_sent" | "not_wanted";
type Attempt = { row: OutboxMessage; result: Delivered } | { row: OutboxMessage; error: Error };

async function attempt(row: OutboxMessage, now: Date, lookups: PushLookups): Promise<Attempt> {
  try {
    const payload = JSON.parse(row.payload) as Record<string, string>;
    const agencyPayload = payload as { deliberationId: string; agencyId: string };
    const orNotWanted = (sent: boolean): Delivered => (sent ? "sent" : "not_wanted");
    const result =
      row.kind === "webhook.agency"
        ? orNotWanted(await deliverAgencyWebhook(row.id, agencyPayload, now, lookups))
        : row.kind === "email.agency"
          ? orNotWanted(await deliverAgencyEmail(row.id, agencyPayload, lookups))
          : row.kind === "webhook.host"
            ? orNotWanted(await deliverHostWebhook(row.id, payload as unknown as HostPushPayload, now))
            : await deliver(row, payload, now);
    return { row, result };
  } catch (error) {
    return { row, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * Delivers a batch of outbox rows. After OUTBOX_MAX_ATTEMPTS failures a row is dead; a 410 kills it at once.
 * Returns each requested id's outcome ("skipped" for rows not pending or claimed by another worker).
 *
 * Dead letters are for an admin to act on, so only real failures become one. A success is always recorded (it
 * happened). A failure or a cancellation is recorded only while this worker still holds its claim: once the claim
 * ran out (a slow server), another worker may have taken the row over and sent it, and a late failure written over
 * that would turn a delivered message back into a retry, or into a dead letter.
 */
export async function deliverOutboxBatch(ids: readonly string[], now = new Date()): Promise<Map<string, DeliveryOutcome>> {
  const outcomes = new Map<string, DeliveryOutcome>(ids.map((id) => [id, "skipped"]));
  const claimed = await claimOutbox(ids, now);
  if (claimed.length === 0) return outcomes;
  const lease = claimed[0]!.leaseUntil;
  const lookups = pushLookups();
  const attempts = await pMap(claimed, (row) => attempt(row, now, lookups), { concurrency: PARALLEL_PER_BATCH });

  const resulted = (r: Delivered) => attempts.filter((a) => "result" in a && a.result === r).map((a) => a.row.id);
  const sent = resulted("sent");
  const alreadySent = resulted("already_sent");
  const notWanted = resulted("not_wanted");
  const failed = attempts.filter((a): a is Extract<Attempt, { error: Error }> => "error" in a);
  const stillOurs = { status: "pending", leaseUntil: lease };
  const recorded = await db.$transaction([
    db.outboxMessage.updateMany({ where: { id: { in: sent }, status: { not: "sent" } }, data: { status: "sent", sentAt: now, attempts: { increment: 1 }, lastError: null, leaseUntil: null } }),
    db.outboxMessage.updateMany({ where: { id: { in: alreadySent }, status: { not: "sent" } }, data: { status: "sent", sentAt: now, lastError: null, leaseUntil: null } }),
    db.outboxMessage.updateMany({ where: { id: { in: notWanted }, ...stillOurs }, data: { status: "cancelled", sentAt: now, lastError: "nothing to send", leaseUntil: null } }),
    ...failed.map(({ row, error }) => {
      const attempts = row.attempts + 1;
      const dead = attempts >= OUTBOX_MAX_ATTEMPTS || error instanceof EndpointGoneError;
      return db.outboxMessage.updateMany({
        where: { id: row.id, ...stillOurs },
        data: { attempts, status: dead ? "dead" : "pending", lastError: error.message.slice(0, 500), nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)), leaseUntil: null },
      });
    }),
  ]);
  for (const id of [...sent, ...alreadySent]) outcomes.set(id, "sent");
  if (recorded[2].count > 0) for (const id of notWanted) outcomes.set(id, "cancelled");
  failed.forEach(({ row, error }, i) => {
    if (recorded[3 + i]!.count === 0) return; // the claim ran out: another worker's record stands
    outcomes.set(row.id, row.attempts + 1 >= OUTBOX_MAX_ATTEMPTS || error instanceof EndpointGoneError ? "dead" : "retry");
  });
  return outcomes;
}

/** Delivers one outbox row now (the admin's retry, tests). */
export async function deliverOutboxMessage(messageId: string, now = new Date()): Promise<DeliveryOutcome> {
  return (await deliverOutboxBatch([messageId], now)).get(messageId)!;
}

async function deliver(row: OutboxMessage, payload: Record<string, string>, now: Date): Promise<Delivered> {
  const messageId = row.id;
  if (row.kind === "email.notification") {
    const n = await db.notification.findUnique({ where: { id: payload.notificationId ?? "" }, include: { user: { select: { email: true, locale: true, emailNotifications: true } } } });
    if (!n) return "not_wanted";
    // E-mailed already: by this row, whose worker died before recording it (or in a digest).
    if (n.emailedAt) return "already_sent";
    // The user may have switched to digest or none since: then this e-mail is not wanted any more.
    if (n.user.emailNotifications !== "instant") return "not_wanted";
    const { subject, text } = await describe(n, n.user.locale);
    await sendMail({ to: n.user.email, subject, text: text + footer(n.user.locale), messageId });
    await db.notification.update({ where: { id: n.id }, data: { emailedAt: now } });
    return "sent";
  }
  if (row.kind === "email.digest") {
    const user = await db.user.findUnique({ where: { id: payload.userId ?? "" }, select: { id: true, email: true, locale: true, emailNotifications: true, lastDigestAt: true } });
    if (!user) return "not_wanted";
    // A digest went out after this row was planned: this row's, whose worker died before recording it.
    if (user.lastDigestAt && user.lastDigestAt >= row.createdAt) return "already_sent";
    if (user.emailNotifications !== "daily") return "not_wanted";
    const items = await db.notification.findMany({ where: { userId: user.id, emailedAt: null }, orderBy: { createdAt: "asc" }, take: 50 });
    if (items.length === 0) return "not_wanted";
    const t = fixedT(user.locale);
    const parts = (await Promise.all(items.map((n) => describe(n, user.locale)))).map((p) => p.text);
    await sendMail({
      to: user.email,
      subject: t("mail.digestSubject", { count: items.length }),
      text: `${t("mail.digestIntro", { count: items.length })}\n\n${parts.join("\n\n")}${footer(user.locale)}`,
      messageId,
    });
    await db.$transaction([
      db.notification.updateMany({ where: { id: { in: items.map((n) => n.id) } }, data: { emailedAt: now } }),
      db.user.update({ where: { id: user.id }, data: { lastDigestAt: now } }),
    ]);
    return "sent";
  }
  throw new Error(`unknown outbox kind ${row.kind}`);
}

/** The daily round: one digest row per user who chose "daily" and has unsent notifications (once per day). */
export async function planDailyDigests(now = new Date()): Promise<string[]> {
  const day = jakartaDay(now);
  const users = await db.user.findMany({
    where: { emailNotifications: "daily", notifications: { some: { emailedAt: null } } },
    select: { id: true },
    take: 10_000,
  });
  const ids: string[] = [];
  for (const u of users) {
    const id = await db.$transaction((tx) => writeOutbox(tx, "email.digest", { userId: u.id }, `digest-${u.id}-${day}`));
    if (id) ids.push(id);
  }
  return ids;
}
