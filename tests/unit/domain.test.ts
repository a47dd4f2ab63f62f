import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { isInsideJakarta } from "~/domain/geo";
import { clampPage, pageCount, pageWindow, parsePage } from "~/domain/pagination";
import { checkPhotos, sniffImageType } from "~/domain/photo-policy";
import { ancestorsOfKelurahan, checkRegionTree, displayRegionName, type RegionRow } from "~/domain/regions";
import { ReportInputSchema, reportSearchText } from "~/domain/report-input";
import { fieldErrors } from "~/domain/validation";
import { canMoveStatus, countStatuses, STATUS_COLOUR, statusRingStops, worstStatus } from "~/domain/report-status";
import { can, homePathFor, roleBindingProblem, ROLES, type Actor } from "~/domain/roles";
import { RegistrationSchema } from "~/domain/password-policy";

const valid = {
  categorySlug: "jalan-rusak",
  title: "Jalan berlubang di depan SDN 03",
  description: "Lubang sedalam 20 cm, sudah ada yang jatuh.",
  kelurahanCode: "3171050001",
  lat: "-6.2615",
  lng: "106.8106",
};

describe("report input", () => {
  it("accepts a complete report and coerces coordinates (comma decimals too)", () => {
    const parsed = ReportInputSchema.parse({ ...valid, lat: "-6,2615" });
    expect(parsed.lat).toBeCloseTo(-6.2615);
    expect(parsed.lng).toBeCloseTo(106.8106);
  });

  it.each([
    [{ title: "abc" }, "title", "errors.title_too_short"],
    [{ title: "x".repeat(121) }, "title", "errors.title_too_long"],
    [{ description: "pendek" }, "description", "errors.description_too_short"],
    [{ description: "x".repeat(4001) }, "description", "errors.description_too_long"],
    [{ categorySlug: "" }, "categorySlug", "errors.category_required"],
    [{ kelurahanCode: "12" }, "kelurahanCode", "errors.kelurahan_required"],
    [{ lat: "utara" }, "lat", "errors.coordinates_invalid"],
    [{ lat: "-7.80", lng: "110.36" }, "lat", "errors.outside_jakarta"], // Yogyakarta
    [{ lat: "6.2615" }, "lat", "errors.outside_jakarta"], // sign flipped
  ])("refuses %o with %s → %s", (patch, field, message) => {
    const result = ReportInputSchema.safeParse({ ...valid, ...patch });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error)[field]).toBe(message);
  });

  it("refuses missing fields with a 'required' message", () => {
    const result = ReportInputSchema.safeParse({});
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error).title).toBe("errors.title_required");
  });

  it("search text is lower-cased title and description", () => {
    expect(reportSearchText("Banjir DI Kemang", "Air SETINGGI lutut")).toBe("banjir di kemang\nair setinggi lutut");
  });
});

describe("geography", () => {
  it.each([
    [-6.2615, 106.8106, true], // Jakarta Selatan
    [-5.745, 106.613, true], // Pulau Pramuka, Kepulauan Seribu
    [-6.9175, 107.6191, false], // Bandung
    [-6.595, 106.816, false], // Bogor
    [Number.NaN, 106.8, false],
  ])("(%d, %d) inside Jakarta: %s", (lat, lng, inside) => {
    expect(isInsideJakarta(lat, lng)).toBe(inside);
  });
});

