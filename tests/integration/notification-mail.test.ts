import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { formatDateTime } from "~/i18n/format";
import { slaRound } from "~/services/cases/agency-answer.server";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { advancePhase } from "~/services/cases/case-steps.server";
import { fanOutPending } from "~/services/notifications.server";
import { deliverOutboxMessage } from "~/services/outbox-delivery.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";
import { captureMail, mailHeader, mailText } from "../helpers/mail";

// What a follower and an officer read in their inbox: each kind its own subject, steps by their names and
// deadlines as a Jakarta date and time — never `pemungutan_suara` or an ISO timestamp.

const as = (u: { id: string }, role: Actor["role"] = "warga", extra: Partial<Actor> = {}): Actor => ({ id: u.id, role, agencyId: null, regionCodes: [], ...extra });
const hours = (h: number, from = Date.now()) => new Date(from + h * 3600_000);
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

let mail: Awaited<ReturnType<typeof captureMail>>;

beforeAll(async () => {
  await prepareDatabase();
  mail = await captureMail();
});
afterAll(() => mail.close());

async function deliverAll() {
  await fanOutPending(); // the worker's notify.fanout jobs, run here
  for (const r of await db.outboxMessage.findMany({ where: { status: "pending", kind: "email.notification" }, select: { id: true } })) await deliverOutboxMessage(r.id);
}

describe("notification e-mails", () => {
  it("name the new step and the answer deadline in words, each kind with its own subject, in the reader's language", async () => {
    const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
    const fasil = as(await createUser("fasilitator"), "fasilitator", { regionCodes: [KECAMATAN] });
    const petugasUser = await createUser("petugas", { agencyId: binaMarga });
    const reporterUser = await createUser();
    const englishUser = await createUser();
    await db.user.update({ where: { id: englishUser.id }, data: { locale: "en" } });
    const voters = [as(reporterUser), as(englishUser), as(await createUser())];
    const reportId = (await fileReport(reporterUser.id, validReport, [])).id;
    const number = (await db.report.findUniqueOrThrow({ where: { id: reportId }, select: { number: true } })).number;
    // Proposers follow the report: one reads Indonesian (the default), one English.
    const proposal = (await createProposal(voters[0]!, reportId, { title: "Tambal dengan aspal", text: "Tambal lubangnya." })).id;
    await createProposal(voters[1]!, reportId, { title: "Pasang rambu sementara", text: "Rambu di kedua arah." });
    await configureCase(fasil, reportId, {
      type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua",
      votingOpensAt: hours(1).toISOString(), votingClosesAt: hours(48).toISOString(), summary: "Warga sepakat lubang harus ditutup.",
    });
    const delib = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    await advancePhase(delib.id, "open_voting", delib.planVersion, hours(2));
    await deliverAll();

    const to = (email: string) => mail.inbox.filter((m) => m.to.includes(email));
    const phaseMail = to(reporterUser.email).find((m) => mailHeader(m.raw, "Subject").startsWith("Tahap baru"));
    expect(phaseMail, "a follower of the report gets the phase e-mail").toBeTruthy();
    expect(mailHeader(phaseMail!.raw, "Subject")).toBe(`Tahap baru, Pemungutan suara: #${number} ${validReport.title}`);
    const phaseText = mailText(phaseMail!.raw);
    expect(phaseText).toContain("Tahap sekarang: Pemungutan suara");
    expect(phaseText).not.toContain("pemungutan_suara");
    expect(phaseText).not.toMatch(ISO);
    expect(phaseText).toMatch(/\d{1,2} \w+ 20\d\d.* WIB/);
    // The other proposer reads English: the step by its English name.
    const englishPhase = to(englishUser.email).find((m) => mailHeader(m.raw, "Subject").startsWith("New stage"));
    expect(mailHeader(englishPhase!.raw, "Subject")).toBe(`New stage, Voting: #${number} ${validReport.title}`);
    expect(mailText(englishPhase!.raw)).toContain("Stage now: Voting");

    for (const v of voters) await castBallot(v, reportId, { [proposal]: "support" }, hours(3));
    await advancePhase(delib.id, "close_voting", delib.planVersion, hours(49));
    const due = (await db.deliberation.findUniqueOrThrow({ where: { reportId } })).dueAt!;
    expect(due).toBeTruthy();
    await slaRound(new Date(due.getTime() - 86_400_000));
    await deliverAll();

    const reminder = to(petugasUser.email).find((m) => mailHeader(m.raw, "Subject").startsWith("Pengingat"));
    expect(reminder, "the officer gets the SLA reminder").toBeTruthy();
    expect(mailHeader(reminder!.raw, "Subject")).toBe(`Pengingat batas jawaban instansi: #${number} ${validReport.title}`);
    const reminderText = mailText(reminder!.raw);
    expect(reminderText).toContain(`Batas jawaban: ${formatDateTime(due, "id")}`);
    expect(reminderText).not.toMatch(ISO);
    // Every kind its own subject: the phase e-mail and the reminder do not share the old catch-all one.
    expect(mail.inbox.map((m) => mailHeader(m.raw, "Subject"))).not.toContain("Kabar baru di Musyawarah");
  });
});
