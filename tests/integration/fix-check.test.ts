import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { takeStep } from "~/services/cases/case-steps.server";
import { getCase } from "~/services/cases/case-view.server";
import { confirmFix } from "~/services/cases/fix-confirmation.server";
import { askFixCheck, dueFixChecks, escalateOverdueDoubts, respondToDoubt } from "~/services/fix-checks.server";
import { fanOutPending } from "~/services/notifications.server";
import { createProposal } from "~/services/proposals.server";
import { changeReportStatus, fileReport } from "~/services/reports.server";
import { acceptance, createUser, KECAMATAN, validReport } from "../helpers/fixtures";

// Residents confirm the fix, with an injected clock: the question goes out 14 days after the fix, the reporter's
// "belum" (with a reason) reopens the case with the agency's SLA restarted, three residents' "belum" put a fix in
// doubt (the agency must answer; unanswered, the DPRD hears of it), neighbours alone never reopen, a category can
// turn reopening off, and after 90 days a new report is offered instead.

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { status?: number; code?: string; fields?: Record<string, string> }) => ({ status: e.status, code: e.code, fields: e.fields }));
const as = (u: { id: string }, role: Actor["role"] = "warga", extra: Partial<Actor> = {}): Actor => ({ id: u.id, role, agencyId: null, regionCodes: [], ...extra });
const DAY = 86_400_000;

let fasil: Actor, petugas: Actor, dprd: Actor;
let reporter: Actor, voters: Actor[], neighbours: Actor[], outsider: Actor;

beforeAll(async () => {
  await prepareDatabase();
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  fasil = as(await createUser("fasilitator"), "fasilitator", { regionCodes: [KECAMATAN] });
  petugas = as(await createUser("petugas", { agencyId: binaMarga }), "petugas", { agencyId: binaMarga });
  const member = await createUser("dprd");
  await db.userRegion.create({ data: { userId: member.id, regionCode: KECAMATAN } });
  dprd = as(member, "dprd", { regionCodes: [KECAMATAN] });
  reporter = as(await createUser());
  voters = await Promise.all(Array.from({ length: 2 }, async () => as(await createUser())));
  // Residents of the report's kelurahan (the fixtures' home), and someone from elsewhere.
  neighbours = await Promise.all(Array.from({ length: 4 }, async () => as(await createUser())));
  const far = await createUser();
  await db.user.update({ where: { id: far.id }, data: { homeKelurahanCode: "3171010001" } });
  outsider = as(far);
});

