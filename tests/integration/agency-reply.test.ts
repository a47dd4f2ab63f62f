import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { expiredAlternatives } from "~/services/cases/agency-reply.server";
import { closeAlternativeVote, dueAlternativeVotes, openAlternativeVote, voteOnAlternative } from "~/services/cases/alternative-vote.server";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { expireAlternative, takeStep } from "~/services/cases/case-steps.server";
import { getCase } from "~/services/cases/case-view.server";
import { fanOutPending } from "~/services/notifications.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { addResultProgress, executionReport } from "~/services/results.server";
import { acceptance, createUser, KECAMATAN, monthsAhead, validReport } from "../helpers/fixtures";

// The agency's structured reply on the real database: a counter-proposal answered by the deliberation (agreed,
// refused then amended, left unanswered), a partial acceptance whose results are tracked to 100 %, a refusal as
// "bukan kewenangan" forwarded to the responsible agency, and two people answering one counter-proposal at once.

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { status?: number; code?: string; fields?: Record<string, string> }) => ({ status: e.status, code: e.code, fields: e.fields }));
const as = (u: { id: string }, role: Actor["role"] = "warga", extra: Partial<Actor> = {}): Actor => ({ id: u.id, role, agencyId: null, regionCodes: [], ...extra });
const DAY = 86_400_000;
const ALT = "Sumur resapan tidak cocok di sini; kami keruk dan perlebar saluran yang ada ke arah kali, dan siagakan pompa.";
const REASON = "Jalan ini jalan nasional: pemeliharaannya bukan kewenangan pemerintah provinsi.";

let fasil: Actor, petugas: Actor, sdaPetugas: Actor, dprd: Actor;
let citizens: Actor[];
let binaMarga: string, sda: string;

beforeAll(async () => {
  await prepareDatabase();
  binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  sda = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Sumber Daya Air" }, select: { id: true } })).id;
  fasil = as(await createUser("fasilitator"), "fasilitator", { regionCodes: [KECAMATAN] });
  petugas = as(await createUser("petugas", { agencyId: binaMarga }), "petugas", { agencyId: binaMarga });
  sdaPetugas = as(await createUser("petugas", { agencyId: sda }), "petugas", { agencyId: sda });
  const member = await createUser("dprd");
  await db.userRegion.create({ data: { userId: member.id, regionCode: KECAMATAN } });
  dprd = as(member, "dprd", { regionCodes: [KECAMATAN] });
  citizens = await Promise.all(Array.from({ length: 6 }, async () => as(await createUser())));
});

/** A case whose citizens chose citizens[0]'s proposal, sent to Dinas Bina Marga at `t0`. */
async function caseAtAgency(t0 = Date.now()) {
  const reportId = (await fileReport(citizens[0]!.id, validReport, [])).id;
  const proposal = (await createProposal(citizens[0]!, reportId, { title: "Bangun sumur resapan", text: "Dua sumur resapan di sudut perempatan." })).id;
  await configureCase(fasil, reportId, {
    type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua",
    votingOpensAt: new Date(t0 + 3600_000).toISOString(), votingClosesAt: new Date(t0 + 2 * DAY).toISOString(),
  }, new Date(t0));
  await takeStep(fasil, reportId, "open_voting", {}, new Date(t0 + 2 * 3600_000));
  for (const c of citizens.slice(0, 3)) await castBallot(c, reportId, { [proposal]: "support" }, new Date(t0 + 3 * 3600_000));
  await takeStep(fasil, reportId, "close_voting", {}, new Date(t0 + 4 * 3600_000));
  expect((await getCase(reportId, null)).state).toBe("ke_instansi");
  return { reportId, proposal, at: t0 + 4 * 3600_000 };
}

const alternative = (over: Record<string, string> = {}) => ({ kind: "alternatif", alternativeText: ALT, "alt-cost": "65.000.000", "alt-period": monthsAhead(3), "alt-unit": "Sudin SDA", ...over });
const dprdHeard = async (reportId: string) => {
  await fanOutPending();
  return db.notification.count({ where: { userId: dprd.id, reportId, kind: "alternative_escalated" } });
};

