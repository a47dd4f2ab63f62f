import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { agencyRecords, lastMonths, median, monthKey, perMonth } from "~/domain/dashboard";
import type { Actor } from "~/domain/roles";
import { computeDashboard, getDashboard, parseScope, refreshDashboards } from "~/services/dashboard.server";
import { createProposal } from "~/services/proposals.server";
import { changeReportStatus, fileReport } from "~/services/reports.server";
import { postComment } from "~/services/threads.server";
import { createUser, validReport } from "../helpers/fixtures";

// Every figure of the public dashboard against a small fixture counted by hand.
const DAY = 86_400_000;
const now = new Date("2026-11-23T05:00:00Z");
const warga = (id: string): Actor => ({ id, role: "warga", agencyId: null, regionCodes: [] });
let binaMarga: string;
let sda: string;

beforeAll(async () => {
  await prepareDatabase();
  const [ani, budi, citra, dedi] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
  const admin: Actor = { id: (await createUser("admin")).id, role: "admin", agencyId: null, regionCodes: [] };
  binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" } })).id;
  sda = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Sumber Daya Air" } })).id;
  // Kebayoran Lama (3171050, Jakarta Selatan): three reports, one each per status. Jakarta Pusat (3173): one.
  const a = (await fileReport(ani!.id, validReport, [], now)).id;
  const b = (await fileReport(ani!.id, validReport, [], now)).id;
  const c = (await fileReport(budi!.id, validReport, [], now)).id;
  const d = (await fileReport(budi!.id, { ...validReport, kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" }, [], now)).id;
  await changeReportStatus(admin, b, "diproses", "");
  await changeReportStatus(admin, c, "selesai", "");
  // Participation: Ani and Budi propose on a, Citra comments on a, Dedi comments on d (another kota).
  await createProposal(warga(ani!.id), a, { title: "Tambal dengan aspal panas", text: "Tambal permanen." }, now);
  await createProposal(warga(budi!.id), a, { title: "Pasang rambu dulu", text: "Rambu sementara." }, now);
  await postComment(warga(citra!.id), { reportId: a, text: "Setuju, segera." }, now);
  await postComment(warga(dedi!.id), { reportId: d, text: "Di sini juga." }, now);
  // Cases at agencies: a answered by Bina Marga after 4 days; b unanswered and overdue; d answered by SDA after 2 days.
  const sent = new Date(now.getTime() - 10 * DAY);
  const caseA = await db.deliberation.create({ data: { reportId: a, state: "dijawab", agencyId: binaMarga, sentAt: sent, answeredAt: new Date(sent.getTime() + 4 * DAY), dueAt: new Date(sent.getTime() + 14 * DAY) } });
  await db.deliberation.create({ data: { reportId: b, state: "ke_instansi", agencyId: binaMarga, sentAt: sent, dueAt: new Date(now.getTime() - DAY) } });
  await db.deliberation.create({ data: { reportId: d, state: "dijawab", agencyId: sda, sentAt: sent, answeredAt: new Date(sent.getTime() + 2 * DAY) } });
  // Three votes on a: two this month, one two months ago (outside "this month" but inside the 12).
  for (const [i, u] of [ani, citra, dedi].entries()) {
    await db.ballot.create({ data: { deliberationId: caseA.id, userId: u!.id, choices: "{}", receipt: `r-${caseA.id}-${i}`, createdAt: i < 2 ? new Date(now.getTime() - DAY) : new Date(now.getTime() - 62 * DAY) } });
  }
});

describe("the public dashboard", () => {
  it("counts a kecamatan by hand", async () => {
    const data = await computeDashboard(await parseScope(new URLSearchParams("kecamatan=3171050")), now);
    expect(data.reportsByStatus).toEqual({ menunggu: 1, diproses: 1, selesai: 1 });
    expect(data.reports).toBe(3);
    expect(data.activeDeliberations).toBe(2); // dijawab + ke_instansi
    expect(data.participants).toBe(4); // Ani, Budi (proposals), Citra (comment, vote), Dedi (vote)
    expect(data.months.at(-1)).toBe("2026-11");
    expect(data.proposalsPerMonth.at(-1)).toBe(2);
    expect(data.votesPerMonth.at(-1)).toBe(2);
    expect(data.votesPerMonth.at(-3)).toBe(1);
    expect(data.agencies).toEqual([
      { agencyId: binaMarga, agencyName: "Dinas Bina Marga", received: 2, answered: 1, answerRate: 0.5, medianDaysToAnswer: 4, overdue: 1 },
    ]);
    expect(data.answerRate).toBe(0.5);
    expect(data.medianDaysToAnswer).toBe(4);
  });

  it("counts all of Jakarta, and a kota, by hand", async () => {
    const all = await computeDashboard({ level: "jakarta" }, now);
    expect(all.reports).toBe(4);
    expect(all.participants).toBe(4);
    expect(all.agencies.map((a) => [a.agencyName, a.received, a.overdue])).toEqual([["Dinas Bina Marga", 2, 1], ["Dinas Sumber Daya Air", 1, 0]]);
    expect(all.answerRate).toBeCloseTo(2 / 3);
    expect(all.medianDaysToAnswer).toBe(3); // median of 4 and 2
    const pusat = await computeDashboard({ level: "kota", code: "3173" }, now);
    expect(pusat).toMatchObject({ reports: 1, participants: 1, activeDeliberations: 1, answerRate: 1, medianDaysToAnswer: 2 });
    await expect(parseScope(new URLSearchParams("kota=3171050"))).rejects.toMatchObject({ status: 404 });
  });

  it("serves a stored snapshot, which the worker's round refreshes", async () => {
    const first = await getDashboard({ level: "jakarta" }, now);
    await db.report.updateMany({ where: { kotaCode: "3173" }, data: { status: "selesai" } });
    const cached = await getDashboard({ level: "jakarta" }, new Date(now.getTime() + 60_000));
    expect(cached.computedAt).toBe(first.computedAt);
    expect(cached.reportsByStatus).toEqual(first.reportsByStatus);
    const round = await refreshDashboards(new Date(now.getTime() + 120_000));
    expect(round.scopes).toBe(1 + 6 + 44);
    expect(await db.dashboardSnapshot.count()).toBe(51);
    expect((await getDashboard({ level: "jakarta" }, new Date(now.getTime() + 180_000))).reportsByStatus.selesai).toBe(first.reportsByStatus.selesai! + 1);
  });
});

describe("dashboard arithmetic", () => {
  it("buckets months in Jakarta time and takes medians", () => {
    expect(monthKey(new Date("2026-10-31T18:30:00Z"))).toBe("2026-11"); // 01:30 WIB on 1 November
    expect(lastMonths(new Date("2026-02-10T00:00:00Z"), 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(perMonth([new Date("2026-01-05T00:00:00Z"), new Date("2025-01-05T00:00:00Z")], ["2025-12", "2026-01"])).toEqual([0, 1]);
    expect([median([]), median([3]), median([5, 1]), median([9, 1, 4])]).toEqual([null, 3, 3, 4]);
    const records = agencyRecords([{ agencyId: "x", agencyName: "X", sentAt: new Date(0), answeredAt: null, dueAt: new Date(1) }], new Date(2));
    expect(records[0]).toMatchObject({ received: 1, answered: 0, answerRate: 0, medianDaysToAnswer: null, overdue: 1 });
  });
});
