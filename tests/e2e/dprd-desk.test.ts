import type { Browser } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { addDprdNote, markHearing } from "~/services/dprd.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { launchBrowser, shot, signInBrowser, startApp, type RunningApp } from "../helpers/app";
import { XSS_TEXTS } from "../fixtures/xss-corpus";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";

// A DPRD member at the desk in a real browser, against the real web server and worker: filters the list,
// opens a dossier, writes a private note and a public statement, endorses a solution, marks a hearing, exports
// the PDF (its text read back) and the CSV; a citizen then sees the statement on the report.
let app: RunningApp;
let browser: Browser;
let member: { id: string; email: string };
let citizen: { id: string; email: string };
let votingCase: string;
let overdueCase: string;
let outside: string;

beforeAll(async () => {
  await prepareDatabase();
  member = await createUser("dprd");
  citizen = await createUser();
  await db.userRegion.create({ data: { userId: member.id, regionCode: KECAMATAN } });
  await db.user.update({ where: { id: member.id }, data: { name: "Hj. Nur Aini" } });
  const warga = { id: citizen.id, role: "warga" as const, agencyId: null, regionCodes: [] };
  votingCase = (await fileReport(citizen.id, { ...validReport, title: "Trotoar ambles di depan pasar" }, [])).id;
  overdueCase = (await fileReport(citizen.id, { ...validReport, title: "Jalan amblas di Jl. Ciputat Raya" }, [])).id;
  outside = (await fileReport(citizen.id, { ...validReport, title: "Saluran tersumbat di Gambir", kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" }, [])).id;
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" } })).id;
  // Proposals come before the vote opens (they close when it does).
  await createProposal(warga, votingCase, { title: "Ganti dengan paving block baru", text: "Bongkar trotoar yang ambles dan pasang paving baru." });
  await createProposal(warga, votingCase, { title: "Pasang pembatas sementara", text: "Pagar pengaman sampai anggaran tersedia." });
  await db.deliberation.create({ data: { reportId: votingCase, state: "pemungutan_suara", votingClosesAt: new Date(Date.now() + 3 * 86_400_000), summary: "Dua pilihan: paving baru atau pembatas sementara." } });
  await db.deliberation.create({ data: { reportId: overdueCase, state: "ke_instansi", agencyId: binaMarga, sentAt: new Date(Date.now() - 20 * 86_400_000), dueAt: new Date(Date.now() - 2 * 86_400_000) } });
  await db.deliberation.create({ data: { reportId: outside, state: "musyawarah" } });
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const signIn = (email: string, context: { javaScriptEnabled?: boolean } = {}) =>
  signInBrowser(browser, app.url, email, { timeoutMs: 20_000, context: { acceptDownloads: true, ...context } });

async function pdfText(bytes: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

describe("the DPRD desk in the browser", () => {
  it("filters, opens a dossier, annotates it and exports it as a PDF", async () => {
    const { page, errors } = await signIn(member.email);
    await page.getByRole("link", { name: "Meja DPRD" }).click();
    await page.getByRole("heading", { name: "Meja DPRD", level: 1 }).waitFor();
    const titles = () => page.locator(".desk-list h2").allTextContents();
    // Most urgent first: the overdue answer, then the open vote; Gambir is outside her regions.
    expect((await titles()).map((t) => t.replace(/^#\d+ /, ""))).toEqual(["Jalan amblas di Jl. Ciputat Raya", "Trotoar ambles di depan pasar"]);
    await page.locator("summary", { hasText: "Saring berkas" }).click();
    await page.getByLabel("Fase").selectOption({ label: "Pemungutan suara" });
    await page.getByRole("button", { name: "Terapkan" }).click();
    await page.waitForURL(/fase=pemungutan_suara/);
    await expect.poll(titles).toHaveLength(1);
    await page.screenshot({ path: shot("dprd-01-desk-filtered"), fullPage: true });
    await page.getByRole("link", { name: /Trotoar ambles di depan pasar/ }).click();
    await page.getByRole("heading", { name: "Trotoar ambles di depan pasar", level: 1 }).waitFor();
    await page.getByText("Dua pilihan: paving baru atau pembatas sementara.").waitFor();

    await page.getByLabel("Isi catatan atau pernyataan").fill("Tanyakan anggaran kelurahan untuk paving.");
    await page.getByRole("button", { name: "Simpan" }).click();
    await page.getByText("Catatan disimpan.").waitFor();
    await page.getByLabel("Pernyataan publik (tampil di laporan)").check();
    await page.getByLabel("Isi catatan atau pernyataan").fill("Usulan warga ini akan saya bawa ke Rapat Komisi D.");
    await page.getByRole("button", { name: "Simpan" }).click();
    await page.getByText("Pernyataan publik diterbitkan di halaman laporan.").waitFor();
    expect(await page.getByLabel("Isi catatan atau pernyataan").inputValue()).toBe(""); // the saved form is cleared
    await page.locator(".proposal-card", { hasText: "Ganti dengan paving block baru" }).getByRole("button", { name: "Dukung usulan ini" }).click();
    await page.getByText("Didukung anggota DPRD: Hj. Nur Aini").waitFor();
    await page.getByLabel("Tanggal rapat").fill("2026-12-03");
    await page.getByLabel("Rapat (opsional)").fill("Rapat Kerja Komisi D");
    await page.getByRole("button", { name: "Tandai dibawa ke rapat" }).click();
    await page.getByText("Berkas ditandai dibawa ke rapat.").waitFor();
    await page.locator(".timeline").getByText("membawa laporan ini ke rapat DPRD pada 3 Des 2026 (Rapat Kerja Komisi D)").waitFor();
    await page.screenshot({ path: shot("dprd-02-dossier-annotated"), fullPage: true });

    // A bad hearing date is refused in Indonesian and changes nothing.
    await page.getByLabel("Tanggal rapat").evaluate((el: HTMLInputElement) => { el.type = "text"; el.value = "31-02-2026"; });
    await page.getByRole("button", { name: "Tandai dibawa ke rapat" }).click();
    await page.getByText("Isi tanggal rapat yang valid.").first().waitFor();
    expect(await db.hearingMark.count({ where: { reportId: votingCase } })).toBe(1);

    await page.getByRole("button", { name: "Ekspor PDF untuk rapat" }).click();
    await page.waitForURL(/\/dprd\/ekspor\//);
    await page.locator("progress").waitFor();
    const link = page.getByRole("link", { name: /Unduh PDF/ });
    await link.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: shot("dprd-03-export-done") });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const text = await pdfText(await download.createReadStream().then(async (s) => Buffer.concat(await s.toArray())));
    for (const expected of [
      "Berkas musyawarah warga", "Disiapkan untuk Hj. Nur Aini", "Trotoar ambles di depan pasar", "Dua pilihan: paving baru atau pembatas sementara.",
      "Ganti dengan paving block baru", "Didukung anggota DPRD: Hj. Nur Aini", "Usulan warga ini akan saya bawa ke Rapat Komisi D.",
      "Rapat Kerja Komisi D", "Halaman 1 dari",
    ]) expect(text).toContain(expected);
    // The PDF is for a meeting: her private note stays on the desk.
    expect(text).not.toContain("Tanyakan anggaran kelurahan untuk paving.");
    expect(errors).toEqual([]);
  });

  it("exports the whole list without JavaScript: the progress page refreshes itself; CSV of the same filters", async () => {
    const { context, page } = await signIn(member.email, { javaScriptEnabled: false });
    await page.goto(`${app.url}/dprd`);
    await page.getByRole("button", { name: "Ekspor PDF untuk rapat" }).click();
    await page.waitForURL(/\/dprd\/ekspor\//);
    await page.getByRole("link", { name: /Unduh PDF/ }).waitFor({ timeout: 30_000 });
    const href = await page.getByRole("link", { name: /Unduh PDF/ }).getAttribute("href");
    const pdf = await context.request.get(`${app.url}${href}`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const text = await pdfText(await pdf.body());
    expect(text).toContain("Daftar berkas musyawarah warga");
    expect(text).toContain("Jalan amblas di Jl. Ciputat Raya");
    expect(text).toContain("Trotoar ambles di depan pasar");
    expect(text).not.toContain("Saluran tersumbat di Gambir");

    const csv = await context.request.get(`${app.url}/dprd/berkas.csv?terlambat=1`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\n");
    // Words for people (the phase, yes/no), the codes in their own columns at the end.
    expect(lines[0]).toMatch(/^Nomor,Judul,Fase,Wilayah,Kategori,/);
    expect(lines[0]).toMatch(/,kode_fase,kode_kelurahan,kode_kategori,kode_jawaban,kode_hasil$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Jalan amblas di Jl. Ciputat Raya");
    expect(lines[1]).toContain(",Ke instansi,");
    expect(lines[1]).toContain(",Jalan rusak,");
    expect(lines[1]).toMatch(/,ke_instansi,3171050001,jalan-rusak,,$/);
    expect(lines[1]).toContain("Dinas Bina Marga");
    // Someone else's export is not found; a citizen has no desk.
    const other = await signIn(citizen.email);
    expect((await other.context.request.get(`${app.url}${href}`)).status()).toBe(403);
    expect((await other.page.goto(`${app.url}/dprd`))?.status()).toBe(403);
  });

  it("names a reversed date range instead of an empty desk, and shows the last page for a page past the end", async () => {
    const { context, page, errors } = await signIn(member.email);
    await page.goto(`${app.url}/dprd?dari=2026-12-31&sampai=2026-01-01`);
    await page.getByRole("alert").filter({ hasText: "jatuh setelah" }).waitFor();
    // Not filtered by the dates (before: "0 berkas"); the typed days are back in the form to be corrected.
    expect(await page.locator(".desk-list h2").count()).toBe(2);
    expect(await page.locator("#dari").inputValue()).toBe("2026-12-31");
    expect(await page.locator("#sampai").getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: shot("dprd-04-reversed-range"), fullPage: true });
    const response = await page.goto(`${app.url}/dprd?halaman=999`);
    expect(response?.status()).toBe(200);
    expect(await page.locator(".desk-list h2").count()).toBe(2);
    expect(await page.getByText("Tidak ada berkas").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the public statement, the hearing and the endorsement to a citizen, never the private note", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "id-ID" });
    const page = await context.newPage();
    await page.goto(`${app.url}/laporan/${votingCase}`);
    const response = page.locator(".dprd-response");
    await response.getByText("Usulan warga ini akan saya bawa ke Rapat Komisi D.").waitFor();
    await response.getByText("Pernyataan Hj. Nur Aini, anggota DPRD").waitFor();
    await response.getByText("Dibahas dalam rapat DPRD pada 3 Des 2026 (Rapat Kerja Komisi D)").waitFor();
    await page.getByText("Didukung anggota DPRD: Hj. Nur Aini").waitFor();
    expect(await page.content()).not.toContain("Tanyakan anggaran kelurahan");
    await response.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot("dprd-04-citizen-sees-statement") });
    expect((await page.goto(`${app.url}/dprd`))?.url()).toContain("/masuk");
    await context.close();
  });

  it("keeps the XSS corpus inert through every text the desk takes: notes, statements and hearing names", async () => {
    const actor = { id: member.id, role: "dprd" as const, agencyId: null, regionCodes: [KECAMATAN] };
    for (const text of XSS_TEXTS) {
      await addDprdNote(actor, overdueCase, { visibility: "public", body: text });
      await addDprdNote(actor, overdueCase, { visibility: "private", body: text });
    }
    await markHearing(actor, overdueCase, { date: "2026-12-10", forum: '<img src=x onerror="window.__xss=1">' });
    const { page } = await signIn(member.email);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    for (const path of [`/dprd/berkas/${overdueCase}`, "/dprd", `/laporan/${overdueCase}`, "/notifikasi"]) {
      await page.goto(`${app.url}${path}`);
      await page.waitForLoadState("networkidle");
      const injected = await page.evaluate(() => ({
        flag: (window as { __xss?: unknown }).__xss ?? null,
        elements: [...document.querySelectorAll("main script, main img[src='x'], main svg[onload], main iframe, main style")].map((el) => el.outerHTML.slice(0, 80)),
        handlers: [...document.querySelectorAll("main *")].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
      }));
      expect(injected, path).toEqual({ flag: null, elements: [], handlers: 0 });
    }
    // The payloads are shown as the text they are.
    await page.goto(`${app.url}/laporan/${overdueCase}`);
    await page.locator(".dprd-response").getByText("<script>window.__xss=1;alert(1)</script>").waitFor();
    expect(dialogs).toEqual([]);
  });
});
