import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { tallyBallots } from "~/domain/ballot";
import { OUTCOME_LIST_HEADER, outcomeListRow, outcomeProposalRows } from "~/domain/outcome";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { finishedOutcomes, outcomeOf } from "~/services/outcomes.server";
import { createUser, validReport } from "../helpers/fixtures";

// Each finished deliberation's outcome as open data, against a fixture counted by hand: five approval ballots
// on two proposals, an agency that answered in 4.5 days, and two ratings.
const ORIGIN = "https://musyawarah.example";
let decided: string, stillVoting: string, elsewhere: string;
let paving: string, pagar: string;

beforeAll(async () => {
  await prepareDatabase();
  const u = await createUser();
  const warga = { id: u.id, role: "warga" as const, agencyId: null, regionCodes: [] };
  decided = (await fileReport(u.id, { ...validReport, title: "Trotoar ambles" }, [])).id;
  stillVoting = (await fileReport(u.id, validReport, [])).id;
  elsewhere = (await fileReport(u.id, { ...validReport, kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" }, [])).id;
  paving = (await createProposal(warga, decided, { title: "Paving block baru", text: "Ganti paving." })).id;
  pagar = (await createProposal(warga, decided, { title: "Pagar sementara", text: "Pasang pagar." })).id;
  // Support / oppose / pass by hand: paving 4/1/0 (80 %), pagar 1/2/2 (20 %). Quorum 3, 50 %: paving wins.
  const ballots = [
    { [paving]: "support", [pagar]: "oppose" }, { [paving]: "support", [pagar]: "pass" }, { [paving]: "support", [pagar]: "support" },
    { [paving]: "support", [pagar]: "oppose" }, { [paving]: "oppose", [pagar]: "pass" },
  ] as const;
  const tally = tallyBallots({ type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua" }, [paving, pagar], ballots.map((b) => ({ ...b })));
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" } })).id;
  const c = await db.deliberation.create({
    data: {
      reportId: decided, state: "dijawab", ballotType: "approval", quorum: 3, minSupportPercent: 50, tally: JSON.stringify(tally), winnerProposalId: tally.winnerId,
      agencyId: binaMarga, sentAt: new Date("2026-11-10T02:00:00Z"), answeredAt: new Date("2026-11-14T14:00:00Z"), answer: "diterima", answerNote: "Dikerjakan Desember.",
    },
  });
  for (const score of [4, 5]) await db.outcomeRating.create({ data: { deliberationId: c.id, userId: (await createUser()).id, score } });
  await db.deliberation.create({ data: { reportId: stillVoting, state: "pemungutan_suara", tally: JSON.stringify(tally) } });
  await db.deliberation.create({ data: { reportId: elsewhere, state: "tidak_mufakat", tally: JSON.stringify({ ...tally, winnerId: null, reason: "no_quorum", proposals: [] }) } });
});

describe("deliberation outcomes as open data", () => {
  it("gives one decided deliberation's outcome, counted by hand", async () => {
    const o = await outcomeOf(decided, ORIGIN);
    expect(o.report).toMatchObject({ title: "Trotoar ambles", kelurahan: "3171050001", kecamatan: "3171050", kota: "3171", url: `${ORIGIN}/laporan/${decided}` });
    expect(o).toMatchObject({ phase: "dijawab", reason: "mufakat", ballot: { type: "approval", voters: 5, quorum: 3, minSupportPercent: 50 }, chosen: { title: "Paving block baru" } });
    expect(o.proposals.map((p) => [p.title, p.chosen, p.support, p.oppose, p.pass, p.supportPercent])).toEqual([
      ["Paving block baru", true, 4, 1, 0, 80],
      ["Pagar sementara", false, 1, 2, 2, 20],
    ]);
    expect(o.agency).toMatchObject({ name: "Dinas Bina Marga", answer: "diterima", note: "Dikerjakan Desember.", daysToAnswer: 4.5 });
    expect(o.rating).toEqual({ count: 2, average: 4.5 });
    const rows = outcomeProposalRows(o);
    expect(rows[0]!.slice(1, 7)).toEqual(["Paving block baru", "ya", 4, 1, 0, 80]);
  });

  it("has no outcome while the vote is open, nor for an unknown report", async () => {
    await expect(outcomeOf(stillVoting, ORIGIN)).rejects.toMatchObject({ status: 404, code: "errors.outcome_not_final" });
    await expect(outcomeOf("nope", ORIGIN)).rejects.toMatchObject({ status: 404 });
  });

  it("lists the finished outcomes of Jakarta, a kota or a kecamatan, one CSV row each", async () => {
    expect((await finishedOutcomes({ level: "jakarta" }, ORIGIN)).map((o) => o.report.title).sort()).toEqual(["Jalan berlubang di depan SDN 03", "Trotoar ambles"]);
    const selatan = await finishedOutcomes({ level: "kota", code: "3171" }, ORIGIN);
    expect(selatan.map((o) => o.report.url)).toEqual([`${ORIGIN}/laporan/${decided}`]);
    expect(await finishedOutcomes({ level: "kecamatan", code: "3173010" }, ORIGIN)).toHaveLength(1);
    const csv = parse(stringify([OUTCOME_LIST_HEADER, ...selatan.map(outcomeListRow)]), { columns: true }) as Record<string, string>[];
    expect(csv[0]).toMatchObject({ judul: "Trotoar ambles", fase: "dijawab", pemilih: "5", alasan: "mufakat", usulan_pilihan: "Paving block baru", instansi: "Dinas Bina Marga", hari_menjawab: "4.5", nilai_rata2: "4.5", penilai: "2" });
  });
});