describe("regions", () => {
  const rows: RegionRow[] = (
    parse(readFileSync("prisma/data/jakarta-wilayah.csv", "utf8"), { columns: true }) as Record<string, string>[]
  ).map((r) => ({ code: r.kode!, parentCode: r.kode_induk || null, level: r.tingkat as RegionRow["level"], name: r.nama! }));

  it("the shipped data is one consistent tree of 6 kota, 44 kecamatan, 254 kelurahan", () => {
    expect(checkRegionTree(rows)).toEqual([]);
    const count = (level: string) => rows.filter((r) => r.level === level).length;
    expect([count("provinsi"), count("kota"), count("kecamatan"), count("kelurahan")]).toEqual([1, 6, 44, 254]);
  });

  it("finds the kecamatan and kota above a kelurahan, and nothing for other levels", () => {
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(ancestorsOfKelurahan("3171050001", byCode)).toEqual({ kecamatanCode: "3171050", kotaCode: "3171" });
    expect(ancestorsOfKelurahan("3171050", byCode)).toBeNull();
    expect(ancestorsOfKelurahan("9999999999", byCode)).toBeNull();
  });

  it("reports a broken tree", () => {
    const broken: RegionRow[] = [
      { code: "31", parentCode: null, level: "provinsi", name: "DKI" },
      { code: "3171010", parentCode: "31", level: "kecamatan", name: "X" },
      { code: "3171010001", parentCode: "404", level: "kelurahan", name: "Y" },
    ];
    expect(checkRegionTree(broken)).toHaveLength(2);
  });

  it.each([
    ["KOTA JAKARTA SELATAN", "Kota Jakarta Selatan"],
    ["DKI JAKARTA", "DKI Jakarta"],
    ["PAL MERAH", "Pal Merah"],
    ["PULAU HARAPAN", "Pulau Harapan"],
  ])("displays %s as %s", (raw, shown) => {
    expect(displayRegionName(raw)).toBe(shown);
  });
});

describe("photo policy", () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
  const gif = new TextEncoder().encode("GIF89a");
  const html = new TextEncoder().encode("<script>alert(1)</script>");

  it("knows JPEG, PNG and WebP by their bytes and nothing else", () => {
    expect(sniffImageType(jpeg)).toBe("image/jpeg");
    expect(sniffImageType(png)).toBe("image/png");
    expect(sniffImageType(webp)).toBe("image/webp");
    expect(sniffImageType(gif)).toBeNull();
    expect(sniffImageType(html)).toBeNull();
  });

  it("checks count, size and type", () => {
    const limits = { maxBytes: 1000, maxCount: 5 };
    expect(checkPhotos([{ bytes: 10, head: jpeg }], limits)).toBeNull();
    expect(checkPhotos(Array(6).fill({ bytes: 10, head: jpeg }), limits)).toBe("errors.too_many_photos");
    expect(checkPhotos([{ bytes: 1001, head: jpeg }], limits)).toBe("errors.photo_too_large");
    expect(checkPhotos([{ bytes: 10, head: html }], limits)).toBe("errors.photo_type");
    expect(checkPhotos([{ bytes: 0, head: jpeg }], limits)).toBe("errors.photo_empty");
  });
});

describe("pagination", () => {
  it("parses page numbers defensively", () => {
    expect(parsePage("3")).toBe(3);
    expect(parsePage("-1")).toBe(1);
    expect(parsePage("abc")).toBe(1);
    expect(parsePage(null)).toBe(1);
    expect(parsePage("99999999")).toBe(1);
  });
  it("counts pages and windows them with gaps", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(41)).toBe(3);
    expect(pageWindow(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20]);
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
  });
  it("never shows a page past the last: ?halaman=999 of 326 reports is page 17", () => {
    expect(clampPage(999, 326)).toBe(17);
    expect(clampPage(3, 326)).toBe(3);
    expect(clampPage(5, 0)).toBe(1);
    expect(clampPage(999, 45, 20)).toBe(3);
  });
});

