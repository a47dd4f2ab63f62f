import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { saveAgency } from "~/services/agencies.server";
import { changeReportStatus, fileReport, getReport } from "~/services/reports.server";
import { responsibleAgency } from "~/services/routing.server";
import { createUser, validReport } from "../helpers/fixtures";

const PULO = { kelurahanCode: "3171060003", kecamatanCode: "3171060", kotaCode: "3171" };
let binaMarga: string;
let sda: string;

beforeAll(async () => {
  await prepareDatabase();
  binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  sda = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Sumber Daya Air" }, select: { id: true } })).id;
});

describe("routing a report to its agency", () => {
  it("sends city-scale categories to the SKPD and damaged facilities to the kelurahan office", async () => {
    expect((await responsibleAgency({ categorySlug: "jalan-rusak", ...PULO }))?.name).toBe("Dinas Bina Marga");
    expect((await responsibleAgency({ categorySlug: "banjir", ...PULO }))?.name).toBe("Dinas Sumber Daya Air");
    const local = await responsibleAgency({ categorySlug: "fasilitas-umum", ...PULO });
    expect(local).toMatchObject({ name: "Kelurahan Pulo (Kec. Kebayoran Baru)", coverage: "kelurahan", slaDays: 7 });
  });

  it("follows an admin's edit: a kota-level office takes over its kota only", async () => {
    await saveAgency(null, {
      name: "Suku Dinas Bina Marga Jakarta Selatan",
      kind: "skpd",
      email: "",
      slaDays: 10,
      regionCodes: ["3171"],
      categorySlugs: ["jalan-rusak"],
    });
    expect((await responsibleAgency({ categorySlug: "jalan-rusak", ...PULO }))?.name).toBe("Suku Dinas Bina Marga Jakarta Selatan");
    const jakpus = { kelurahanCode: "3173010001", kecamatanCode: "3173010", kotaCode: "3173" };
    expect((await responsibleAgency({ categorySlug: "jalan-rusak", ...jakpus }))?.name).toBe("Dinas Bina Marga");
    expect(await responsibleAgency({ categorySlug: "tidak-ada", ...PULO })).toBeNull();
  });
});

describe("changing a report's status", () => {
  const actorOf = async (role: string, agencyId?: string): Promise<Actor> => {
    const u = await createUser(role, { agencyId });
    return { id: u.id, role: role as Actor["role"], agencyId: agencyId ?? null, regionCodes: [] };
  };

  it("the responsible agency's officer moves it, with a public note on the timeline", async () => {
    const reporter = await createUser();
    const { id } = await fileReport(reporter.id, { ...validReport, categorySlug: "banjir", kelurahanCode: PULO.kelurahanCode }, []);
    const officer = await actorOf("petugas", sda);
    await changeReportStatus(officer, id, "diproses", "  Tim pompa dikirim besok pagi.  ");
    const report = await getReport(id);
    expect(report.status).toBe("diproses");
    expect(report.events.at(-1)).toMatchObject({
      type: "report.status_changed",
      data: { from: "menunggu", to: "diproses", note: "Tim pompa dikirim besok pagi." },
      actor: { role: "petugas" },
    });
  });

  it("refuses other agencies, citizens, illegal moves and long notes, changing nothing", async () => {
    const reporter = await createUser();
    const { id } = await fileReport(reporter.id, { ...validReport, categorySlug: "banjir", kelurahanCode: PULO.kelurahanCode }, []);
    const events = async () => (await getReport(id)).events.length;
    const before = await events();
    await expect(changeReportStatus(await actorOf("petugas", binaMarga), id, "selesai", "")).rejects.toMatchObject({ status: 403 });
    await expect(changeReportStatus(await actorOf("warga"), id, "selesai", "")).rejects.toMatchObject({ status: 403 });
    const admin = await actorOf("admin");
    await expect(changeReportStatus(admin, id, "menunggu", "")).rejects.toMatchObject({ status: 409 });
    await expect(changeReportStatus(admin, id, "hilang", "")).rejects.toMatchObject({ status: 422 });
    await expect(changeReportStatus(admin, id, "selesai", "x".repeat(501))).rejects.toMatchObject({ fields: { note: "errors.note_too_long" } });
    await expect(changeReportStatus(admin, "tidak-ada", "selesai", "")).rejects.toMatchObject({ status: 404 });
    expect((await getReport(id)).status).toBe("menunggu");
    expect(await events()).toBe(before);
  });
});
