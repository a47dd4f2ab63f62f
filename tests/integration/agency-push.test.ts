import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { setAgencyWebhook } from "~/services/agency-push.server";
import { WEBHOOK_TIMEOUT_MS } from "~/services/signed-webhook.server";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { advancePhase } from "~/services/cases/case-steps.server";
import { deliverOutboxMessage } from "~/services/outbox-delivery.server";
import { retryDelayMs } from "~/services/outbox.server";
import { deadLetters, queueHealth, retryDeadLetter } from "~/services/outbox-admin.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";
import { captureMail, mailText } from "../helpers/mail";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

// A real local HTTP receiver stands in for the agency's endpoint; it verifies every delivery with the
// official standardwebhooks package.
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let url: string;
let answer = 200;
let secret = "";
let agencyId: string;
let mail: Awaited<ReturnType<typeof captureMail>>;
const hours = (h: number) => new Date(Date.now() + h * 3600_000);

beforeAll(async () => {
  await prepareDatabase();
  // answer 0: an endpoint that never answers (the delivery must time out, not wait forever).
  receiver = await startWebhookReceiver({ secret: () => secret, status: () => answer });
  url = `${receiver.url}/musyawarah`;
  agencyId = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  mail = await captureMail();
});
afterAll(async () => {
  receiver.close();
  await mail.close();
});

async function caseAtAgency() {
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
  return { reportId, proposalId: p };
}

describe("pushing the citizens' solution to the agency", () => {
  it("refuses a non-HTTPS public URL and shows a new secret only once", async () => {
    await expect(setAgencyWebhook(agencyId, { url: "http://dinas.example.org/hook" })).rejects.toMatchObject({ fields: { webhookUrl: "errors.webhook_url" } });
    secret = (await setAgencyWebhook(agencyId, { url })).secret!;
    expect(secret).toMatch(/^whsec_/);
    expect((await setAgencyWebhook(agencyId, { url })).secret).toBeNull();
    await db.agency.update({ where: { id: agencyId }, data: { email: "binamarga@jakarta.go.id" } });
  });

  it("delivers a signed webhook and an e-mail, retries a failure with the same webhook-id, and stops at 410", async () => {
    const { reportId, proposalId } = await caseAtAgency();
    const rows = await db.outboxMessage.findMany({ where: { kind: { in: ["webhook.agency", "email.agency"] }, status: "pending" } });
    expect(rows.map((r) => r.kind).sort()).toEqual(["email.agency", "webhook.agency"]);
    const hook = rows.find((r) => r.kind === "webhook.agency")!;

    answer = 500;
    expect(await deliverOutboxMessage(hook.id)).toBe("retry");
    answer = 200;
    expect(await deliverOutboxMessage(hook.id)).toBe("sent");
    expect(await deliverOutboxMessage(hook.id)).toBe("skipped");
    const attempts = receiver.received.filter((r) => r.id === hook.id);
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => a.verified)).toBe(true);
    const body = JSON.parse(attempts[1]!.body);
    expect(body).toMatchObject({ type: "case.sent_to_agency", data: { report: { id: reportId }, solution: { id: proposalId }, tally: { voters: 3, reason: "mufakat" } } });
    expect(body.data.dueAt).toBeTruthy();
    expect(body.data.links.answer).toContain(`/laporan/${reportId}`);

    const email = rows.find((r) => r.kind === "email.agency")!;
    expect(await deliverOutboxMessage(email.id)).toBe("sent");
    expect(mailText(mail.inbox.find((m) => m.to.includes("binamarga@jakarta.go.id"))!.raw)).toContain("Usulan pilihan warga: Tambal dengan aspal panas");

    // An endpoint that is gone: dead-lettered at once and the agency's webhook disabled.
    await caseAtAgency();
    const next = await db.outboxMessage.findFirstOrThrow({ where: { kind: "webhook.agency", status: "pending" } });
    answer = 410;
    expect(await deliverOutboxMessage(next.id)).toBe("dead");
    expect((await db.agency.findUniqueOrThrow({ where: { id: agencyId } })).webhookDisabledAt).not.toBeNull();
    answer = 200;

    // The admin sees the dead letter and the queue's health, and can put the message back in line.
    expect((await deadLetters()).map((d) => d.id)).toContain(next.id);
    const health = await queueHealth();
    expect(health.reachable).toBe(true);
    expect(health.outbox.dead).toBeGreaterThanOrEqual(1);
    expect(health.queues.map((q) => q.name)).toEqual(["main", "deliver"]);
    for (const q of health.queues) expect(Object.keys(q.counts)).toEqual(expect.arrayContaining(["waiting", "active", "delayed", "failed"]));
    await setAgencyWebhook(agencyId, { url });
    await retryDeadLetter(next.id);
    expect(await deliverOutboxMessage(next.id)).toBe("sent");
    expect(receiver.received.filter((r) => r.id === next.id).map((r) => r.verified)).toEqual([true, true]);
    await expect(retryDeadLetter(next.id)).rejects.toMatchObject({ status: 404 });
  });

  it("gives up on an endpoint that never answers after the timeout and retries later, never crashing", async () => {
    await caseAtAgency();
    const row = await db.outboxMessage.findFirstOrThrow({ where: { kind: "webhook.agency", status: "pending" }, orderBy: { createdAt: "desc" } });
    answer = 0;
    const started = Date.now();
    expect(await deliverOutboxMessage(row.id)).toBe("retry");
    expect(Date.now() - started).toBeGreaterThanOrEqual(WEBHOOK_TIMEOUT_MS - 100);
    const after = await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "pending", attempts: 1 });
    expect(after.lastError).toMatch(/timeout|abort/i);
    answer = 200;
    expect(await deliverOutboxMessage(row.id)).toBe("sent");
  }, 30_000);

  it("backs off with jitter on a documented schedule", () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(3, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 1)).toBe(36_000);
    expect(retryDelayMs(30, () => 0.5)).toBe(6 * 3600_000);
  });
});
