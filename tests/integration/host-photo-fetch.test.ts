import { describe, expect, it } from "vitest";

// Production's rule for photo URLs from host systems: nothing inside private networks or on loopback (a host must
// not be able to make Musyawarah reach its own Redis or an internal service). Set before the config is first read.
process.env.FETCH_PRIVATE_ADDRESSES = "false";

describe("photos by URL from a host system", () => {
  it("are never fetched from loopback or private addresses, and nothing is written", async () => {
    const { db, prepareDatabase } = await import("~/db.server");
    const { upsertHostReport } = await import("~/services/host-reports.server");
    await prepareDatabase();
    const before = await db.report.count();
    for (const url of ["http://127.0.0.1:6379/x.jpg", "http://10.1.2.3/x.jpg", "http://[::1]/x.jpg", "http://169.254.169.254/latest/meta-data", "http://localhost/x.jpg"]) {
      const error = await upsertHostReport("jaki", {
        externalId: "SSRF-1", category: "jalan-rusak", title: "Jalan berlubang di depan SDN 03", description: "Lubang sedalam 20 cm, sudah ada pengendara yang jatuh.",
        lat: -6.244, lng: 106.8, kelurahan: "3171050001", photos: [{ url }],
      }).then(() => null, (e: unknown) => e as { fields: Record<string, string> });
      expect(error?.fields, url).toMatchObject({ photos: "errors.photo_download", reason: "address is not public" });
    }
    expect(await db.report.count()).toBe(before);
  });
});
