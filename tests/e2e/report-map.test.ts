import { parse } from "csv-parse/sync";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { fileReport } from "~/services/reports.server";
import { launchBrowser, shot, startApp, type RunningApp } from "../helpers/app";
import { createUser, validReport } from "../helpers/fixtures";

// The map of reports in a real browser (clusters, status colours, the list's filters), its JSON, the page
// without JavaScript, and the outcome downloads over HTTP.
let app: RunningApp;
let browser: Browser;
let finished: string;
let voting: string;

beforeAll(async () => {
  await prepareDatabase();
  const u = await createUser();
  // Twenty-five reports on one street corner (a cluster when zoomed out) and one done elsewhere.
  for (let i = 0; i < 25; i++) await fileReport(u.id, { ...validReport, title: `Lubang nomor ${i + 1} di Jl. Ciputat Raya`, lat: String(-6.244 - i * 0.0002), lng: "106.800" }, []);
  finished = (await fileReport(u.id, { ...validReport, title: "Lampu taman sudah diperbaiki", kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" }, [])).id;
  voting = (await fileReport(u.id, { ...validReport, title: "Trotoar masih dipilih warga" }, [])).id;
  await db.report.update({ where: { id: finished }, data: { status: "selesai" } });
  // Beside the finished one, five in process: that cluster is yellow (its worst), the corner's red.
  for (let i = 0; i < 5; i++) {
    const id = (await fileReport(u.id, { ...validReport, title: `Taman diperbaiki bagian ${i + 1}`, kelurahanCode: "3173010001", lat: String(-6.1702 - i * 0.0002), lng: "106.83" }, [])).id;
    await db.report.update({ where: { id }, data: { status: "diproses" } });
  }
  // Three of the corner's reports in process: the corner still shows red, as most of it is waiting.
  const corner = await db.report.findMany({ where: { title: { startsWith: "Lubang nomor" } }, select: { id: true }, take: 3 });
  await db.report.updateMany({ where: { id: { in: corner.map((c) => c.id) } }, data: { status: "diproses" } });
  const tally = { type: "approval", voters: 6, quorum: 5, minSupportPercent: 50, winnerId: null, reason: "no_support", proposals: [], receipts: [] };
  await db.deliberation.create({ data: { reportId: finished, state: "tidak_mufakat", tally: JSON.stringify(tally) } });
  await db.deliberation.create({ data: { reportId: voting, state: "pemungutan_suara" } });
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the map of reports", () => {
  it("serves compact points for the list's filters", async () => {
    const all = (await (await fetch(`${app.url}/peta.json`)).json()) as { total: number; points: [string, number, number, string, number, string, string | null][] };
    expect(all.total).toBe(32);
    expect(all.points).toHaveLength(32);
    const done = (await (await fetch(`${app.url}/peta.json?status=selesai`)).json()) as typeof all;
    // The seventh field is the deliberation's phase (null without one).
    expect(done.points).toEqual([[finished, -6.17, 106.83, "selesai", expect.any(Number), "Lampu taman sudah diperbaiki", "tidak_mufakat"]]);
    expect(((await (await fetch(`${app.url}/peta.json?kota=3173`)).json()) as typeof all).total).toBe(6);
  });

  it("clusters the reports, filters like the list and links back to it", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "id-ID" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${app.url}/`);
    await page.getByRole("link", { name: "Lihat di peta" }).click();
    await page.getByText("32 laporan di peta.").waitFor();
    // Zoomed out over Jakarta, the corner's reports are one numbered cluster, not 25 dots.
    const clusters = await page.locator(".map-cluster").allTextContents();
    expect(clusters.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30);
    // Each cluster in its worst report's colour, named with its counts: the corner red, the park yellow.
    const tones = await page.locator(".map-cluster-ring").evaluateAll((rings) =>
      rings.map((r) => ({ title: r.getAttribute("title"), tone: r.firstElementChild!.className, ring: (r as HTMLElement).style.background })));
    const park = tones.find((c) => c.title === "6 laporan: 5 diproses, 1 selesai");
    expect(park, JSON.stringify(tones)).toMatchObject({ tone: "map-cluster-core map-cluster-kuning" });
    expect(park!.ring).toContain("conic-gradient");
    const corner = tones.filter((c) => c.title?.includes("menunggu"));
    expect(corner.length, JSON.stringify(tones)).toBeGreaterThan(0);
    for (const c of corner) expect(c.tone).toBe("map-cluster-core map-cluster-merah");
    expect(tones.some((c) => c.tone.includes("map-cluster-hijau")), "no cluster here is all done").toBe(false);
    await page.locator(".map-legend").getByText("Selesai").waitFor();
    await page.screenshot({ path: shot("map-01-clusters"), fullPage: true });
    await page.locator("summary", { hasText: "Saring menurut" }).click();
    await page.getByLabel("Status", { exact: true }).selectOption("selesai");
    await page.getByRole("button", { name: "Terapkan" }).last().click();
    await page.waitForURL(/\/peta\?.*status=selesai/);
    await page.getByText("1 laporan di peta.").waitFor();
    await page.getByRole("link", { name: "Lihat sebagai daftar" }).click();
    await page.waitForURL(/\/\?status=selesai/);
    await page.getByRole("link", { name: "Lampu taman sudah diperbaiki" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("points to the list when JavaScript is off", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "id-ID" });
    const page = await context.newPage();
    await page.goto(`${app.url}/peta?kota=3173`);
    await page.getByText("Peta memerlukan JavaScript.").waitFor();
    expect(await page.getByRole("link", { name: "Lihat sebagai daftar" }).first().getAttribute("href")).toBe("/?kota=3173");
    await context.close();
  });
});

describe("outcome downloads", () => {
  it("serves a finished deliberation's outcome as JSON and CSV, and refuses one still voting", async () => {
    const one = await fetch(`${app.url}/laporan/${finished}/hasil.json`);
    expect(one.headers.get("access-control-allow-origin")).toBe("*");
    expect(await one.json()).toMatchObject({ phase: "tidak_mufakat", reason: "no_support", ballot: { voters: 6 }, chosen: null });
    const csv = await fetch(`${app.url}/laporan/${finished}/hasil.csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const open = await fetch(`${app.url}/laporan/${voting}/hasil.json`);
    expect(open.status).toBe(404);
    expect(await open.json()).toMatchObject({ title: "Hasil musyawarah ini belum final: pemungutan suara belum ditutup." });
    const list = parse((await (await fetch(`${app.url}/hasil.csv?kota=3173`)).text()).replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(list).toEqual([expect.objectContaining({ judul: "Lampu taman sudah diperbaiki", fase: "tidak_mufakat", pemilih: "6" })]);
    expect(((await (await fetch(`${app.url}/hasil.json?kota=3171`)).json()) as { count: number }).count).toBe(0);
    expect((await fetch(`${app.url}/hasil.json?kota=9999`)).status).toBe(404);
    const page = await (await fetch(`${app.url}/laporan/${finished}`)).text();
    expect(page).toContain(`href="/laporan/${finished}/hasil.csv"`);
  });
});
