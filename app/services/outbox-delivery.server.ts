import { publicOrigin } from "~/config.server";
import { db } from "~/db.server";
import { formatDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/translate";
import { writeOutbox, OUTBOX_MAX_ATTEMPTS, retryDelayMs } from "./outbox.server";
import { sendMail } from "./mail.server";
import { deliverAgencyEmail, deliverAgencyWebhook, EndpointGoneError } from "./agency-push.server";

// Delivery of outbox rows, whatever their kind: a notification e-mail (instant) or a user's daily digest
// (composed here), the agency's webhook or e-mail (agency-push.server.ts). Idempotent on the row: a row already
// sent is skipped, so a job that runs twice sends once; failures are recorded on the row and retried later.

type NotificationRow = {
  kind: string; reportId: string; proposalId: string | null; commentId: string | null; excerpt: string; createdAt: Date; actorId: string | null;
};

function linkOf(n: NotificationRow): string {
  const base = publicOrigin();
  if (n.proposalId) return `${base}/usulan/${n.proposalId}${n.commentId ? `#k-${n.commentId}` : ""}`;
  return `${base}/laporan/${n.reportId}${n.commentId ? `#k-${n.commentId}` : "#diskusi"}`;
}

async function describe(n: NotificationRow, lng: string): Promise<string> {
  const t = fixedT(lng);
  const [actor, report] = await Promise.all([
    n.actorId ? db.user.findUnique({ where: { id: n.actorId }, select: { name: true } }) : null,
    db.report.findUnique({ where: { id: n.reportId }, select: { number: true, title: true } }),
  ]);
  const headline = t(`notifications.kinds.${n.kind}`, { actor: actor?.name ?? t("events.system"), report: report ? `#${report.number} ${report.title}` : "" });
  return `${headline}\n${n.excerpt ? `“${n.excerpt}”\n` : ""}${linkOf(n)}\n${formatDateTime(n.createdAt, lng)}`;
}

function footer(lng: string): string {
  const t = fixedT(lng);
  return `\n\n--\n${t("mail.footer", { url: `${publicOrigin()}/notifikasi` })}`;
}

export type DeliveryOutcome = "sent" | "skipped" | "retry" | "dead";

/** Delivers one outbox row. Failures are recorded on the row; after OUTBOX_MAX_ATTEMPTS it is dead. */
export async function deliverOutboxMessage(messageId: string, now = new Date()): Promise<DeliveryOutcome> {
  const row = await db.outboxMessage.findUnique({ where: { id: messageId } });
  if (!row || row.status !== "pending") return "skipped";
  try {
    const payload = JSON.parse(row.payload) as Record<string, string>;
    const sent =
      row.kind === "webhook.agency"
        ? await deliverAgencyWebhook(row.id, payload as { deliberationId: string; agencyId: string }, now)
        : row.kind === "email.agency"
          ? await deliverAgencyEmail(row.id, payload as { deliberationId: string; agencyId: string })
          : await deliver(row.kind, payload, row.id, now);
    await db.outboxMessage.update({ where: { id: row.id }, data: { status: sent ? "sent" : "dead", sentAt: now, attempts: { increment: 1 }, lastError: sent ? null : "nothing to send" } });
    return sent ? "sent" : "skipped";
  } catch (error) {
    const attempts = row.attempts + 1;
    // A 410 means the endpoint is gone for good: dead at once, no retries.
    const dead = attempts >= OUTBOX_MAX_ATTEMPTS || error instanceof EndpointGoneError;
    await db.outboxMessage.update({
      where: { id: row.id },
      data: { attempts, status: dead ? "dead" : "pending", lastError: String((error as Error).message).slice(0, 500), nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
    });
    return dead ? "dead" : "retry";
  }
}

async function deliver(kind: string, payload: Record<string, string>, messageId: string, now: Date): Promise<boolean> {
  if (kind === "email.notification") {
    const n = await db.notification.findUnique({ where: { id: payload.notificationId ?? "" }, include: { user: { select: { email: true, locale: true, emailNotifications: true } } } });
    // The user may have switched to digest or none since: then this e-mail is not wanted any more.
    if (!n || n.emailedAt || n.user.emailNotifications !== "instant") return false;
    const t = fixedT(n.user.locale);
    await sendMail({ to: n.user.email, subject: t("mail.subject"), text: (await describe(n, n.user.locale)) + footer(n.user.locale), messageId });
    await db.notification.update({ where: { id: n.id }, data: { emailedAt: now } });
    return true;
  }
  if (kind === "email.digest") {
    const user = await db.user.findUnique({ where: { id: payload.userId ?? "" }, select: { id: true, email: true, locale: true, emailNotifications: true } });
    if (!user || user.emailNotifications !== "daily") return false;
    const items = await db.notification.findMany({ where: { userId: user.id, emailedAt: null }, orderBy: { createdAt: "asc" }, take: 50 });
    if (items.length === 0) return false;
    const t = fixedT(user.locale);
    const parts = await Promise.all(items.map((n) => describe(n, user.locale)));
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
    return true;
  }
  throw new Error(`unknown outbox kind ${kind}`);
}

/** The daily round: one digest row per user who chose "daily" and has unsent notifications (once per day). */
export async function planDailyDigests(now = new Date()): Promise<string[]> {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(now);
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
