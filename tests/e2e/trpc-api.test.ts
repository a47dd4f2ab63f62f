import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileReport } from "~/services/reports.server";
import type { AppRouter } from "~/trpc/router.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser, validReport } from "../helpers/fixtures";

// The typed API through a real @trpc/client over HTTP against the running server.
let app: RunningApp;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
let reportId: string;

beforeAll(async () => {
  app = await startApp();
  client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${app.url}/api/trpc` })] });
  const reporter = await createUser();
  reportId = (await fileReport(reporter.id, { ...validReport, categorySlug: "banjir", title: "Banjir di depan RPTRA Kenanga" }, [])).id;
  await fileReport(reporter.id, { ...validReport, categorySlug: "sampah", kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" }, []);
});
afterAll(() => app?.stop());

describe("the tRPC API", () => {
  it("lists reports with the same filters as the page", async () => {
    const all = await client.reports.list.query();
    expect(all.total).toBe(2);
    const banjir = await client.reports.list.query({ category: "banjir" });
    expect(banjir.reports.map((r) => r.title)).toEqual(["Banjir di depan RPTRA Kenanga"]);
    expect(banjir.reports[0]!.kelurahan.path).toBe("Pondok Pinang, Kebayoran Lama, Kota Jakarta Selatan");
    const jakpus = await client.reports.list.query({ kota: "3173" });
    expect(jakpus.reports).toHaveLength(1);
    expect((await client.reports.list.query({ q: "kenanga" })).total).toBe(1);
  });

  it("reads one report with its responsible agency and timeline", async () => {
    const report = await client.reports.byId.query({ id: reportId });
    expect(report).toMatchObject({
      title: "Banjir di depan RPTRA Kenanga",
      status: "menunggu",
      responsibleAgency: { name: "Dinas Sumber Daya Air", slaDays: 14 },
      source: null,
    });
    expect(report.timeline.map((e) => e.type)).toEqual(["report.created"]);
  });

  it("serves the reference data hosts map to", async () => {
    expect(await client.reference.categories.query()).toHaveLength(23);
    const regions = await client.reference.regions.query();
    expect(regions.map((k) => k.code).sort()).toEqual(["3101", "3171", "3172", "3173", "3174", "3175"]);
  });

  it("answers a missing report with NOT_FOUND and the message key, and bad input with BAD_REQUEST", async () => {
    const missing = await client.reports.byId.query({ id: "tidak-ada" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCClientError);
    expect((missing as TRPCClientError<AppRouter>).data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, messageKey: "errors.report_not_found" });
    const bad = await client.reports.list.query({ status: "hilang" as "menunggu" }).catch((e: unknown) => e);
    expect((bad as TRPCClientError<AppRouter>).data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    const res = await fetch(`${app.url}/api/trpc/reports.list`, { method: "POST", body: "not json" });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });
});
