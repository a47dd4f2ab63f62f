import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileReport } from "~/services/reports.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser, validReport } from "../helpers/fixtures";

// The dashboard's open-data downloads over HTTP, and the page itself without JavaScript.
let app: RunningApp;

beforeAll(async () => {
  const u = await createUser();
  await fileReport(u.id, validReport, []);
  await fileReport(u.id, { ...validReport, kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" }, []);
  app = await startApp();
});
afterAll(() => app?.stop());

describe("open data", () => {
  it("serves the dashboard's figures as JSON and CSV for a scope, and refuses an unknown region", async () => {
    const json = await fetch(`${app.url}/dasbor.json?kota=3171`);
    expect(json.headers.get("access-control-allow-origin")).toBe("*");
    expect(await json.json()).toMatchObject({ scope: "kota:3171", reports: 1, reportsByStatus: { menunggu: 1, diproses: 0, selesai: 0 } });
    const all = (await (await fetch(`${app.url}/dasbor.json`)).json()) as { reports: number };
    expect(all.reports).toBe(2);

    const csv = await fetch(`${app.url}/dasbor.csv?kecamatan=3171050`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain("musyawarah-kecamatan-3171050.csv");
    const rows = parse(await csv.text(), { columns: true }) as { bagian: string; kunci: string; nilai: string }[];
    expect(rows).toContainEqual({ bagian: "ringkasan", kunci: "laporan", nilai: "1" });
    expect(rows).toContainEqual({ bagian: "status", kunci: "menunggu", nilai: "1" });
    expect(rows.filter((r) => r.bagian === "usulan_per_bulan")).toHaveLength(12);

    const bad = await fetch(`${app.url}/dasbor.json?kota=9999`);
    expect(bad.status).toBe(404);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");

    const page = await (await fetch(`${app.url}/dasbor?kota=3171`)).text();
    expect(page).toContain("Kota Jakarta Selatan");
    expect(page).toContain('href="/dasbor.csv?kota=3171"');
    expect(page).toMatch(/<svg[^>]*role="img"/);
  });
});
