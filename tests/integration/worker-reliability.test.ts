import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { setAgencyWebhook } from "~/services/agency-push.server";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { advancePhase } from "~/services/cases/case-steps.server";
import { ringOutbox } from "~/services/outbox.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { deadLetters } from "~/services/outbox-admin.server";
import { startWorker } from "../helpers/app";
import { createUser, KECAMATAN, validReport, waitFor } from "../helpers/fixtures";
import { captureMail } from "../helpers/mail";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

// The worker process, for real: a local agency endpoint verifies every delivery with the official
// standardwebhooks package, and the tests kill, drain and restart the worker under it.
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secret = "";
let delayMs = 0;
let agencyId: string;
let deliberationId: string;
const hours = (h: number) => new Date(Date.now() + h * 3600_000);
// Short leases and sweeps so a crashed worker's rows come back within seconds, not a minute.
const FAST = { OUTBOX_LEASE_MS: "2000", SWEEP_EVERY_MS: "1000" };

beforeAll(async () => {
  await prepareDatabase();
  receiver = await startWebhookReceiver({ secret: () => secret, delayMs: () => delayMs });
  agencyId = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  secret = (await setAgencyWebhook(agencyId, { url: `${receiver.url}/hook` })).secret!;
  await db.agency.update({ where: { id: agencyId }, data: { email: null } });

  // One case that reached the agency: every webhook row below points at it.
  const fasil: Actor = { ...(await createUser("fasilitator")), role: "fasilitator", agencyId: null, regionCodes: [KECAMATAN] };
  const voters = await Promise.all([createUser(), createUser(), createUser()]);
  const warga = (u: { id: string }): Actor => ({ id: u.id, role: "warga", agencyId: null, regionCodes: [] });
  const reportId = (await fileReport(voters[0]!.id, validReport, [])).id;
  const p = (await createProposal(warga(voters[0]!), reportId, { title: "Tambal dengan aspal panas", text: "Tambal permanen." })).id;
  await configureCase(fasil, reportId, { type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua", votingOpensAt: hours(1).toISOString(), votingClosesAt: hours(48).toISOString() });
  const c = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
  await advancePhase(c.id, "open_voting", c.planVersion, hours(2));
  for (const v of voters) await castBallot(warga(v), reportId, { [p]: "support" }, hours(3));
  await advancePhase(c.id, "close_voting", c.planVersion, hours(49));
  deliberationId = c.id;
  // Its own push rows are not part of these tests.
  await db.outboxMessage.deleteMany({});
});

afterAll(() => {
  receiver.close();
});

/** n webhook rows to the local agency, written like the app writes them, and rung. */
async function queueDeliveries(n: number): Promise<string[]> {
  const rows = await db.outboxMessage.createManyAndReturn({
    data: Array.from({ length: n }, () => ({ kind: "webhook.agency", payload: JSON.stringify({ deliberationId, agencyId }) })),
    select: { id: true },
  });
  const ids = rows.map((r) => r.id);
  expect(await ringOutbox(ids)).toBe(true);
  return ids;
}

describe("the worker process", () => {
  it("loses nothing when killed with -9 in the middle of 5,000 deliveries", async () => {
    receiver.received.length = 0;
    const ids = await queueDeliveries(5000);
    let worker = await startWorker(FAST);
    await waitFor(async () => receiver.received.length >= 1500, 60_000);
    await worker.kill();
    const atKill = new Set(receiver.received.map((r) => r.id)).size;
    expect(atKill).toBeLessThan(5000); // the kill really came in the middle

    worker = await startWorker(FAST);
    try {
      await waitFor(async () => (await db.outboxMessage.count({ where: { status: "sent" } })) === 5000, 90_000);
    } finally {
      expect(await worker.stop()).toBe(0);
    }
    const distinct = new Set(receiver.received.map((r) => r.id));
    expect(distinct.size).toBe(5000);
    expect([...distinct].sort()).toEqual([...ids].sort());
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // Duplicates are only repeats of an id (rows in flight at the kill); each one is the same message.
    const duplicates = receiver.received.length - distinct.size;
    console.info(`[reliability] kill -9 after ${atKill} distinct receipts: 5000/5000 delivered, ${duplicates} repeated deliveries`);
    // At most what the killed worker held: 4 batches of 50 in flight, sent but not yet recorded.
    expect(duplicates).toBeLessThanOrEqual(200);
  });

  it("shows no false dead letters after kill -9 in the middle of 2,000 e-mails", async () => {
    const mail = await captureMail();
    try {
      // 2,000 notification e-mails, written and rung as a comment on a busy thread would.
      const user = await createUser();
      const reportId = (await fileReport(user.id, validReport, [])).id;
      const notifications = await db.notification.createManyAndReturn({
        data: Array.from({ length: 2000 }, (_, i) => ({ userId: user.id, kind: "comment", reportId, excerpt: `Komentar ${i + 1}` })),
        select: { id: true },
      });
      const rows = await db.outboxMessage.createManyAndReturn({
        data: notifications.map((n) => ({ kind: "email.notification", payload: JSON.stringify({ notificationId: n.id }) })),
        select: { id: true },
      });
      expect(await ringOutbox(rows.map((r) => r.id))).toBe(true);

      let worker = await startWorker(FAST);
      // Killed in the window that matters: some e-mails of a batch are out (their notifications marked e-mailed)
      // while the batch's outcome is not recorded yet.
      const sentNotRecorded = async () =>
        (await db.notification.count({ where: { reportId, emailedAt: { not: null } } })) -
        (await db.outboxMessage.count({ where: { kind: "email.notification", status: "sent" } }));
      const until = Date.now() + 60_000;
      while (!(mail.inbox.length >= 200 && (await sentNotRecorded()) > 0)) {
        if (Date.now() > until) throw new Error("never caught a batch between sending and recording");
        await new Promise((r) => setTimeout(r, 5));
      }
      await worker.kill();
      const atKill = mail.inbox.length;
      const unrecorded = await sentNotRecorded();
      worker = await startWorker(FAST);
      try {
        await waitFor(async () => (await db.outboxMessage.count({ where: { kind: "email.notification", status: "pending" } })) === 0, 120_000);
      } finally {
        expect(await worker.stop()).toBe(0);
      }
      // Every e-mail went out, and the admin's dead letters hold none of them (before the fix, the ones sent just
      // before the kill showed there as "nothing to send").
      // (Counted for this test's own rows and recipient: the notifications of the earlier tests' phase steps are
      // fanned out by the worker, and may be e-mailed while this test runs.)
      const mine = new Set(rows.map((r) => r.id));
      const sent = await db.outboxMessage.findMany({ where: { kind: "email.notification", status: "sent" }, select: { id: true } });
      expect(sent.filter((r) => mine.has(r.id))).toHaveLength(2000);
      expect((await deadLetters()).filter((d) => d.kind === "email.notification")).toEqual([]);
      const toUser = mail.inbox.filter((m) => m.raw.includes(user.email));
      const distinct = new Set(toUser.map((m) => m.raw.match(/^Message-ID: <([^@]+)@/im)?.[1]));
      expect(distinct.size).toBe(2000);
      console.info(`[reliability] kill -9 after ${atKill} e-mails (${unrecorded} sent but not recorded): 2000/2000 sent, none dead, ${toUser.length - 2000} repeated`);
    } finally {
      await mail.close();
    }
  });

  it("drains on SIGTERM: the running delivery finishes, no new job starts, and it exits 0", async () => {
    receiver.received.length = 0;
    delayMs = 1500;
    const worker = await startWorker();
    try {
      const [first] = await queueDeliveries(1);
      await waitFor(async () => receiver.received.some((r) => r.id === first), 15_000);
      const exit = worker.stop();
      await new Promise((r) => setTimeout(r, 200));
      const [second] = await queueDeliveries(1);
      expect(await exit).toBe(0);
      expect(worker.output()).toMatch(/SIGTERM: draining[\s\S]*drained; exiting/);
      expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: first! } })).status).toBe("sent");
      // Rung after the signal: left in the queue and the database for the next worker.
      expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: second! } })).status).toBe("pending");
      expect(receiver.received.some((r) => r.id === second)).toBe(false);
    } finally {
      delayMs = 0;
      await worker.kill();
    }
  });
});
