import type { SMTPServer as SMTPServerType } from "smtp-server";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The dead letters an admin sees in /admin/kiriman must be real failures. Two ways a delivered e-mail used to
// end up there: a worker killed between sending and recording left the row pending, and the next worker, finding
// the notification already e-mailed, marked it dead ("nothing to send"); and a worker whose claim ran out while its
// SMTP server was slow recorded its late failure over the row another worker had meanwhile sent.
process.env.OUTBOX_LEASE_MS = "1000";

type Mode = "accept" | "slow-refusal";
let mode: Mode = "accept";
const inbox: { to: string[]; raw: string }[] = [];
let smtp: SMTPServerType;

beforeAll(async () => {
  const { prepareDatabase } = await import("~/db.server");
  await prepareDatabase();
  // An SMTP server on this file's SMTP_URL that accepts, or holds a message for 1.5 s and then refuses it (451).
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      const refuse = mode === "slow-refusal";
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refuse) {
          setTimeout(() => callback(Object.assign(new Error("try again later"), { responseCode: 451 })), 1500);
          return;
        }
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(Number(new URL(process.env.SMTP_URL!).port), "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function notificationRow(emailNotifications = "instant") {
  const { db } = await import("~/db.server");
  const { fileReport } = await import("~/services/reports.server");
  const { createUser, validReport } = await import("../helpers/fixtures");
  const user = await createUser();
  await db.user.update({ where: { id: user.id }, data: { emailNotifications } });
  const reportId = (await fileReport(user.id, validReport, [])).id;
  const notification = await db.notification.create({ data: { userId: user.id, kind: "comment", reportId, excerpt: "Sudah diperbaiki?" } });
  const row = await db.outboxMessage.create({ data: { kind: "email.notification", payload: JSON.stringify({ notificationId: notification.id }) } });
  return { user, notification, row };
}

const mailsTo = (email: string) => inbox.filter((m) => m.to.includes(email));

/** The state `kill -9` leaves between sending and recording: the row still pending, its claim run out. */
async function losePendingRecord(id: string) {
  const { db } = await import("~/db.server");
  await db.outboxMessage.update({ where: { id }, data: { status: "pending", sentAt: null, attempts: 0, leaseUntil: new Date(Date.now() - 1000) } });
}

describe("outbox bookkeeping", () => {
  it("an e-mail sent just before the worker died is recorded as sent, not dead, and not sent again", async () => {
    const { db } = await import("~/db.server");
    const { deliverOutboxMessage } = await import("~/services/outbox-delivery.server");
    const { deadLetters } = await import("~/services/outbox-admin.server");
    const { user, row } = await notificationRow();

    expect(await deliverOutboxMessage(row.id)).toBe("sent");
    expect(mailsTo(user.email)).toHaveLength(1);
    await losePendingRecord(row.id);

    await deliverOutboxMessage(row.id);
    const after = await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("sent");
    expect(after.lastError).toBeNull();
    expect((await deadLetters()).map((d) => d.id)).not.toContain(row.id);
    expect(mailsTo(user.email)).toHaveLength(1);
  });

  it("a daily digest sent just before the worker died is recorded as sent, not dead", async () => {
    const { db } = await import("~/db.server");
    const { deliverOutboxMessage, planDailyDigests } = await import("~/services/outbox-delivery.server");
    const { deadLetters } = await import("~/services/outbox-admin.server");
    const { user } = await notificationRow("daily");
    const digests = await planDailyDigests(); // this file's only user who chose "daily"
    expect(digests).toHaveLength(1);
    const digest = digests[0];

    expect(await deliverOutboxMessage(digest!)).toBe("sent");
    expect(mailsTo(user.email)).toHaveLength(1);
    await losePendingRecord(digest!);

    await deliverOutboxMessage(digest!);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: digest! } })).status).toBe("sent");
    expect((await deadLetters()).map((d) => d.id)).not.toContain(digest);
    expect(mailsTo(user.email)).toHaveLength(1);
  });

  it("a worker whose claim ran out cannot record its late failure over the row another worker sent", async () => {
    const { db } = await import("~/db.server");
    const { deliverOutboxMessage } = await import("~/services/outbox-delivery.server");
    const { OUTBOX_MAX_ATTEMPTS } = await import("~/services/outbox.server");
    const { deadLetters } = await import("~/services/outbox-admin.server");
    const { user, row } = await notificationRow();
    // One attempt left: a failure recorded now would make it a dead letter.
    await db.outboxMessage.update({ where: { id: row.id }, data: { attempts: OUTBOX_MAX_ATTEMPTS - 1 } });

    mode = "slow-refusal";
    const slow = deliverOutboxMessage(row.id); // claims the row; its SMTP server answers only after the claim ran out
    await new Promise((r) => setTimeout(r, 300));
    mode = "accept";
    await new Promise((r) => setTimeout(r, 1000));
    expect(await deliverOutboxMessage(row.id)).toBe("sent"); // the claim ran out: another worker delivers it
    await slow; // ...and the first one's refusal arrives afterwards

    const after = await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("sent");
    expect(after.attempts).toBe(OUTBOX_MAX_ATTEMPTS);
    expect((await deadLetters()).map((d) => d.id)).not.toContain(row.id);
    expect(mailsTo(user.email)).toHaveLength(1);
  });

  it("a message nobody wants any more (the user turned e-mail off) is cancelled, not a dead letter", async () => {
    const { db } = await import("~/db.server");
    const { deliverOutboxMessage } = await import("~/services/outbox-delivery.server");
    const { deadLetters, queueHealth } = await import("~/services/outbox-admin.server");
    const { user, row } = await notificationRow();
    await db.user.update({ where: { id: user.id }, data: { emailNotifications: "none" } });

    expect(await deliverOutboxMessage(row.id)).toBe("cancelled");
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("cancelled");
    expect((await deadLetters()).map((d) => d.id)).not.toContain(row.id);
    expect((await queueHealth()).outbox.cancelled).toBeGreaterThanOrEqual(1);
    expect(mailsTo(user.email)).toHaveLength(0);
  });

  it("a real failure still becomes a dead letter after the last attempt", async () => {
    const { db } = await import("~/db.server");
    const { deliverOutboxMessage } = await import("~/services/outbox-delivery.server");
    const { OUTBOX_MAX_ATTEMPTS } = await import("~/services/outbox.server");
    const { deadLetters } = await import("~/services/outbox-admin.server");
    const { row } = await notificationRow();
    await db.outboxMessage.update({ where: { id: row.id }, data: { attempts: OUTBOX_MAX_ATTEMPTS - 1 } });
    mode = "slow-refusal";
    try {
      expect(await deliverOutboxMessage(row.id)).toBe("dead");
    } finally {
      mode = "accept";
    }
    const dead = (await deadLetters()).find((d) => d.id === row.id);
    expect(dead).toMatchObject({ attempts: OUTBOX_MAX_ATTEMPTS });
    expect(dead?.lastError).toMatch(/451/);
  });
});
