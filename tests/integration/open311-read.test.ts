import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { readRequest, readRequests } from "~/services/open311.server";
import { changeReportStatus, fileReport } from "~/services/reports.server";
import { createUser, validReport } from "../helpers/fixtures";

// The read-only GeoReport v2 interface: every field of the specification's list, the standard filters.
const FIELDS = [
  "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
  "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
];
const base = "https://musyawarah.contoh";
let open: string;
let closed: string;
let old: string;

beforeAll(async () => {
  await prepareDatabase();
  const reporter = await createUser();
  open = (await fileReport(reporter.id, validReport, [])).id;
  closed = (await fileReport(reporter.id, { ...validReport, categorySlug: "sampah", title: "Sampah di pinggir kali Pesanggrahan" }, [])).id;
  old = (await fileReport(reporter.id, validReport, [])).id;
  await db.report.update({ where: { id: old }, data: { createdAt: new Date(Date.now() - 120 * 86_400_000) } });
  const admin: Actor = { id: (await createUser("admin")).id, role: "admin", agencyId: null, regionCodes: [] };
  await changeReportStatus(admin, closed, "selesai", "Sudah diangkut truk Dinas LH.");
});

describe("GET /open311/v2/requests.json", () => {
  it("answers every GeoReport v2 field, in its types", async () => {
    const [r] = await readRequest(open, base);
    expect(Object.keys(r!).sort()).toEqual([...FIELDS].sort());
    expect(r).toMatchObject({ service_request_id: open, status: "open", service_code: "jalan-rusak", service_name: "Jalan rusak", address_id: "3171050001", agency_responsible: "Dinas Bina Marga" });
    expect(typeof r!.lat).toBe("number");
    expect(new Date(r!.requested_datetime).toISOString()).toBe(r!.requested_datetime);
    expect(r!.address).toContain("Pondok Pinang");
    const [c] = await readRequest(closed, base);
    expect(c).toMatchObject({ status: "closed", status_notes: "Sudah diangkut truk Dinas LH.", service_code: "sampah" });
    await expect(readRequest("tidak-ada", base)).rejects.toMatchObject({ status: 404 });
  });

  it("filters by id, service code, status and dates, and defaults to the last 90 days", async () => {
    const ids = async (params: Record<string, string>) => (await readRequests(params, base)).map((r) => r.service_request_id).sort();
    expect(await ids({})).toEqual([open, closed].sort());
    expect(await ids({ service_request_id: `${old},${closed}` })).toEqual([old, closed].sort());
    expect(await ids({ service_code: "sampah" })).toEqual([closed]);
    expect(await ids({ status: "open" })).toEqual([open]);
    expect(await ids({ status: "closed" })).toEqual([closed]);
    expect(await ids({ start_date: new Date(Date.now() - 200 * 86_400_000).toISOString() })).toEqual([open, closed, old].sort());
    expect(await ids({ end_date: new Date(Date.now() - 100 * 86_400_000).toISOString() })).toEqual([old]);
    await expect(readRequests({ status: "pending" }, base)).rejects.toMatchObject({ status: 400, fields: { status: "errors.open311_filter" } });
    await expect(readRequests({ start_date: "kemarin" }, base)).rejects.toMatchObject({ status: 400 });
    await expect(readRequests({ service_code: "tidak-ada" }, base)).rejects.toMatchObject({ status: 404 });
  });
});