/** A case accepted and completed at `fixedAt` (its vote a day earlier). */
async function fixedCase(fixedAt: number) {
  const t0 = fixedAt - 2 * DAY;
  const reportId = (await fileReport(reporter.id, validReport, [])).id;
  const proposal = (await createProposal(reporter, reportId, { title: "Tambal lubang", text: "Tambal dengan aspal panas." })).id;
  await configureCase(fasil, reportId, { type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua", votingOpensAt: new Date(t0 + 3600_000).toISOString(), votingClosesAt: new Date(t0 + DAY).toISOString() }, new Date(t0));
  await takeStep(fasil, reportId, "open_voting", {}, new Date(t0 + 2 * 3600_000));
  for (const v of [reporter, ...voters]) await castBallot(v, reportId, { [proposal]: "support" }, new Date(t0 + 3 * 3600_000));
  await takeStep(fasil, reportId, "close_voting", {}, new Date(t0 + 4 * 3600_000));
  await takeStep(petugas, reportId, "answer", acceptance(), new Date(t0 + 5 * 3600_000));
  await takeStep(petugas, reportId, "complete", {}, new Date(fixedAt));
  return reportId;
}

describe("residents confirm the fix", () => {
  it("asks after 14 days, and the reporter's 'belum' reopens the case with the agency's SLA restarted", async () => {
    const fixedAt = Date.now();
    const reportId = await fixedCase(fixedAt);
    const check = await db.fixCheck.findFirstOrThrow({ where: { reportId } });
    expect(check).toMatchObject({ status: "menunggu", askedAt: null });
    expect(check.askAt.getTime()).toBe(fixedAt + 14 * DAY);
    expect(await dueFixChecks(new Date(fixedAt + 13 * DAY))).not.toContain(check.id);
    expect(await dueFixChecks(new Date(fixedAt + 14 * DAY))).toContain(check.id);
    await askFixCheck(check.id, new Date(fixedAt + 14 * DAY));
    await askFixCheck(check.id, new Date(fixedAt + 14 * DAY)); // a second sweep asks nobody twice
    await fanOutPending();
    const asked = await db.notification.findMany({ where: { reportId, kind: "fix_check" }, select: { userId: true } });
    expect(asked.map((n) => n.userId).sort()).toEqual([reporter.id, ...voters.map((v) => v.id)].sort());

    const at = new Date(fixedAt + 15 * DAY);
    // A reminder was sent before the fix; the reopening owes a new one.
    await db.deliberation.update({ where: { reportId }, data: { remindedAt: new Date(fixedAt) } });
    // Reopening is the reporter's "belum" with its reason, never a bare step.
    expect(await errorOf(takeStep(reporter, reportId, "reopen_fix", {}, at))).toMatchObject({ status: 409, code: "errors.fix_not_open" });
    // Somebody from another kelurahan who took no part may not answer; "belum" owes a reason.
    expect(await errorOf(confirmFix(outsider, reportId, { answer: "sudah", text: "" }, at))).toMatchObject({ status: 403, code: "errors.fix_not_resident" });
    expect(await errorOf(confirmFix(reporter, reportId, { answer: "belum", text: "masih" }, at))).toMatchObject({ status: 422, fields: { text: "errors.fix_explanation" } });
    expect(await errorOf(confirmFix(reporter, reportId, { answer: "entahlah", text: "" }, at))).toMatchObject({ status: 422, fields: { answer: "errors.fix_answer" } });
    expect(await confirmFix(voters[0]!, reportId, { answer: "sudah", text: "" }, at)).toBe("none");
    expect(await confirmFix(reporter, reportId, { answer: "belum", text: "Lubangnya terbuka lagi setelah hujan semalam." }, at)).toBe("reopen");

    const view = await getCase(reportId, reporter, at);
    expect(view).toMatchObject({ state: "dibuka_kembali", fixCheck: { status: "dibuka_kembali", canAnswer: false, counts: { sudah: 1, belum: 1, tidak_tahu: 0 } } });
    // The SLA runs again from the reopening; the report is back in process.
    expect(new Date(view.dueAt!).getTime()).toBeGreaterThan(at.getTime());
    expect((await db.report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("diproses");
    expect((await db.deliberation.findUniqueOrThrow({ where: { reportId } })).remindedAt).toBeNull();
    expect(await errorOf(confirmFix(voters[1]!, reportId, { answer: "sudah", text: "" }, at))).toMatchObject({ status: 409, code: "errors.fix_not_open" });
    // The agency's officers were told.
    await fanOutPending();
    expect(await db.notification.count({ where: { reportId, kind: "fix_reopened", userId: petugas.id } })).toBe(1);
    // Fixed again: a new check for the new fix.
    await takeStep(petugas, reportId, "complete", {}, new Date(fixedAt + 20 * DAY));
    expect(await db.fixCheck.count({ where: { reportId } })).toBe(2);
    expect((await getCase(reportId, reporter)).fixCheck).toMatchObject({ status: "menunggu", canAnswer: true });
  });

  it("puts a fix in doubt on the third resident's 'belum' within 14 days; the agency answers, or the DPRD hears", async () => {
    const fixedAt = Date.now();
    const reportId = await fixedCase(fixedAt);
    const at = (d: number) => new Date(fixedAt + d * DAY);
    const reason = "Masih berlubang di sisi kiri jalan.";
    await confirmFix(neighbours[0]!, reportId, { answer: "belum", text: reason }, at(1));
    // The same neighbour twice counts once; an old "belum" falls out of the 14 days.
    await confirmFix(neighbours[0]!, reportId, { answer: "belum", text: reason }, at(2));
    await confirmFix(neighbours[1]!, reportId, { answer: "belum", text: reason }, at(3));
    expect((await getCase(reportId, null, at(3))).fixCheck).toMatchObject({ status: "menunggu" });
    // Answers are dated by the clock given (the window is counted on them).
    expect((await db.fixAnswer.findFirstOrThrow({ where: { userId: neighbours[1]!.id, check: { reportId } } })).createdAt).toEqual(at(3));
    expect(await confirmFix(neighbours[2]!, reportId, { answer: "belum", text: reason }, at(4))).toBe("dispute");
    const doubted = await db.fixCheck.findFirstOrThrow({ where: { reportId } });
    expect(doubted.status).toBe("diragukan");
    // Neighbours alone never reopen.
    expect((await getCase(reportId, null)).state).toBe("selesai");
    await fanOutPending();
    expect(await db.notification.count({ where: { reportId, kind: "fix_doubted", userId: petugas.id } })).toBe(1);

    // Unanswered past its SLA: the DPRD hears of it, once.
    expect(await escalateOverdueDoubts(new Date(doubted.respondBy!.getTime() - 1))).toBe(0);
    expect(await escalateOverdueDoubts(doubted.respondBy!)).toBeGreaterThanOrEqual(1);
    expect(await escalateOverdueDoubts(new Date(doubted.respondBy!.getTime() + DAY))).toBe(0);
    await fanOutPending();
    expect(await db.notification.count({ where: { reportId, kind: "fix_doubted", userId: dprd.id } })).toBe(1);

    // The agency's answer: its officers only, once.
    expect(await errorOf(respondToDoubt(neighbours[0]!, reportId, "Sudah kami periksa ulang."))).toMatchObject({ status: 403 });
    await respondToDoubt(petugas, reportId, "Kami periksa ulang Senin; tambalan sisi kiri dikerjakan ulang.");
    expect((await getCase(reportId, null)).fixCheck).toMatchObject({ agencyResponse: "Kami periksa ulang Senin; tambalan sisi kiri dikerjakan ulang.", canRespond: false });
    expect(await errorOf(respondToDoubt(petugas, reportId, "Jawaban kedua yang tidak perlu."))).toMatchObject({ status: 409 });
  });

  it("counts only the last 14 days of 'belum' toward a doubt", async () => {
    const fixedAt = Date.now();
    const reportId = await fixedCase(fixedAt);
    const at = (d: number) => new Date(fixedAt + d * DAY);
    const reason = "Masih berlubang di sisi kiri jalan.";
    await confirmFix(neighbours[0]!, reportId, { answer: "belum", text: reason }, at(1));
    await confirmFix(neighbours[1]!, reportId, { answer: "belum", text: reason }, at(16));
    await confirmFix(neighbours[2]!, reportId, { answer: "belum", text: reason }, at(17));
    expect((await db.fixCheck.findFirstOrThrow({ where: { reportId } })).status).toBe("menunggu");
    await confirmFix(neighbours[3]!, reportId, { answer: "belum", text: reason }, at(18));
    expect((await db.fixCheck.findFirstOrThrow({ where: { reportId } })).status).toBe("diragukan");
  });

  it("turns a reporter's 'belum' into a dispute where the category does not reopen, and after 90 days offers a new report", async () => {
    const fixedAt = Date.now();
    const noReopen = await fixedCase(fixedAt);
    const category = (await db.report.findUniqueOrThrow({ where: { id: noReopen }, select: { categorySlug: true } })).categorySlug;
    await db.category.update({ where: { slug: category }, data: { fixReopenable: false } });
    try {
      expect(await confirmFix(reporter, noReopen, { answer: "belum", text: "Belum ada yang datang memperbaiki." }, new Date(fixedAt + DAY))).toBe("dispute");
      expect((await getCase(noReopen, null)).state).toBe("selesai");
    } finally {
      await db.category.update({ where: { slug: category }, data: { fixReopenable: true } });
    }
    const old = await fixedCase(fixedAt);
    expect(await confirmFix(reporter, old, { answer: "belum", text: "Rusak lagi setelah empat bulan." }, new Date(fixedAt + 91 * DAY))).toBe("offer_new_report");
    expect(await getCase(old, reporter, new Date(fixedAt + 91 * DAY))).toMatchObject({ state: "selesai", fixCheck: { pastReopenLimit: true } });
  });

  it("reopens a report without a case, set to selesai by its agency, back to diproses", async () => {
    const reportId = (await fileReport(reporter.id, validReport, [])).id;
    await changeReportStatus(petugas, reportId, "selesai", "Sudah ditambal.");
    expect(await db.fixCheck.count({ where: { reportId } })).toBe(1);
    expect(await confirmFix(reporter, reportId, { answer: "belum", text: "Tambalan sudah retak lagi." })).toBe("reopen");
    expect((await db.report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("diproses");
    expect(await db.fixCheck.findFirstOrThrow({ where: { reportId } })).toMatchObject({ status: "dibuka_kembali" });
    await fanOutPending();
    expect(await db.notification.count({ where: { reportId, kind: "fix_reopened", userId: petugas.id } })).toBe(1);

    // Marked done again; three residents doubt it, and the routing table's agency answers (there is no case).
    await changeReportStatus(petugas, reportId, "selesai", "Sudah ditambal ulang.");
    for (const n of neighbours.slice(0, 3)) await confirmFix(n, reportId, { answer: "belum", text: "Tambalan kedua juga retak." });
    expect((await getCase(reportId, petugas)).fixCheck).toMatchObject({ status: "diragukan", canRespond: true });
    await respondToDoubt(petugas, reportId, "Kami tambal ulang dengan campuran aspal panas pekan ini.");
  });
});
