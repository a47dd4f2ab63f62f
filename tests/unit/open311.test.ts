import { describe, expect, it } from "vitest";
import { descriptionFor, kelurahanFor, open311Status, reportStatusFromOpen311, titleFor } from "~/domain/open311";
import { REPORT_LIMITS } from "~/domain/report-input";

const kelurahan = [
  { code: "3171050001", name: "PONDOK PINANG" },
  { code: "3171050002", name: "PONDOK" },
  { code: "3174010001", name: "KEBON JERUK" },
  { code: "3173010001", name: "KEBON JERUK" },
];

describe("Open311 mapping rules", () => {
  it("finds a request's kelurahan: an explicit code first, then the longest name in the address", () => {
    expect(kelurahanFor("3174010001", "Pondok Pinang", kelurahan)).toBe("3174010001");
    expect(kelurahanFor("9999999999", "Jl. Ciputat Raya, Pondok Pinang", kelurahan)).toBe("3171050001");
    expect(kelurahanFor(undefined, "Gg. Pondok 3", kelurahan)).toBe("3171050002");
    expect(kelurahanFor(undefined, "Jl. Arteri, Kebon Jeruk", kelurahan)).toBeNull(); // two kelurahan of that name
    expect(kelurahanFor(undefined, "Pondokan Indah", kelurahan)).toBeNull(); // whole words only
    expect(kelurahanFor(undefined, "", kelurahan)).toBeNull();
  });

  it("makes titles and descriptions within our limits", () => {
    const long = "kata ".repeat(100);
    const title = titleFor("Jalan rusak", long);
    expect(title.length).toBeLessThanOrEqual(REPORT_LIMITS.titleMax);
    expect(title.endsWith("…")).toBe(true);
    expect(titleFor("Banjir", "").length).toBeGreaterThanOrEqual(REPORT_LIMITS.titleMin);
    expect(descriptionFor("Bocor", "").length).toBeGreaterThanOrEqual(REPORT_LIMITS.descriptionMin);
    expect(descriptionFor("Air menggenang setinggi lutut di gang.", "Gg. Mawar")).toContain("Lokasi: Gg. Mawar");
  });

  it("maps statuses both ways", () => {
    expect([open311Status("menunggu"), open311Status("diproses"), open311Status("selesai")]).toEqual(["open", "open", "closed"]);
    expect([reportStatusFromOpen311("closed"), reportStatusFromOpen311("open"), reportStatusFromOpen311(undefined)]).toEqual(["selesai", "menunggu", "menunggu"]);
  });
});