describe("roles and statuses", () => {
  const actor = (role: Actor["role"]): Actor => ({ id: "u", role, agencyId: null, regionCodes: [] });

  it("only admins reach the admin actions; every role may file a report; anonymous may not", () => {
    for (const role of ["warga", "fasilitator", "petugas", "dprd"] as const) {
      expect(can(actor(role), "admin.users")).toBe(false);
      expect(can(actor(role), "report.create")).toBe(true);
    }
    expect(can(actor("admin"), "admin.agencies")).toBe(true);
    expect(can(null, "report.create")).toBe(false);
  });

  it("binds petugas to an agency and DPRD/fasilitator to regions", () => {
    expect(roleBindingProblem("petugas", { agencyId: null, regionCodes: [] })).toBe("agency_required");
    expect(roleBindingProblem("dprd", { agencyId: null, regionCodes: [] })).toBe("regions_required");
    expect(roleBindingProblem("fasilitator", { agencyId: null, regionCodes: ["3171"] })).toBeNull();
    expect(roleBindingProblem("warga", { agencyId: null, regionCodes: [] })).toBeNull();
  });

  it("opens each role's own desk after log-in: the officer's agency desk, the DPRD desk, moderation, admin", () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, homePathFor(r)]))).toEqual({
      warga: "/", fasilitator: "/moderasi", petugas: "/instansi", dprd: "/dprd", admin: "/admin",
    });
  });

  it("maps statuses to the colours citizens know", () => {
    expect(STATUS_COLOUR).toEqual({ menunggu: "merah", diproses: "kuning", selesai: "hijau" });
    expect(canMoveStatus("menunggu", "diproses")).toBe(true);
    expect(canMoveStatus("selesai", "menunggu")).toBe(false);
  });

  it("colours a map cluster by its worst report and rings it with each status's share", () => {
    const counts = countStatuses(["selesai", "selesai", "diproses", "menunggu", "selesai", "unknown", undefined]);
    expect(counts).toEqual({ menunggu: 1, diproses: 1, selesai: 3 });
    expect(worstStatus(counts)).toBe("menunggu");
    expect(worstStatus(countStatuses(["selesai", "diproses"]))).toBe("diproses");
    expect(worstStatus(countStatuses(["selesai"]))).toBe("selesai");
    expect(worstStatus(countStatuses([]))).toBeNull();
    expect(statusRingStops(counts)).toBe("#b42318 0% 20%, #f2c12e 20% 40%, #17753a 40% 100%");
    expect(statusRingStops(countStatuses(["diproses", "diproses", "selesai"]))).toBe("#f2c12e 0% 66.67%, #17753a 66.67% 100%");
    expect(statusRingStops(countStatuses([]))).toBe("");
  });
});

describe("registration input", () => {
  it("normalises the email and refuses short passwords", () => {
    const ok = RegistrationSchema.parse({ name: "Siti", email: " Siti@Contoh.ID ", password: "rahasia-panjang", homeKelurahanCode: "3171050001" });
    expect(ok.email).toBe("siti@contoh.id");
    const bad = RegistrationSchema.safeParse({ name: "S", email: "bukan-email", password: "pendek", homeKelurahanCode: "x" });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(fieldErrors(bad.error)).toEqual({
        name: "errors.name_required",
        email: "errors.email_invalid",
        password: "errors.password_too_short",
        homeKelurahanCode: "errors.kelurahan_required",
      });
    }
  });
});

describe("routing", () => {
  it("prefers the most local agency, then the category's default, then the name", async () => {
    const { chooseAgency } = await import("~/domain/routing");
    const skpd = { id: "a", name: "Dinas Bina Marga", coverage: "provinsi" as const };
    const sudin = { id: "b", name: "Suku Dinas Bina Marga Jakarta Selatan", coverage: "kota" as const };
    const kel = { id: "c", name: "Kelurahan Pulo", coverage: "kelurahan" as const };
    expect(chooseAgency([skpd, sudin, kel], "a")?.id).toBe("c");
    expect(chooseAgency([skpd, sudin], "a")?.id).toBe("b");
    const other = { id: "d", name: "Alpha", coverage: "provinsi" as const };
    expect(chooseAgency([other, skpd], "a")?.id).toBe("a");
    expect(chooseAgency([other, skpd], null)?.id).toBe("d");
    expect(chooseAgency([], "a")).toBeNull();
  });

  it("lets an admin or the responsible agency's officer update a status, nobody else", async () => {
    const { mayUpdateReportStatus } = await import("~/domain/roles");
    const officer = (agencyId: string | null): Actor => ({ id: "p", role: "petugas", agencyId, regionCodes: [] });
    expect(mayUpdateReportStatus({ id: "x", role: "admin", agencyId: null, regionCodes: [] }, null)).toBe(true);
    expect(mayUpdateReportStatus(officer("bm"), "bm")).toBe(true);
    expect(mayUpdateReportStatus(officer("sda"), "bm")).toBe(false);
    expect(mayUpdateReportStatus(officer(null), null)).toBe(false);
    expect(mayUpdateReportStatus({ id: "w", role: "warga", agencyId: null, regionCodes: [] }, "bm")).toBe(false);
    expect(mayUpdateReportStatus(null, "bm")).toBe(false);
  });
});
