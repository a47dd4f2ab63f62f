import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isInsideJakarta, JAKARTA_BOUNDS } from "~/domain/geo";
import {
  createKelurahanLocator,
  distanceKm,
  LOCATION_CONTRADICTS_KELURAHAN,
  type KelurahanCentroid,
} from "~/domain/kelurahan-locator";
import { ReportInputSchema } from "~/domain/report-input";
import { fieldErrors } from "~/domain/validation";

// The shipped data, read the way the server reads it, and real places in Jakarta.
const centroids: KelurahanCentroid[] = (
  parse(readFileSync("prisma/data/jakarta-kelurahan-centroids.csv", "utf8"), { columns: true }) as Record<string, string>[]
).map((r) => ({ code: r.kode!, kotaCode: r.kode_kota!, lat: Number(r.lat), lng: Number(r.lng) }));
const regions = parse(readFileSync("prisma/data/jakarta-wilayah.csv", "utf8"), { columns: true }) as Record<string, string>[];
const locator = createKelurahanLocator(centroids);

const PASAR_KEBAYORAN_LAMA = { lat: -6.2396, lng: 106.7806 };
const PULAU_PARI = { lat: -5.8585, lng: 106.6175 };
const PULAU_PRAMUKA = { lat: -5.7458, lng: 106.6139 };
const PULAU_BIDADARI = { lat: -6.036, lng: 106.7459 }; // kelurahan Pulau Untung Jawa, 7 km off the mainland
const MONAS = { lat: -6.1754, lng: 106.8272 };

const KEBAYORAN_LAMA_UTARA = "3171050003";
const CIPULIR = "3171050004";
const SUKABUMI_SELATAN = "3174020001"; // Jakarta Barat, across the kota line from Kebayoran Lama
const ANCOL = "3175020003";
const PULAU_PARI_KEL = "3101010002";
const PULAU_UNTUNG_JAWA = "3101010003";
const PULAU_PANGGANG = "3101020001";
const GAMBIR = "3173080003";

describe("the shipped kelurahan centroids", () => {
  it("hold exactly one point inside Jakarta for every kelurahan, under the right kota", () => {
    const kelurahan = regions.filter((r) => r.tingkat === "kelurahan");
    const parentOf = new Map(regions.map((r) => [r.kode!, r.kode_induk!]));
    expect(centroids.map((c) => c.code).sort()).toEqual(kelurahan.map((r) => r.kode).sort());
    for (const c of centroids) {
      expect(c.kotaCode).toBe(parentOf.get(parentOf.get(c.code)!));
      expect(isInsideJakarta(c.lat, c.lng)).toBe(true);
    }
  });
});

describe("distanceKm", () => {
  it("measures Monas to Bundaran HI as about 2.2 km, and is symmetric", () => {
    const hi = { lat: -6.195, lng: 106.823 };
    expect(distanceKm(MONAS, hi)).toBeCloseTo(2.23, 1);
    expect(distanceKm(hi, MONAS)).toBe(distanceKm(MONAS, hi));
    expect(distanceKm(MONAS, MONAS)).toBe(0);
  });
});

describe("suggestKelurahan", () => {
  it.each([
    ["Pasar Kebayoran Lama", PASAR_KEBAYORAN_LAMA, KEBAYORAN_LAMA_UTARA],
    ["Monas", MONAS, GAMBIR],
    ["Pulau Pari", PULAU_PARI, PULAU_PARI_KEL],
    ["Pulau Pramuka (kelurahan Pulau Panggang, 10 km from its centroid)", PULAU_PRAMUKA, PULAU_PANGGANG],
  ])("suggests the kelurahan of %s", (_place, point, code) => {
    expect(locator.suggestKelurahan(point)?.code).toBe(code);
  });

  it.each([
    ["Bandung", { lat: -6.9175, lng: 107.6191 }],
    ["a swapped sign", { lat: 6.2396, lng: 106.7806 }],
    ["Tigaraksa, Kabupaten Tangerang (inside the box, 20 km from any kelurahan)", { lat: -6.2281, lng: 106.4139 }],
    ["no coordinates", { lat: Number.NaN, lng: Number.NaN }],
  ])("suggests nothing for %s", (_place, point) => {
    expect(locator.suggestKelurahan(point)).toBeNull();
  });

  it("suggests nothing from no data (the form then leaves the choice to the citizen)", () => {
    expect(createKelurahanLocator([]).suggestKelurahan(MONAS)).toBeNull();
  });
});

