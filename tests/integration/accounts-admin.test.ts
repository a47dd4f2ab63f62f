import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { authenticate, registerCitizen } from "~/services/accounts.server";
import { assignRole } from "~/services/admin-users.server";
import { getAgency, saveAgency, saveCategoryDefaults } from "~/services/agencies.server";
import { ServiceError } from "~/services/errors";
import { assertNotBlocked, consume, recordFailure, reset } from "~/services/rate-limit.server";
import { referenceData } from "~/services/reference-data.server";
import { createSession, findSessionUser, purgeExpiredSessions } from "~/services/sessions.server";
import { importReferenceData } from "~/services/reference-import.server";
import { createUser, KELURAHAN } from "../helpers/fixtures";

beforeAll(() => prepareDatabase());

const citizen = { name: "Siti Rahmawati", email: "siti@contoh.id", password: "kata-sandi-panjang", homeKelurahanCode: KELURAHAN };

describe("accounts", () => {
  it("registers a citizen with a hashed password and logs in", async () => {
    const { id } = await registerCitizen(citizen);
    const row = await db.user.findUniqueOrThrow({ where: { id }, select: { role: true, passwordHash: true } });
    expect(row.role).toBe("warga");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await authenticate("SITI@contoh.id", citizen.password)).toBe(id);
  });

  it("refuses a duplicate email with 409 and changes nothing", async () => {
    const before = await db.user.count();
    await expect(registerCitizen({ ...citizen, name: "Orang lain" })).rejects.toMatchObject({ status: 409, fields: { email: "errors.email_taken" } });
    expect(await db.user.count()).toBe(before);
  });

  it("refuses an unknown kelurahan", async () => {
    await expect(registerCitizen({ ...citizen, email: "x@contoh.id", homeKelurahanCode: "3171059999" })).rejects.toMatchObject({
      fields: { homeKelurahanCode: "errors.kelurahan_unknown" },
    });
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const wrongPassword = await authenticate(citizen.email, "salah-salah-salah").catch((e: ServiceError) => e);
    const unknownEmail = await authenticate("tidak-ada@contoh.id", citizen.password).catch((e: ServiceError) => e);
    const garbage = await authenticate(undefined, 42).catch((e: ServiceError) => e);
    for (const e of [wrongPassword, unknownEmail, garbage]) {
      expect(e).toBeInstanceOf(ServiceError);
      expect((e as ServiceError).code).toBe("errors.login_failed");
      expect((e as ServiceError).status).toBe(401);
    }
  });
});

describe("sessions", () => {
  it("a new log-in replaces the previous session, and expired sessions are purged", async () => {
    const user = await createUser();
    const first = await createSession(user.id, null);
    const second = await createSession(user.id, first);
    expect(await findSessionUser(first)).toBeNull();
    expect((await findSessionUser(second))?.id).toBe(user.id);
    await db.session.update({ where: { id: second }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findSessionUser(second)).toBeNull();
    expect(await purgeExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await db.session.count({ where: { id: second } })).toBe(0);
  });
});

describe("role assignment", () => {
  it("binds a petugas to an agency and a DPRD member to regions, replacing earlier bindings", async () => {
    const admin = await createUser("admin");
    const user = await createUser();
    const agency = await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } });

    await assignRole(admin.id, { userId: user.id, role: "petugas", agencyId: agency.id });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true, agencyId: true } })).toEqual({ role: "petugas", agencyId: agency.id });

    await assignRole(admin.id, { userId: user.id, role: "dprd", agencyId: agency.id, regionCodes: ["3171", "3172"] });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true, agencyId: true, regions: { select: { regionCode: true } } } });
    expect(row.role).toBe("dprd");
    expect(row.agencyId).toBeNull();
    expect(row.regions.map((r) => r.regionCode).sort()).toEqual(["3171", "3172"]);
  });

  it.each([
    [{ role: "petugas" }, "errors.agency_required"],
    [{ role: "dprd", regionCodes: [] }, "errors.regions_required"],
    [{ role: "fasilitator", regionCodes: ["9999"] }, "errors.region_unknown"],
    [{ role: "petugas", agencyId: "no-such-agency" }, "errors.agency_unknown"],
  ])("refuses %o and changes nothing", async (input, message) => {
    const admin = await createUser("admin");
    const user = await createUser();
    await expect(assignRole(admin.id, { userId: user.id, ...input })).rejects.toMatchObject({ fields: { binding: message } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true } })).role).toBe("warga");
  });

  it("refuses an unknown role and an admin demoting themselves", async () => {
    const admin = await createUser("admin");
    await expect(assignRole(admin.id, { userId: admin.id, role: "raja" })).rejects.toBeInstanceOf(ServiceError);
    await expect(assignRole(admin.id, { userId: admin.id, role: "warga" })).rejects.toMatchObject({ code: "errors.cannot_demote_self" });
  });
});

