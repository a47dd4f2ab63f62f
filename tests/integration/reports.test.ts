import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { uploadDir } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { ServiceError } from "~/services/errors";
import { fileReport, getReport, listReports } from "~/services/reports.server";
import { createUser, incomingBytes, incomingImage, KECAMATAN, KELURAHAN, KOTA, validReport } from "../helpers/fixtures";

let reporter: { id: string };
beforeAll(async () => {
  await prepareDatabase();
  reporter = await createUser();
});

async function expectRefused(promise: Promise<unknown>, status: number, field: string, message: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).status).toBe(status);
  expect((error as ServiceError).fields[field]).toBe(message);
}

describe("filing a report", () => {
  it("stores the report with its region chain, a pending photo and a 'created' event, in one go", async () => {
    const photo = await incomingImage();
    const { id, number } = await fileReport(reporter.id, validReport, [photo]);
    expect(number).toBeGreaterThan(0);

    const report = await getReport(id);
    expect(report.status).toBe("menunggu");
    expect(report.kelurahanCode).toBe(KELURAHAN);
    const row = await db.report.findUniqueOrThrow({ where: { id }, select: { kecamatanCode: true, kotaCode: true, searchText: true } });
    expect(row).toMatchObject({ kecamatanCode: KECAMATAN, kotaCode: KOTA });
    expect(row.searchText).toContain("berlubang");
    expect(report.photos).toHaveLength(1);
    expect(report.photos[0]!.status).toBe("pending");
    expect(report.events.map((e) => e.type)).toEqual(["report.created"]);
    // The upload moved from incoming/ to originals/.
    expect(existsSync(photo.filepath)).toBe(false);
    const original = await db.reportPhoto.findFirstOrThrow({ where: { reportId: id }, select: { originalPath: true } });
    expect(existsSync(path.join(uploadDir(), original.originalPath!))).toBe(true);
  });

  it("numbers reports one after another", async () => {
    const a = await fileReport(reporter.id, validReport, []);
    const b = await fileReport(reporter.id, validReport, []);
    expect(b.number).toBe(a.number + 1);
  });

  describe("bad input changes nothing", () => {
    async function snapshot() {
      return {
        reports: await db.report.count(),
        photos: await db.reportPhoto.count(),
        events: await db.auditEvent.count(),
        originals: existsSync(path.join(uploadDir(), "originals")) ? readdirSync(path.join(uploadDir(), "originals")).length : 0,
      };
    }

    it.each([
      [{ title: "" }, "title", "errors.title_too_short"],
      [{ categorySlug: "bukan-kategori" }, "categorySlug", "errors.category_unknown"],
      [{ kelurahanCode: "3171059999" }, "kelurahanCode", "errors.kelurahan_unknown"],
      [{ lat: "-6.9175", lng: "107.6191" }, "lat", "errors.outside_jakarta"],
      [{ lat: "", lng: "" }, "lat", "errors.coordinates_required"],
      [{ lat: "-6.2396", lng: "" }, "lng", "errors.coordinates_required"],
      // Pasar Kebayoran Lama filed under Pulau Pari, Kepulauan Seribu (issue 14).
      [{ lat: "-6.2396", lng: "106.7806", kelurahanCode: "3101010002" }, "kelurahanCode", "errors.location_contradicts_kelurahan"],
      // Pulau Pari filed under Kebayoran Lama Utara; the same point filed under Ancol, Jakarta Utara.
      [{ lat: "-5.8585", lng: "106.6175", kelurahanCode: "3171050003" }, "kelurahanCode", "errors.location_contradicts_kelurahan"],
      [{ lat: "-6.2396", lng: "106.7806", kelurahanCode: "3175020003" }, "kelurahanCode", "errors.location_contradicts_kelurahan"],
    ])("refuses %o", async (patch, field, message) => {
      const before = await snapshot();
      const photo = await incomingImage();
      await expectRefused(fileReport(reporter.id, { ...validReport, ...patch }, [photo]), 422, field, message);
      expect(await snapshot()).toEqual(before);
      expect(existsSync(photo.filepath)).toBe(false);
    });

    it.each([
      ["the kelurahan the point suggests", "3171050003"], // Kebayoran Lama Utara
      ["a neighbouring kelurahan (centroids only approximate the boundaries)", "3171050004"], // Cipulir
      ["a kelurahan across the kota line, within 5 km", "3174020001"], // Sukabumi Selatan, Jakarta Barat
    ])("accepts a Pasar Kebayoran Lama point filed under %s", async (_what, kelurahanCode) => {
      const { id } = await fileReport(reporter.id, { ...validReport, kelurahanCode, lat: "-6.2396", lng: "106.7806" }, []);
      expect(await db.report.findUniqueOrThrow({ where: { id }, select: { kelurahanCode: true } })).toEqual({ kelurahanCode });
    });

    it("refuses a file that is not an image, even with a photo beside it", async () => {
      const before = await snapshot();
      const good = await incomingImage();
      const bad = await incomingBytes("<html><script>alert(1)</script></html>");
      await expectRefused(fileReport(reporter.id, validReport, [good, bad]), 422, "photos", "errors.photo_type");
      expect(await snapshot()).toEqual(before);
      expect(existsSync(good.filepath) || existsSync(bad.filepath)).toBe(false);
    });

    it("refuses a photo over the size limit with 413", async () => {
      const before = await snapshot();
      const huge = await incomingBytes(new Uint8Array([0xff, 0xd8, 0xff, ...new Uint8Array(8 * 1024 * 1024 + 10)]));
      await expectRefused(fileReport(reporter.id, validReport, [huge]), 413, "photos", "errors.photo_too_large");
      expect(await snapshot()).toEqual(before);
    });

    it("refuses more than five photos", async () => {
      const photos = await Promise.all(Array.from({ length: 6 }, () => incomingImage("png", 50)));
      await expectRefused(fileReport(reporter.id, validReport, photos), 422, "photos", "errors.too_many_photos");
      for (const p of photos) expect(existsSync(p.filepath)).toBe(false);
    });
  });
});

