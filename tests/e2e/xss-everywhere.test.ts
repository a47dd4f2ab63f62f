import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { addProgress } from "~/services/cases/agency-answer.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { addJointTask } from "~/services/cases/joint-action.server";
import { rateOutcome } from "~/services/cases/outcome-rating.server";
import { createHostSystem } from "~/services/host-systems.server";
import { upsertHostReport } from "~/services/host-reports.server";
import { createProposal } from "~/services/proposals.server";
import { changeReportStatus } from "~/services/reports.server";
import { XSS_TEXTS } from "../fixtures/xss-corpus";
import { launchBrowser, startApp, type RunningApp } from "../helpers/app";
import { createUser, KELURAHAN } from "../helpers/fixtures";

// The XSS corpus through the text inputs of the co-decision and integration paths that other tests do not
// cover: a host system's report, the status note, the fasilitator's summary, the agency's answer, joint-action
// tasks, progress notes and rating comments. Every page that shows them, as admin and as an anonymous visitor,
// must run no script, insert no element and carry no event handler.
let app: RunningApp;
let browser: Browser;
let reportId: string;
let admin: { id: string; email: string };
const title = '<img src=x onerror="window.__xss=1"> jalan';

beforeAll(async () => {
  await prepareDatabase();
  admin = await createUser("admin");
  const adminActor: Actor = { id: admin.id, role: "admin", agencyId: null, regionCodes: [] };
  const citizen = await createUser();
  const warga: Actor = { id: citizen.id, role: "warga", agencyId: null, regionCodes: [] };
  await createHostSystem({ slug: "xss", name: "<script>window.__xss=1</script>" });
  const all = XSS_TEXTS.join("\n");
  reportId = (await upsertHostReport("xss", { externalId: "<svg onload=alert(1)>", category: "jalan-rusak", title, description: all.slice(0, 4000), lat: -6.244, lng: 106.8, kelurahan: KELURAHAN })).id;
  await changeReportStatus(adminActor, reportId, "diproses", XSS_TEXTS[1]!);
  const proposal = await createProposal(warga, reportId, { title: "<script>window.__xss=1</script> usulan", text: all });
  await configureCase(adminActor, reportId, {
    type: "approval", quorum: 1, minSupportPercent: 0, eligibility: "semua", summary: all,
    votingOpensAt: new Date(Date.now() + 3600_000).toISOString(), votingClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" } })).id;
  const c = await db.deliberation.update({
    where: { reportId },
    data: { state: "dijawab", answer: "diterima", answerNote: XSS_TEXTS[0], agencyId: binaMarga, winnerProposalId: proposal.id, sentAt: new Date(), answeredAt: new Date() },
  });
  await addJointTask(adminActor, reportId, { title: XSS_TEXTS[2], when: XSS_TEXTS[3]!.slice(0, 120) });
  await addProgress(adminActor, reportId, XSS_TEXTS[4]! + XSS_TEXTS[5]);
  // The agency's structured reply and a result carry user text too.
  const reply = await db.agencyReply.create({
    data: {
      deliberationId: c.id, kind: "sebagian", authorId: admin.id, note: XSS_TEXTS[1]!,
      items: {
        create: [
          { position: 0, title: XSS_TEXTS[2]!.slice(0, 200), accepted: true, costRupiah: 1000n, periodMonth: "2099-01", unit: XSS_TEXTS[3]!.slice(0, 200) },
          { position: 1, title: XSS_TEXTS[4]!.slice(0, 200), accepted: false, reason: all.slice(0, 4000), basis: "bukan_kewenangan", responsibleBody: XSS_TEXTS[5]!.slice(0, 200) },
        ],
      },
    },
    select: { items: { select: { id: true }, orderBy: { position: "asc" } } },
  });
  await db.result.create({
    data: { replyItemId: reply.items[0]!.id, deliberationId: c.id, reportId, title: XSS_TEXTS[0]!.slice(0, 200), unit: XSS_TEXTS[6]!.slice(0, 200), kelurahanCode: KELURAHAN, kecamatanCode: "3171050", kotaCode: "3171", agencyId: binaMarga, periodMonth: "2099-01" },
  });
  await db.ballot.create({ data: { deliberationId: c.id, userId: citizen.id, choices: "{}", receipt: `r-${c.id}` } });
  await db.deliberation.update({ where: { id: c.id }, data: { state: "selesai" } });
  await rateOutcome(warga, reportId, { score: 4, comment: XSS_TEXTS[6] });
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function inert(page: Page, path: string) {
  await page.goto(`${app.url}${path}`);
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => ({
    flag: (window as { __xss?: unknown }).__xss ?? null,
    elements: [...document.querySelectorAll("main script, main img[src='x'], main svg[onload], main iframe, main style")].map((el) => el.outerHTML.slice(0, 80)),
    handlers: [...document.querySelectorAll("main *")].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
  }));
}

describe("the XSS corpus everywhere else", () => {
  it("stays inert on every page that shows it, for admin and for an anonymous visitor", async () => {
    const dialogs: string[] = [];
    const anonymous = await (await browser.newContext()).newPage();
    anonymous.on("dialog", (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    for (const path of [`/laporan/${reportId}`, "/", `/?q=${encodeURIComponent("jalan")}`, `/sematkan/${encodeURIComponent("<svg onload=alert(1)>")}?sistem=xss`, "/hasil-kerja"]) {
      expect(await inert(anonymous, path), path).toEqual({ flag: null, elements: [], handlers: 0 });
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("dialog", (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    await page.goto(`${app.url}/masuk`);
    await page.locator("#email").fill(admin.email);
    await page.locator("#password").fill("kata-sandi-rahasia");
    await page.locator("main button[type=submit]").click();
    await page.waitForURL((u) => u.pathname.startsWith("/admin")); // an admin's log-in opens the admin pages
    for (const path of [`/laporan/${reportId}`, "/instansi", `/dprd/berkas/${reportId}`, "/dprd", "/admin/sistem", "/notifikasi"]) {
      expect(await inert(page, path), path).toEqual({ flag: null, elements: [], handlers: 0 });
    }
    // The text is there, shown as text.
    await page.goto(`${app.url}/laporan/${reportId}`);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(await page.locator("main").textContent()).toContain("<script>window.__xss=1;alert(1)</script>");
    expect(dialogs).toEqual([]);
  });
});
