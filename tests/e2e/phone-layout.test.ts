import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { postComment } from "~/services/threads.server";
import { launchBrowser, shot, signInBrowser, startApp, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";

// One long unbroken word (a URL pasted as a title, a name without spaces, a troll) must not make the page wider
// than a phone: before, a 200-character word stretched the list to 1,528 px at 390 px and every visitor had to
// scroll sideways. The same word in a proposal, a comment and a DPRD note.
const WORD = "Jalanrusak".repeat(20); // 200 characters, no break opportunity
const PHONE = 390;

let app: RunningApp;
let browser: Browser;
let member: { id: string; email: string };
let reportId: string;

beforeAll(async () => {
  await prepareDatabase();
  member = await createUser("dprd");
  await db.userRegion.create({ data: { userId: member.id, regionCode: KECAMATAN } });
  const citizen = await createUser();
  const warga = { id: citizen.id, role: "warga" as const, agencyId: null, regionCodes: [] };
  reportId = (await fileReport(citizen.id, { ...validReport, title: "Judul sementara yang akan diganti" }, [])).id;
  // Titles longer than the form allows arrive from host systems and older imports: the layout must hold anyway.
  await db.report.update({ where: { id: reportId }, data: { title: `Lihat ${WORD}` } });
  await createProposal(warga, reportId, { title: `Usulan ${WORD.slice(0, 100)}`, text: `Isi usulan ${WORD}` });
  await db.deliberation.create({ data: { reportId, state: "pemungutan_suara", votingClosesAt: new Date(Date.now() + 3 * 86_400_000), summary: `Ringkasan ${WORD.slice(0, 120)}` } });
  await postComment(warga, { reportId, text: `Komentar ${WORD}` });
  await db.dprdNote.create({ data: { reportId, authorId: member.id, visibility: "private", body: `Catatan ${WORD}` } });
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("a phone-wide page with a 200-character word in a title", () => {
  it("never scrolls sideways: the list, the report page, the DPRD desk and the dossier fit 390 px", async () => {
    const { context, page, errors } = await signInBrowser(browser, app.url, member.email, { context: { viewport: { width: PHONE, height: 844 } } });
    const widths: Record<string, number> = {};
    for (const [name, path] of [["list", "/"], ["report", `/laporan/${reportId}`], ["desk", "/dprd"], ["dossier", `/dprd/berkas/${reportId}`]] as const) {
      const response = await page.goto(app.url + path, { waitUntil: "networkidle" });
      expect(response?.status(), path).toBe(200);
      // The long word is on the page (the test would prove nothing otherwise).
      expect(await page.getByText(WORD.slice(0, 40), { exact: false }).count(), path).toBeGreaterThan(0);
      widths[name] = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: shot(`phone-long-word-${name}`), fullPage: false });
    }
    expect(widths).toEqual({ list: PHONE, report: PHONE, desk: PHONE, dossier: PHONE });
    // Signed out too (the public list and report).
    const guest = await browser.newContext({ viewport: { width: PHONE, height: 844 } });
    const guestPage = await guest.newPage();
    for (const path of ["/", `/laporan/${reportId}`]) {
      await guestPage.goto(app.url + path, { waitUntil: "networkidle" });
      expect(await guestPage.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE);
    }
    expect(errors).toEqual([]);
    await guest.close();
    await context.close();
  });
});