describe("locationProblem", () => {
  it.each([
    ["Pasar Kebayoran Lama under Pulau Pari (issue 14)", PASAR_KEBAYORAN_LAMA, PULAU_PARI_KEL],
    ["Pasar Kebayoran Lama under Ancol", PASAR_KEBAYORAN_LAMA, ANCOL],
    ["Pulau Pari under Kebayoran Lama Utara", PULAU_PARI, KEBAYORAN_LAMA_UTARA],
    ["Monas under Pulau Panggang", MONAS, PULAU_PANGGANG],
  ])("refuses %s", (_what, point, code) => {
    expect(locator.locationProblem(point, code)).toBe(LOCATION_CONTRADICTS_KELURAHAN);
  });

  it.each([
    ["the suggested kelurahan", PASAR_KEBAYORAN_LAMA, KEBAYORAN_LAMA_UTARA],
    ["a neighbour in the same kecamatan", PASAR_KEBAYORAN_LAMA, CIPULIR],
    ["a neighbour across the kota line", PASAR_KEBAYORAN_LAMA, SUKABUMI_SELATAN],
    ["another island kelurahan of Kepulauan Seribu", PULAU_PRAMUKA, PULAU_PARI_KEL],
    ["Pulau Bidadari under Pulau Untung Jawa, though a mainland centroid is nearer", PULAU_BIDADARI, PULAU_UNTUNG_JAWA],
    ["a kelurahan we have no point for", PASAR_KEBAYORAN_LAMA, "3171059999"],
    ["a point outside Jakarta (refused by the bounds check instead)", { lat: -6.9175, lng: 107.6191 }, PULAU_PARI_KEL],
  ])("lets the citizen's choice stand for %s", (_what, point, code) => {
    expect(locator.locationProblem(point, code)).toBeNull();
  });

  it("never refuses the kelurahan it suggests, anywhere in Jakarta's box", () => {
    const b = JAKARTA_BOUNDS;
    fc.assert(
      fc.property(fc.double({ min: b.south, max: b.north, noNaN: true }), fc.double({ min: b.west, max: b.east, noNaN: true }), (lat, lng) => {
        const suggestion = locator.suggestKelurahan({ lat, lng });
        return !suggestion || locator.locationProblem({ lat, lng }, suggestion.code) === null;
      }),
      { numRuns: 2000 },
    );
  });
});

describe("report coordinates", () => {
  const valid = {
    categorySlug: "jalan-rusak",
    title: "Jalan berlubang di depan pasar",
    description: "Lubang sedalam 20 cm, sudah ada yang jatuh.",
    kelurahanCode: KEBAYORAN_LAMA_UTARA,
    lat: "-6.2396",
    lng: "106.7806",
  };
  const errorsOf = (patch: Record<string, unknown>) => {
    const result = ReportInputSchema.safeParse({ ...valid, ...patch });
    return result.success ? {} : fieldErrors(result.error);
  };

  it("says once that blank coordinates are missing, not that they are outside Jakarta", () => {
    expect(errorsOf({ lat: "", lng: "" })).toEqual({ lat: "errors.coordinates_required" });
    expect(errorsOf({ lat: " ", lng: undefined })).toEqual({ lat: "errors.coordinates_required" });
    expect(errorsOf({ lng: "" })).toEqual({ lng: "errors.coordinates_required" });
  });

  it("still refuses a 0,0 typed in, and accepts numbers from the API", () => {
    expect(errorsOf({ lat: "0", lng: "0" })).toEqual({ lat: "errors.outside_jakarta" });
    expect(ReportInputSchema.parse({ ...valid, lat: -6.2396, lng: 106.7806 })).toMatchObject({ lat: -6.2396, lng: 106.7806 });
  });
});