describe("agencies and routing", () => {
  it("creates and edits an agency with its regions and categories", async () => {
    const id = await saveAgency(null, {
      name: "Suku Dinas Bina Marga Jakarta Selatan",
      kind: "skpd",
      email: "sudin.bm.jaksel@contoh.go.id",
      slaDays: "10",
      regionCodes: ["3171"],
      categorySlugs: ["jalan-rusak"],
    });
    await saveAgency(id, { name: "Suku Dinas Bina Marga Jakarta Selatan", kind: "skpd", email: "", slaDays: 7, regionCodes: ["3171", "3171050"], categorySlugs: [] });
    const agency = await getAgency(id);
    expect(agency).toMatchObject({ slaDays: 7, email: null, categorySlugs: [] });
    expect(agency.regionCodes.sort()).toEqual(["3171", "3171050"]);
  });

  it("refuses a duplicate name, bad SLA, unknown region or category", async () => {
    const base = { name: "Dinas Bina Marga", kind: "skpd", email: "", slaDays: 5, regionCodes: [], categorySlugs: [] };
    await expect(saveAgency(null, base)).rejects.toMatchObject({ status: 409 });
    await expect(saveAgency(null, { ...base, name: "Baru", slaDays: 0 })).rejects.toMatchObject({ fields: { slaDays: "errors.sla_days" } });
    await expect(saveAgency(null, { ...base, name: "Baru", regionCodes: ["0000"] })).rejects.toMatchObject({ fields: { regionCodes: "errors.region_unknown" } });
    await expect(saveAgency(null, { ...base, name: "Baru", categorySlugs: ["x"] })).rejects.toMatchObject({ fields: { categorySlugs: "errors.category_unknown" } });
    expect(await db.agency.count({ where: { name: "Baru" } })).toBe(0);
  });

  it("changes a category's default agency", async () => {
    const dishub = await db.agency.findUniqueOrThrow({ where: { name: "Dinas Perhubungan" }, select: { id: true } });
    await saveCategoryDefaults({ sampah: dishub.id });
    expect((await referenceData()).categoryBySlug.get("sampah")?.defaultAgencyId).toBe(dishub.id);
    await expect(saveCategoryDefaults({ sampah: "no-such" })).rejects.toMatchObject({ code: "errors.agency_unknown" });
  });
});

describe("reference data", () => {
  it("holds every region and category, with kelurahan offices, and a second import changes nothing", async () => {
    const counts = async () => ({
      kelurahan: await db.region.count({ where: { level: "kelurahan" } }),
      categories: await db.category.count(),
      agencies: await db.agency.count(),
      kelurahanOffices: await db.agency.count({ where: { kind: "kelurahan" } }),
    });
    const before = await counts();
    expect(before).toMatchObject({ kelurahan: 254, categories: 23, kelurahanOffices: 254 });
    await importReferenceData(db);
    expect(await counts()).toEqual(before);
  });
});

describe("rate limits", () => {
  it("refuses an account's 11th log-in after ten failures within 15 minutes; checking never counts", async () => {
    const key = `${Math.random()}@contoh.id`;
    for (let i = 0; i < 20; i++) await assertNotBlocked("loginFailAccount", key);
    for (let i = 0; i < 10; i++) {
      await assertNotBlocked("loginFailAccount", key);
      await recordFailure("loginFailAccount", key);
    }
    const refused = await assertNotBlocked("loginFailAccount", key).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429, code: "errors.rate_limited" });
    expect(Number((refused as { fields: { retryAfter: string } }).fields.retryAfter)).toBeGreaterThan(14 * 60);
    await reset("loginFailAccount", key);
    await assertNotBlocked("loginFailAccount", key);
  });

  it("counts every call of a batch against the per-address API limit", async () => {
    const key = `addr-${Math.random()}`;
    await consume("apiIp", key, 295);
    await expect(consume("apiIp", key, 10)).rejects.toMatchObject({ status: 429, code: "errors.rate_limited" });
  });
});
