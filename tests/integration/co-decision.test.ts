import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { addProgress, agencyDesk, slaRound } from "~/services/cases/agency-answer.server";
import { castBallot, refreshTally } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { advancePhase, latePhases, takeStep } from "~/services/cases/case-steps.server";
import { getCase } from "~/services/cases/case-view.server";
import { addJointTask, signUpForTask } from "~/services/cases/joint-action.server";
import { rateOutcome } from "~/services/cases/outcome-rating.server";
import { suspendUser } from "~/services/moderation.server";
import { createProposal, mergeProposals } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { acceptance, createUser, KECAMATAN, validReport } from "../helpers/fixtures";

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { status?: number; code?: string; fields?: Record<string, string> }) => ({ status: e.status, code: e.code, fields: e.fields }));
const as = (u: { id: string }, role: Actor["role"] = "warga", extra: Partial<Actor> = {}): Actor => ({ id: u.id, role, agencyId: null, regionCodes: [], ...extra });
const hours = (h: number, from = Date.now()) => new Date(from + h * 3600_000);

let fasil: Actor, petugas: Actor, otherPetugas: Actor;
let voters: Actor[];
let binaMarga: string;

beforeAll(async () => {
  await prepareDatabase();
  binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  const sda = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Sumber Daya Air" }, select: { id: true } })).id;
  fasil = as(await createUser("fasilitator"), "fasilitator", { regionCodes: [KECAMATAN] });
  petugas = as(await createUser("petugas", { agencyId: binaMarga }), "petugas", { agencyId: binaMarga });
  otherPetugas = as(await createUser("petugas", { agencyId: sda }), "petugas", { agencyId: sda });
  voters = await Promise.all(Array.from({ length: 6 }, async () => as(await createUser())));
});

async function caseWithProposals(n = 3) {
  const reportId = (await fileReport(voters[0]!.id, validReport, [])).id;
  const proposals = [];
  for (let i = 0; i < n; i++) proposals.push((await createProposal(voters[i]!, reportId, { title: `Usulan nomor ${i + 1}`, text: `Uraian usulan ${i + 1}.` })).id);
  return { reportId, proposals };
}

const config = (over: Record<string, unknown> = {}) => ({
  type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua",
  votingOpensAt: hours(1).toISOString(), votingClosesAt: hours(48).toISOString(), summary: "Warga sepakat lubang harus ditutup.", ...over,
});