describe("the agency's structured reply", () => {
  it("puts a counter-proposal to the deliberation: refused once, amended, then agreed, with a result on its terms", async () => {
    const { reportId, at } = await caseAtAgency();
    await takeStep(petugas, reportId, "answer", alternative(), new Date(at + DAY));
    let view = await getCase(reportId, as(citizens[0]!), new Date(at + DAY));
    expect(view).toMatchObject({ state: "dijawab", answer: "alternatif", openAlternative: { round: 1, costRupiah: 65_000_000 }, solution: { title: "Bangun sumur resapan" } });
    expect(new Date(view.openAlternative!.respondBy!).getTime()).toBe(at + 15 * DAY);
    expect(view.events).toContain("respond_alternative");
    // Another citizen, or the agency itself, may not answer for the deliberation.
    expect((await getCase(reportId, as(citizens[1]!))).events).not.toContain("respond_alternative");
    expect(await errorOf(takeStep(citizens[1]!, reportId, "respond_alternative", { response: "setuju" }, new Date(at + 2 * DAY)))).toMatchObject({ status: 403 });
    expect(await errorOf(takeStep(petugas, reportId, "respond_alternative", { response: "setuju" }, new Date(at + 2 * DAY)))).toMatchObject({ status: 403 });
    // Refusing owes a reason.
    expect(await errorOf(takeStep(citizens[0]!, reportId, "respond_alternative", { response: "tolak" }))).toMatchObject({ status: 422, fields: { responseNote: "errors.alternative_reason" } });
    expect(await errorOf(takeStep(citizens[0]!, reportId, "respond_alternative", { response: "mungkin" }))).toMatchObject({ status: 422, fields: { response: "errors.alternative_response" } });
    // Silence is the sweeper's to record, never a person's.
    expect(await errorOf(takeStep(citizens[0]!, reportId, "respond_alternative", { response: "tanpa_tanggapan" }))).toMatchObject({ status: 422 });
    // A counter-proposal is no plan until agreed.
    expect(view.plannedDate).toBeNull();

    // Refused in the first round: back to the agency with a new deadline, and the DPRD hears of it.
    await takeStep(citizens[0]!, reportId, "respond_alternative", { response: "tolak", responseNote: "Saluran sudah dikeruk tahun lalu dan tetap banjir." }, new Date(at + 2 * DAY));
    view = await getCase(reportId, null, new Date(at + 2 * DAY));
    expect(view).toMatchObject({ state: "ke_instansi", answer: "alternatif_ditolak", openAlternative: null });
    expect(new Date(view.dueAt!).getTime()).toBeGreaterThan(at + 2 * DAY);
    expect(await dprdHeard(reportId)).toBe(1);
    expect(view.replies.map((r) => [r.round, r.kind, r.response])).toEqual([[1, "alternatif", "tolak"]]);

    // The one amended round; agreed by the fasilitator for the deliberation.
    await takeStep(petugas, reportId, "answer", alternative({ alternativeText: `${ALT} Ditambah satu sumur resapan percobaan.`, "alt-cost": "90.000.000" }), new Date(at + 3 * DAY));
    await takeStep(fasil, reportId, "respond_alternative", { response: "setuju" }, new Date(at + 4 * DAY));
    view = await getCase(reportId, null, new Date(at + 4 * DAY));
    expect(view).toMatchObject({ state: "dijawab", answer: "diterima_dengan_perubahan" });
    expect(view.plannedDate?.slice(0, 7)).toBe(monthsAhead(3));
    expect(view.replies.map((r) => [r.round, r.response])).toEqual([[1, "tolak"], [2, "setuju"]]);
    expect(view.results).toEqual([expect.objectContaining({ costRupiah: 90_000_000, periodMonth: monthsAhead(3), unit: "Sudin SDA", progress: 0, status: "direncanakan", children: [] })]);
    expect((await db.report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("diproses");
    expect(await dprdHeard(reportId)).toBe(1);
    // Accepted: the officer's progress page is open, the case can be completed.
    expect(view.can.postProgress).toBe(false);
    expect((await getCase(reportId, petugas)).can.postProgress).toBe(true);
  });

  it("escalates a second refusal for good, and shows silence as silence, never as an acceptance", async () => {
    const first = await caseAtAgency();
    await takeStep(petugas, first.reportId, "answer", alternative(), new Date(first.at + DAY));
    await takeStep(citizens[0]!, first.reportId, "respond_alternative", { response: "tolak", responseNote: "Tidak menyelesaikan banjirnya." }, new Date(first.at + 2 * DAY));
    await takeStep(petugas, first.reportId, "answer", alternative(), new Date(first.at + 3 * DAY));
    await takeStep(citizens[0]!, first.reportId, "respond_alternative", { response: "tolak", responseNote: "Masih sama saja dengan usul pertama." }, new Date(first.at + 4 * DAY));
    expect(await getCase(first.reportId, null)).toMatchObject({ state: "dijawab", answer: "alternatif_ditolak", results: [] });
    expect(await dprdHeard(first.reportId)).toBe(2);
    // No third round: the case waits for the DPRD, not for another offer.
    expect(await errorOf(takeStep(petugas, first.reportId, "answer", alternative()))).toMatchObject({ status: 409 });

    const second = await caseAtAgency();
    const offered = second.at + DAY;
    await takeStep(petugas, second.reportId, "answer", alternative(), new Date(offered));
    // Before its 14 days the sweeper leaves it alone; after them nobody may answer it late.
    expect(await expiredAlternatives(new Date(offered + 13 * DAY))).not.toContain(second.reportId);
    expect(await expireAlternative(second.reportId, new Date(offered + 13 * DAY))).toBe("errors.case_illegal");
    expect(await errorOf(takeStep(citizens[0]!, second.reportId, "respond_alternative", { response: "setuju" }, new Date(offered + 15 * DAY)))).toMatchObject({ status: 409, code: "errors.alternative_closed" });
    expect(await expiredAlternatives(new Date(offered + 15 * DAY))).toContain(second.reportId);
    expect(await expireAlternative(second.reportId, new Date(offered + 15 * DAY))).toBe("done");
    const view = await getCase(second.reportId, null, new Date(offered + 15 * DAY));
    expect(view).toMatchObject({ state: "dijawab", answer: "alternatif_tanpa_tanggapan", results: [], replies: [{ response: "tanpa_tanggapan" }] });
    expect(view.can.jointAction).toBe(false);
    expect(await expireAlternative(second.reportId, new Date(offered + 16 * DAY))).toBe("errors.case_illegal");
    expect(await dprdHeard(second.reportId)).toBe(1);
  });

  it("tracks a partial acceptance's results to 100 %, a parent following its items", async () => {
    const { reportId } = await caseAtAgency();
    await takeStep(petugas, reportId, "answer", {
      kind: "sebagian",
      "item-0-title": "Perbaiki trotoar", "item-0-decision": "terima", "item-0-cost": "45000000", "item-0-period": monthsAhead(2), "item-0-unit": "Sudin Bina Marga",
      "item-1-title": "Bersihkan saluran", "item-1-decision": "terima", "item-1-cost": "8000000", "item-1-period": monthsAhead(1), "item-1-unit": "Sudin SDA",
      "item-2-title": "Penutup saluran baru", "item-2-decision": "tolak", "item-2-reason": REASON, "item-2-basis": "regulasi", "item-2-regulation": "Perda DKI 5/2010",
    });
    let [parent] = (await getCase(reportId, null)).results;
    expect(parent).toMatchObject({ costRupiah: 53_000_000, periodMonth: monthsAhead(2), progress: 0 });
    expect(parent!.children.map((c) => c.title)).toEqual(["Perbaiki trotoar", "Bersihkan saluran"]);
    const [walk, drain] = parent!.children;
    const entry = { status: "berjalan", progress: "", note: "Pekerjaan dimulai hari ini." };
    // Only the agency's officers, only an item (a parent follows), only an integer from 0 to 100.
    expect(await errorOf(addResultProgress(sdaPetugas, drain!.id, entry))).toMatchObject({ status: 403 });
    expect(await errorOf(addResultProgress(petugas, drain!.id, { ...entry, reportId: "lain" }))).toMatchObject({ status: 403 });
    expect(await errorOf(addResultProgress(petugas, parent!.id, entry))).toMatchObject({ status: 409, code: "errors.result_parent" });
    for (const bad of ["52.5", "-1", "101", "x"]) expect(await errorOf(addResultProgress(petugas, drain!.id, { ...entry, progress: bad }))).toMatchObject({ status: 422, fields: { progress: "errors.progress_invalid" } });
    expect(await errorOf(addResultProgress(petugas, drain!.id, { ...entry, status: "hampir" }))).toMatchObject({ status: 422, fields: { status: "errors.result_status" } });

    // Long after both months, the walk (an item) is late although nothing else is: the list names the item.
    const later = new Date(Date.now() + 400 * DAY);
    expect((await executionReport(later)).late.map((r) => r.id)).toEqual(expect.arrayContaining([walk!.id, drain!.id]));
    await addResultProgress(petugas, drain!.id, { status: "berjalan", progress: "80", note: "Sebagian besar saluran sudah bersih." });
    // A note without a figure does not set it back.
    await addResultProgress(petugas, drain!.id, { status: "berjalan", progress: "", note: "Pekerjaan dilanjutkan besok pagi." });
    expect((await getCase(reportId, null)).results[0]!.children[1]).toMatchObject({ progress: 80, status: "berjalan" });
    const before = await executionReport(later);
    await addResultProgress(petugas, drain!.id, { status: "selesai", progress: "", note: "Saluran bersih, air mengalir." });
    [parent] = (await getCase(reportId, null)).results;
    expect(parent).toMatchObject({ progress: 50, status: "berjalan" });
    const after = await executionReport(later);
    expect(after.late.map((r) => r.id)).not.toContain(drain!.id);
    expect(after.late.map((r) => r.id)).toContain(walk!.id);
    await addResultProgress(petugas, walk!.id, { status: "berjalan", progress: "100", note: "Trotoar selesai diperbaiki." });
    [parent] = (await getCase(reportId, null)).results;
    expect(parent).toMatchObject({ progress: 100, status: "selesai" });
    expect(parent!.children.map((c) => [c.progress, c.status, c.updates.length])).toEqual([[100, "selesai", 1], [100, "selesai", 3]]);
    // Followers heard of each entry.
    await fanOutPending();
    expect(await db.notification.count({ where: { reportId, kind: "result_progress" } })).toBeGreaterThanOrEqual(2);

    // /hasil-kerja counts the parent once: one more result done for the agency, and none of its works late.
    const done = await executionReport(later);
    const row = (r: typeof before) => r.byAgency.find((a) => a.key === binaMarga)!;
    expect([row(done).results - row(before).results, row(done).done - row(before).done, row(before).late - row(done).late]).toEqual([0, 1, 1]);
    expect(done.late.map((r) => r.id)).not.toEqual(expect.arrayContaining([walk!.id]));
    // Once the case is done, its results are closed too.
    await takeStep(petugas, reportId, "complete");
    expect(await errorOf(addResultProgress(petugas, walk!.id, entry))).toMatchObject({ status: 409, code: "errors.case_illegal" });
  });

  it("forwards a 'bukan kewenangan' refusal to the agency it names, with a new deadline", async () => {
    const { reportId } = await caseAtAgency();
    await takeStep(petugas, reportId, "answer", { kind: "tolak", reason: REASON, basis: "bukan_kewenangan", responsibleBody: "Dinas SDA DKI", responsibleAgencyId: sda });
    const view = await getCase(reportId, fasil);
    expect(view).toMatchObject({ answer: "ditolak", forwardAgency: { id: sda }, replies: [{ kind: "tolak", items: [{ basis: "bukan_kewenangan", responsibleBody: "Dinas SDA DKI", responsibleAgency: "Dinas Sumber Daya Air" }] }] });
    expect(view.events).toContain("forward");
    expect((await getCase(reportId, citizens[0]!)).events).not.toContain("forward");
    await takeStep(fasil, reportId, "forward");
    expect(await getCase(reportId, null)).toMatchObject({ state: "ke_instansi", answer: null, agency: { id: sda } });
    // Now the responsible agency answers; the first one may not any more.
    expect(await errorOf(takeStep(petugas, reportId, "answer", acceptance()))).toMatchObject({ status: 403 });
    // Its first counter-proposal is a first round (the refusal before it was another agency's): refused, it may amend.
    await takeStep(sdaPetugas, reportId, "answer", alternative());
    await takeStep(citizens[0]!, reportId, "respond_alternative", { response: "tolak", responseNote: "Kami tetap ingin sumur resapan." });
    expect(await getCase(reportId, null)).toMatchObject({ state: "ke_instansi", answer: "alternatif_ditolak", agency: { id: sda } });
    await takeStep(sdaPetugas, reportId, "answer", acceptance({ unit: "Sudin SDA Jakarta Selatan" }));
    expect(await getCase(reportId, null)).toMatchObject({ answer: "diterima", results: [{ unit: "Sudin SDA Jakarta Selatan" }] });

    // A refusal on a regulation names nobody to forward to; a named agency must exist and not be the refusing one.
    const other = await caseAtAgency();
    const naming = (id: string) => ({ kind: "tolak", reason: REASON, basis: "bukan_kewenangan", responsibleBody: "Dinas lain", responsibleAgencyId: id });
    for (const id of ["tidak-ada", binaMarga]) {
      expect(await errorOf(takeStep(petugas, other.reportId, "answer", naming(id)))).toMatchObject({ status: 422, fields: { responsibleAgencyId: "errors.responsible_agency_invalid" } });
    }
    expect((await getCase(other.reportId, null)).state).toBe("ke_instansi");
    await takeStep(petugas, other.reportId, "answer", { kind: "tolak", reason: REASON, basis: "regulasi", regulation: "UU 38/2004 tentang Jalan" });
    expect(await errorOf(takeStep(fasil, other.reportId, "forward"))).toMatchObject({ status: 409, code: "errors.case_not_forwardable" });
  });

  it("takes one answer when the proposer and the fasilitator answer a counter-proposal at the same moment", async () => {
    const { reportId, at } = await caseAtAgency();
    await takeStep(petugas, reportId, "answer", alternative(), new Date(at + DAY));
    const results = await Promise.allSettled([
      takeStep(citizens[0]!, reportId, "respond_alternative", { response: "setuju" }, new Date(at + 2 * DAY)),
      takeStep(fasil, reportId, "respond_alternative", { response: "tolak", responseNote: "Warga memilih menolak di rapat RW." }, new Date(at + 2 * DAY)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(refused.reason).toMatchObject({ status: 409 });
    const replies = await db.agencyReply.findMany({ where: { deliberation: { reportId } } });
    expect(replies.filter((r) => r.response !== null)).toHaveLength(1);
    expect(await db.result.count({ where: { deliberation: { reportId } } })).toBe(replies[0]!.response === "setuju" ? 1 : 0);
  });

  it("puts a counter-proposal to a short vote of the case's participants; the count answers for the deliberation", async () => {
    const { reportId, at } = await caseAtAgency();
    const offered = at + DAY;
    await takeStep(petugas, reportId, "answer", alternative(), new Date(offered));
    const closes = new Date(offered + 3 * DAY);
    expect(await errorOf(openAlternativeVote(citizens[0]!, reportId, closes.toISOString(), new Date(offered)))).toMatchObject({ status: 403 });
    expect(await errorOf(openAlternativeVote(fasil, reportId, new Date(offered + 3600_000).toISOString(), new Date(offered)))).toMatchObject({ status: 422, fields: { voteClosesAt: "errors.alt_vote_too_short" } });
    expect(await errorOf(openAlternativeVote(fasil, reportId, new Date(offered + 20 * DAY).toISOString(), new Date(offered)))).toMatchObject({ status: 422, fields: { voteClosesAt: "errors.alt_vote_after_deadline" } });
    await openAlternativeVote(fasil, reportId, closes.toISOString(), new Date(offered));
    expect(await errorOf(openAlternativeVote(fasil, reportId, closes.toISOString(), new Date(offered)))).toMatchObject({ status: 409, code: "errors.alt_vote_exists" });
    // Participants hear of it.
    await fanOutPending();
    expect(await db.notification.count({ where: { reportId, kind: "alternative_vote" } })).toBe(3);

    const during = new Date(offered + DAY);
    // Only those who voted on the case's proposals; no answer by hand while the vote runs.
    expect(await errorOf(voteOnAlternative(citizens[4]!, reportId, "setuju", during))).toMatchObject({ status: 403, code: "errors.alt_vote_not_participant" });
    expect(await errorOf(voteOnAlternative(citizens[1]!, reportId, "mungkin", during))).toMatchObject({ status: 422 });
    expect(await errorOf(takeStep(citizens[0]!, reportId, "respond_alternative", { response: "setuju" }, during))).toMatchObject({ status: 409, code: "errors.alt_vote_open" });
    // Three participants vote at once, one of them twice with different minds: one vote each, the last one counts.
    await Promise.all([
      voteOnAlternative(citizens[0]!, reportId, "setuju", during),
      voteOnAlternative(citizens[1]!, reportId, "tolak", during),
      voteOnAlternative(citizens[2]!, reportId, "setuju", during),
      voteOnAlternative(citizens[1]!, reportId, "tolak", during),
    ]);
    await voteOnAlternative(citizens[1]!, reportId, "setuju", new Date(offered + 2 * DAY));
    expect(await db.alternativeBallot.count({ where: { reply: { deliberation: { reportId } } } })).toBe(3);
    let view = await getCase(reportId, citizens[1]!, during);
    expect(view.alternativeVote).toEqual({ open: true, mayOpen: false, eligible: true, mine: "setuju" });
    // The count stays hidden while the vote runs.
    expect(view.openAlternative).toMatchObject({ votes: 3, voteCount: null });
    // Closed: no more votes; the worker's close decides (not before the date).
    expect(await errorOf(voteOnAlternative(citizens[2]!, reportId, "tolak", closes))).toMatchObject({ status: 409, code: "errors.alt_vote_closed" });
    expect(await dueAlternativeVotes(new Date(closes.getTime() - 1))).not.toContain(reportId);
    expect(await closeAlternativeVote(reportId, new Date(closes.getTime() - 1))).toBe("errors.case_illegal");
    expect(await dueAlternativeVotes(closes)).toContain(reportId);
    expect(await closeAlternativeVote(reportId, closes)).toBe("done");
    view = await getCase(reportId, null, closes);
    expect(view).toMatchObject({ answer: "diterima_dengan_perubahan", replies: [{ response: "setuju", voteCount: { setuju: 3, tolak: 0 } }], results: [{ costRupiah: 65_000_000 }] });
    expect(await dueAlternativeVotes(closes)).not.toContain(reportId);
  });

  it("refuses on a tied vote, and leaves a vote nobody took part in to the people until the deadline", async () => {
    const tied = await caseAtAgency();
    await takeStep(petugas, tied.reportId, "answer", alternative(), new Date(tied.at + DAY));
    const closes = new Date(tied.at + 3 * DAY);
    await openAlternativeVote(fasil, tied.reportId, closes.toISOString(), new Date(tied.at + DAY));
    await voteOnAlternative(citizens[0]!, tied.reportId, "setuju", new Date(tied.at + 2 * DAY));
    await voteOnAlternative(citizens[1]!, tied.reportId, "tolak", new Date(tied.at + 2 * DAY));
    expect(await closeAlternativeVote(tied.reportId, closes)).toBe("done");
    // A tie is no agreement: refused in the first round, back to the agency, the DPRD told.
    expect(await getCase(tied.reportId, null)).toMatchObject({ state: "ke_instansi", answer: "alternatif_ditolak" });
    expect(await dprdHeard(tied.reportId)).toBe(1);

    const empty = await caseAtAgency();
    await takeStep(petugas, empty.reportId, "answer", alternative(), new Date(empty.at + DAY));
    const shut = new Date(empty.at + 3 * DAY);
    await openAlternativeVote(fasil, empty.reportId, shut.toISOString(), new Date(empty.at + DAY));
    expect(await dueAlternativeVotes(shut)).not.toContain(empty.reportId);
    expect(await closeAlternativeVote(empty.reportId, shut)).toBe("errors.case_illegal");
    const view = await getCase(empty.reportId, null, shut);
    expect(view).toMatchObject({ answer: "alternatif", alternativeVote: { open: false, mayOpen: false } });
    // After the empty vote the proposer may still answer, until the deadline.
    await takeStep(citizens[0]!, empty.reportId, "respond_alternative", { response: "setuju" }, new Date(shut.getTime() + DAY));
    expect((await getCase(empty.reportId, null)).answer).toBe("diterima_dengan_perubahan");
  });
});
