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
  // Behind a trusted proxy (loopback), so a test can call from another address with X-Forwarded-For.
  app = await startApp({ TRUST_PROXY: "loopback" });
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
    // zod's own English stays out of the answer: the message and each field are i18n keys.
    const raw = (await (await fetch(`${app.url}/api/trpc/reports.list?input=${encodeURIComponent(JSON.stringify({ status: "hilang" }))}`)).json()) as { error: { message: string; data: { messageKey: string; fields: Record<string, string> } } };
    expect(raw.error.message).toBe("errors.form_invalid");
    expect(raw.error.data).toMatchObject({ messageKey: "errors.form_invalid", fields: { status: expect.stringMatching(/^errors\./) } });
  });

  it("runs at most ten calls per batch, and counts every call against the caller's address", async () => {
    const batch = (n: number, from: string) =>
      fetch(`${app.url}/api/trpc/${Array(n).fill("reference.categories").join(",")}?batch=1`, { headers: { "x-forwarded-for": from } });
    const ten = await batch(10, "192.0.2.10");
    expect(ten.status).toBe(200);
    expect((await ten.json()) as unknown[]).toHaveLength(10);
    // 600 calls in one 8 KB GET would run 600 queries: refused before any of them runs.
    const huge = await batch(600, "192.0.2.11");
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { error: { data: { messageKey: string; fields: { max: string } } } }).error.data).toMatchObject({ messageKey: "errors.batch_too_large", fields: { max: "10" } });

    // 300 calls a minute per address: thirty full batches, then 429 with Retry-After, for that address only.
    for (let i = 0; i < 30; i++) expect((await batch(10, "192.0.2.12")).status).toBe(200);
    const limited = await batch(10, "192.0.2.12");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const answers = (await limited.json()) as { error: { data: { messageKey: string } } }[];
    expect(answers.every((a) => a.error.data.messageKey === "errors.rate_limited")).toBe(true);
    expect((await batch(1, "192.0.2.13")).status).toBe(200);
  });
});