describe("co-decision", () => {
  it("runs a case from deliberation to a green report with a rating", async () => {
    const { reportId, proposals } = await caseWithProposals();
    expect(await errorOf(configureCase(voters[0]!, reportId, config()))).toMatchObject({ status: 403 });
    expect(await errorOf(configureCase(fasil, reportId, config({ votingClosesAt: hours(0.5).toISOString() })))).toMatchObject({ status: 422, fields: { votingClosesAt: "errors.phase_order" } });
    await configureCase(fasil, reportId, config());
    expect((await getCase(reportId, null)).state).toBe("musyawarah");
    // Voting before it opens is refused.
    expect(await errorOf(castBallot(voters[0]!, reportId, { [proposals[0]!]: "support" }))).toMatchObject({ status: 409, code: "errors.voting_closed" });
    // The worker's job at the opening date (simulated two hours later); a stale plan does nothing.
    expect(await advancePhase((await db.deliberation.findUniqueOrThrow({ where: { reportId } })).id, "open_voting", 0, hours(2))).toBe("stale");
    const delib = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    expect(await advancePhase(delib.id, "open_voting", delib.planVersion, hours(2))).toBe("done");
    expect(await advancePhase(delib.id, "open_voting", delib.planVersion, hours(2))).toBe("already");

    const at = hours(3);
    const [p1, p2, p3] = proposals as [string, string, string];
    const receipts = [];
    receipts.push((await castBallot(voters[0]!, reportId, { [p1]: "support", [p2]: "oppose" }, at)).receipt);
    receipts.push((await castBallot(voters[1]!, reportId, { [p1]: "support", [p3]: "support" }, at)).receipt);
    receipts.push((await castBallot(voters[2]!, reportId, { [p2]: "support" }, at)).receipt);
    // A changed ballot replaces the first one (one ballot per person) and keeps its receipt (one receipt).
    const changed = (await castBallot(voters[2]!, reportId, { [p1]: "support", [p2]: "oppose" }, at)).receipt;
    expect(changed).toBe(receipts[2]);
    expect(await errorOf(castBallot(voters[3]!, reportId, { nope: "support" }, at))).toMatchObject({ status: 422, fields: { ballot: "errors.ballot_unknown_proposal" } });
    expect(await db.ballot.count({ where: { deliberationId: delib.id } })).toBe(3);
    // The worker's debounced refresh keeps a provisional tally while voting is open (published only if the
    // fasilitator chose so: by default it stays hidden until the close).
    expect(await refreshTally(delib.id)).toBe("refreshed");
    expect((await db.deliberation.findUniqueOrThrow({ where: { id: delib.id } })).tally).toContain('"voters":3');
    expect((await getCase(reportId, null, at)).tally).toBeNull();

    expect(await advancePhase(delib.id, "close_voting", delib.planVersion, hours(49))).toBe("done");
    const closed = await getCase(reportId, voters[0]!, hours(49));
    // Mufakat goes straight on to the agency, with a due date from its SLA.
    expect(closed.state).toBe("ke_instansi");
    expect(closed.tally).toMatchObject({ winnerId: p1, reason: "mufakat", voters: 3 });
    expect([...closed.tally!.receipts].sort()).toEqual([...receipts].sort());
    expect(closed.agency?.id).toBe(binaMarga);
    expect(new Date(closed.dueAt!).getTime()).toBeGreaterThan(hours(49).getTime() + 13 * 86_400_000);
    expect(closed.myBallot?.receipt).toBe(receipts[0]);
    // A refresh arriving after the close changes nothing.
    expect(await refreshTally(delib.id)).toBe("closed");

    const desk = await agencyDesk(petugas);
    expect(desk.find((d) => d.reportId === reportId)).toMatchObject({ solution: { id: p1 }, overdue: false });
    expect((await agencyDesk(otherPetugas)).find((d) => d.reportId === reportId)).toBeUndefined();
    expect(await errorOf(takeStep(otherPetugas, reportId, "answer", acceptance()))).toMatchObject({ status: 403 });
    expect(await errorOf(takeStep(petugas, reportId, "answer", { kind: "tolak", reason: "" }))).toMatchObject({ status: 422, fields: { reason: "errors.reason_too_short", basis: "errors.basis_required" } });
    await takeStep(petugas, reportId, "answer", acceptance({ note: "Dikerjakan dengan aspal panas, bukan dingin." }));
    expect((await db.report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("diproses");

    await addJointTask(fasil, reportId, { title: "Kerja bakti membersihkan saluran", when: "Sabtu 07.00", capacity: "2" });
    const task = (await getCase(reportId, null)).tasks[0]!;
    await signUpForTask(voters[3]!, task.id, true);
    await signUpForTask(voters[4]!, task.id, true);
    expect(await errorOf(signUpForTask(voters[5]!, task.id, true))).toMatchObject({ code: "errors.task_full" });
    expect((await getCase(reportId, voters[3]!)).tasks[0]).toMatchObject({ mine: true, people: expect.arrayContaining([expect.stringMatching(/^Pengguna/)]) });
    await takeStep(fasil, reportId, "start_joint_action");
    await addProgress(petugas, reportId, "Material sudah dikirim ke lokasi.");
    expect(await errorOf(takeStep(fasil, reportId, "complete"))).toMatchObject({ status: 403 });
    await takeStep(petugas, reportId, "complete");
    expect((await db.report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("selesai");

    expect(await errorOf(rateOutcome(voters[5]!, reportId, { score: 5 }))).toMatchObject({ status: 403 });
    expect(await errorOf(rateOutcome(voters[3]!, reportId, { score: 9 }))).toMatchObject({ status: 422 });
    await rateOutcome(voters[3]!, reportId, { score: 4, comment: "Cepat dan rapi" });
    await rateOutcome(voters[0]!, reportId, { score: 5 });
    expect((await getCase(reportId, null)).rating).toEqual({ average: 4.5, count: 2 });

    const timeline = await db.auditEvent.findMany({ where: { reportId }, orderBy: { createdAt: "asc" }, select: { type: true } });
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(["case.opened", "case.configured", "case.open_voting", "case.close_voting", "case.send_to_agency", "case.answer", "case.start_joint_action", "case.complete"]));
  });

  it("refuses ineligible, suspended and late voters, and counts a merged proposal's votes for the survivor", async () => {
    const { reportId, proposals } = await caseWithProposals(2);
    await configureCase(fasil, reportId, config({ eligibility: "kelurahan", quorum: 1 }));
    const delib = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    await advancePhase(delib.id, "open_voting", delib.planVersion, hours(2));
    const outsider = as(await createUser());
    await db.user.update({ where: { id: outsider.id }, data: { homeKelurahanCode: "3173010001" } });
    expect(await errorOf(castBallot(outsider, reportId, { [proposals[0]!]: "support" }, hours(3)))).toMatchObject({ status: 403, code: "errors.not_eligible" });
    await suspendUser(fasil, voters[5]!.id, { regionCode: KECAMATAN, days: 3, reason: "Spam berulang" });
    expect(await errorOf(castBallot(voters[5]!, reportId, { [proposals[0]!]: "support" }, hours(3)))).toMatchObject({ code: "errors.suspended" });
    await castBallot(voters[1]!, reportId, { [proposals[1]!]: "support" }, hours(3));
    expect(await errorOf(castBallot(voters[2]!, reportId, { [proposals[0]!]: "support" }, hours(50)))).toMatchObject({ code: "errors.voting_closed" });
    await mergeProposals(fasil, proposals[1]!, { intoId: proposals[0]! });
    // The sweeper finds the passed closing date even if its job was lost.
    expect((await latePhases(hours(50))).map((p) => p.id)).toContain(delib.id);
    await advancePhase(delib.id, "close_voting", delib.planVersion, hours(50));
    const closed = await getCase(reportId, null, hours(50));
    expect(closed.tally).toMatchObject({ winnerId: proposals[0], voters: 1 });
  });

  it("tallies ranked ballots with Schulze, refuses bad rankings, and routes to the fasilitator's chosen agency", async () => {
    const { reportId, proposals } = await caseWithProposals(3);
    const sda = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Sumber Daya Air" }, select: { id: true } })).id;
    await configureCase(fasil, reportId, config({ type: "ranked", quorum: 3, minSupportPercent: 60, agencyOverrideId: sda }));
    const delib = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    await advancePhase(delib.id, "open_voting", delib.planVersion, hours(2));
    const [a, b, c] = proposals as [string, string, string];
    expect(await errorOf(castBallot(voters[0]!, reportId, [a, a], hours(3)))).toMatchObject({ fields: { ballot: "errors.ballot_duplicate" } });
    expect(await errorOf(castBallot(voters[0]!, reportId, { [a]: "support" }, hours(3)))).toMatchObject({ fields: { ballot: "errors.ballot_empty" } });
    for (const [i, ranking] of [[b, a], [b, c], [a, b], [c, b, a]].entries()) await castBallot(voters[i]!, reportId, ranking, hours(3));
    await advancePhase(delib.id, "close_voting", delib.planVersion, hours(49));
    const closed = await getCase(reportId, null, hours(49));
    expect(closed.tally).toMatchObject({ type: "ranked", winnerId: b, reason: "mufakat" });
    expect(closed.tally!.proposals[0]).toMatchObject({ id: b, rank: 1, support: 4 });
    expect(closed).toMatchObject({ state: "ke_instansi", agency: { id: sda } });
    expect((await agencyDesk(otherPetugas)).map((d) => d.reportId)).toContain(reportId);
    expect((await agencyDesk(petugas)).map((d) => d.reportId)).not.toContain(reportId);
  });

  it("reminds the agency before the answer is due and escalates an overdue case to the region's DPRD, once", async () => {
    const { reportId, proposals } = await caseWithProposals(1);
    await configureCase(fasil, reportId, config());
    const delib = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    await advancePhase(delib.id, "open_voting", delib.planVersion, hours(2));
    for (const v of voters.slice(0, 3)) await castBallot(v, reportId, { [proposals[0]!]: "support" }, hours(3));
    await advancePhase(delib.id, "close_voting", delib.planVersion, hours(49));
    const due = (await db.deliberation.findUniqueOrThrow({ where: { reportId } })).dueAt!;
    const dprd = await createUser("dprd");
    await db.userRegion.create({ data: { userId: dprd.id, regionCode: KECAMATAN } });
    const kinds = async (userId: string) => (await db.notification.findMany({ where: { userId, reportId }, select: { kind: true } })).map((n) => n.kind);

    expect(await slaRound(new Date(due.getTime() - 5 * 86_400_000))).toMatchObject({ reminded: 0, escalated: 0 });
    await slaRound(new Date(due.getTime() - 86_400_000));
    expect(await kinds(petugas.id)).toContain("sla_reminder");
    await slaRound(new Date(due.getTime() - 3600_000));
    expect((await kinds(petugas.id)).filter((k) => k === "sla_reminder")).toHaveLength(1);

    await slaRound(new Date(due.getTime() + 3600_000));
    await slaRound(new Date(due.getTime() + 7200_000));
    expect(await kinds(dprd.id)).toEqual(["sla_overdue"]);
    expect(await db.auditEvent.count({ where: { reportId, type: "case.overdue" } })).toBe(1);
    expect((await getCase(reportId, null, new Date(due.getTime() + 3600_000))).overdue).toBe(true);
  });

  it("closes proposals when voting opens, and keeps the running result until the close unless the fasilitator shows it", async () => {
    const { reportId, proposals } = await caseWithProposals(2);
    await configureCase(fasil, reportId, config());
    await takeStep(fasil, reportId, "open_voting");
    expect(await errorOf(createProposal(voters[3]!, reportId, { title: "Usulan yang terlambat", text: "Datang setelah pemungutan suara dibuka." }))).toMatchObject({ status: 409, code: "errors.proposals_closed" });
    expect((await getCase(reportId, null)).proposalsOpen).toBe(false);
    for (const v of voters.slice(0, 3)) await castBallot(v, reportId, { [proposals[0]!]: "support" });
    expect(await refreshTally((await db.deliberation.findUniqueOrThrow({ where: { reportId } })).id)).toBe("refreshed");
    // Hidden by default while voting is open…
    expect(await getCase(reportId, voters[0]!)).toMatchObject({ tally: null, resultsHidden: true });
    // …shown when the fasilitator chooses so…
    await configureCase(fasil, reportId, config({ votingOpensAt: hours(-1).toISOString(), showResultsBeforeClose: "on" }));
    expect((await getCase(reportId, voters[0]!)).tally).toMatchObject({ voters: 3 });
    // …and public for everyone once voting has closed.
    await configureCase(fasil, reportId, config({ votingOpensAt: hours(-1).toISOString() }));
    await takeStep(fasil, reportId, "close_voting");
    expect(await getCase(reportId, null)).toMatchObject({ resultsHidden: false, tally: { voters: 3 } });
  });

  it("records tidak mufakat with its reason when the quorum is not reached, and can reopen", async () => {
    const { reportId, proposals } = await caseWithProposals(2);
    await configureCase(fasil, reportId, config({ quorum: 5 }));
    const delib = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    await advancePhase(delib.id, "open_voting", delib.planVersion, hours(2));
    await castBallot(voters[1]!, reportId, { [proposals[0]!]: "support" }, hours(3));
    await takeStep(fasil, reportId, "close_voting", {}, hours(4));
    const c = await getCase(reportId, null, hours(4));
    expect(c).toMatchObject({ state: "tidak_mufakat", tally: { reason: "no_quorum", winnerId: null } });
    expect(await errorOf(takeStep(petugas, reportId, "answer", acceptance()))).toMatchObject({ status: 409, code: "errors.case_illegal" });
    await takeStep(fasil, reportId, "reopen");
    expect((await getCase(reportId, null)).state).toBe("musyawarah");
  });
});
