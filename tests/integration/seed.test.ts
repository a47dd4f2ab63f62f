import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { authenticate } from "~/services/accounts.server";
import { listReports } from "~/services/reports.server";
import { DEMO_PASSWORD, seed } from "../../prisma/seed";

describe("the demo seed", () => {
  it("fills every kota with Indonesian reports, one account per role, and a second run changes nothing", async () => {
    const first = await seed({ demo: true });
    expect(first.reports).toBe(320);
    const counts = async () => ({ reports: await db.report.count(), users: await db.user.count(), events: await db.auditEvent.count() });
    const before = await counts();
    expect((await seed({ demo: true })).reports).toBe(0);
    expect(await counts()).toEqual(before);

    for (const kota of ["3101", "3171", "3172", "3173", "3174", "3175"]) {
      expect((await listReports({ kota }, 1)).total, kota).toBeGreaterThan(0);
    }
    const categories = await db.report.groupBy({ by: ["categorySlug"], _count: true });
    expect(categories.length).toBe(23);
    const statuses = await db.report.groupBy({ by: ["status"], _count: true });
    expect(statuses.map((s) => s.status).sort()).toEqual(["diproses", "menunggu", "selesai"]);

    for (const role of ["warga", "fasilitator", "petugas", "dprd", "admin"]) {
      const id = await authenticate(`${role}@musyawarah.id`, DEMO_PASSWORD);
      expect((await db.user.findUniqueOrThrow({ where: { id }, select: { role: true } })).role).toBe(role);
    }
  }, 60_000);
});