describe("the report list", () => {
  beforeAll(async () => {
    await fileReport(reporter.id, { ...validReport, categorySlug: "banjir", title: "Genangan setinggi lutut di Jl. Kemang Raya" }, []);
    await fileReport(
      reporter.id,
      { ...validReport, categorySlug: "sampah", title: "Sampah menumpuk di Pulau Pramuka", kelurahanCode: "3101010003", lat: "-5.745", lng: "106.613" },
      [],
    );
  });

  it("filters by category, kota, kecamatan and kelurahan", async () => {
    const banjir = await listReports({ category: "banjir" }, 1);
    expect(banjir.reports.every((r) => r.categorySlug === "banjir")).toBe(true);
    expect(banjir.total).toBeGreaterThanOrEqual(1);

    const seribu = await listReports({ kota: "3101" }, 1);
    expect(seribu.reports.map((r) => r.title)).toEqual(["Sampah menumpuk di Pulau Pramuka"]);

    const byKec = await listReports({ kecamatan: KECAMATAN }, 1);
    expect(byKec.reports.every((r) => r.kelurahanCode.startsWith(KECAMATAN))).toBe(true);
    // The narrowest region wins when several are given.
    const byKel = await listReports({ kota: "3101", kelurahan: KELURAHAN }, 1);
    expect(byKel.reports.every((r) => r.kelurahanCode === KELURAHAN)).toBe(true);
  });

  it("searches case-insensitively on every word", async () => {
    const hit = await listReports({ q: "GENANGAN kemang" }, 1);
    expect(hit.reports.map((r) => r.title)).toEqual(["Genangan setinggi lutut di Jl. Kemang Raya"]);
    const miss = await listReports({ q: "genangan pramuka" }, 1);
    expect(miss.total).toBe(0);
  });

  it("filters by status and pages newest first", async () => {
    const waiting = await listReports({ status: "menunggu" }, 1);
    expect(waiting.total).toBe(await db.report.count({ where: { status: "menunggu" } }));
    expect((await listReports({ status: "selesai" }, 1)).total).toBe(0);
    const all = await listReports({}, 1);
    const dates = all.reports.map((r) => r.createdAt.getTime());
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it("shows the last page for a page past the end (?halaman=999), never the total over an empty list", async () => {
    const all = await listReports({}, 1);
    const lastPage = Math.max(1, Math.ceil(all.total / 20));
    const beyond = await listReports({}, 999);
    expect(beyond.page).toBe(lastPage);
    expect(beyond.total).toBe(all.total);
    expect(beyond.reports.length).toBeGreaterThan(0);
    expect(beyond.reports).toEqual((await listReports({}, lastPage)).reports);
    expect((await listReports({}, 1)).page).toBe(1);
    // Nothing matches: page 1, empty (the list's own "no reports" message is then true).
    expect(await listReports({ status: "selesai" }, 5)).toMatchObject({ page: 1, total: 0, reports: [] });
  });

  it("a missing report is a 404", async () => {
    await expect(getReport("tidak-ada")).rejects.toMatchObject({ status: 404 });
  });
});

describe("the audit log", () => {
  it("is append-only in the database itself", async () => {
    const event = await db.auditEvent.findFirstOrThrow({ select: { id: true } });
    await expect(db.auditEvent.update({ where: { id: event.id }, data: { type: "x" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
  });
});
