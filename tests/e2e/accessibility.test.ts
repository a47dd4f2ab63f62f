import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { launchBrowser, shot, startApp, type RunningApp } from "../helpers/app";
import { audit } from "../helpers/axe";
import { createUser, validReport } from "../helpers/fixtures";
import { fileReport } from "~/services/reports.server";
import { flagComment } from "~/services/moderation.server";
import { addArgument, createProposal, proposeAmendment } from "~/services/proposals.server";
import { postComment } from "~/services/threads.server";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { takeStep } from "~/services/cases/case-steps.server";

// axe-core in the real browser on every page of this part, in both languages, at a phone's width and a desktop's:
// no serious or critical issue. Tables and charts wider than a phone (a closed tally, the dashboard's agencies)
// are on the pages audited, so a sideways-scrolling region the keyboard cannot reach is found.
let app: RunningApp;
let browser: Browser;
let reportId: string;
let admin: { email: string; id: string };
let proposalId: string;
let commentId: string;
let closedReportId: string;
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  admin = await createUser("admin");
  reportId = (await fileReport(admin.id, validReport, [])).id;
  // A discussion to look at: a proposal with a suggested change and arguments, a thread with a reply and a flag.
  const citizen = await createUser();
  const other = await createUser();
  const warga = (u: { id: string }) => ({ id: u.id, role: "warga" as const, agencyId: null, regionCodes: [] });
  proposalId = (await createProposal(warga(citizen), reportId, { title: "Tambal dengan aspal dingin", text: "Tambal lubang minggu ini.\n\n- beli aspal\n- kerja bakti", costRupiah: "2500000", jointAction: "Kerja bakti Sabtu" })).id;
  await proposeAmendment(warga(other), proposalId, { title: "Tambal dan pasang rambu", text: "Tambal lubang dan pasang rambu.", explanation: "Supaya aman malam hari." });
  await addArgument(warga(other), proposalId, { side: "pro", text: "Murah dan cepat." });
  const top = await postComment(warga(citizen), { reportId, text: "Lubangnya makin besar." });
  commentId = (await postComment(warga(other), { reportId, parentId: top.id, text: "Betul, saya lihat juga." })).id;
  await flagComment(warga(other), top.id, { reason: "spam" });
  // …and a case in its voting phase, so the step indicator, rules and ballot form are audited too.
  const adminActor = { id: admin.id, role: "admin" as const, agencyId: null, regionCodes: [] };
  await configureCase(adminActor, reportId, {
    type: "approval", quorum: 2, minSupportPercent: 50, eligibility: "semua",
    votingOpensAt: new Date(Date.now() + 3600_000).toISOString(), votingClosesAt: new Date(Date.now() + 86_400_000).toISOString(), summary: "Ringkasan.",
  });
  await takeStep(adminActor, reportId, "open_voting");
  // A second case, voted and closed: its tally table and consensus chart, and the dashboard's agency table.
  closedReportId = (await fileReport(admin.id, { ...validReport, title: "Trotoar ambles di depan pasar" }, [])).id;
  const voters = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
  const [p1, p2] = [
    (await createProposal(warga(voters[0]!), closedReportId, { title: "Ganti dengan paving block baru", text: "Bongkar dan pasang paving." })).id,
    (await createProposal(warga(voters[1]!), closedReportId, { title: "Pasang pembatas sementara", text: "Pagar pengaman dulu." })).id,
  ];
  await configureCase(adminActor, closedReportId, {
    type: "approval", quorum: 2, minSupportPercent: 50, eligibility: "semua",
    votingOpensAt: new Date(Date.now() + 3600_000).toISOString(), votingClosesAt: new Date(Date.now() + 86_400_000).toISOString(), summary: "Ringkasan.",
  });
  await takeStep(adminActor, closedReportId, "open_voting");
  for (const [i, v] of voters.entries()) await castBallot(warga(v), closedReportId, i < 3 ? { [p1]: "support", [p2]: "oppose" } : { [p2]: "support" });
  await takeStep(adminActor, closedReportId, "close_voting");
  // Deliveries that gave up, for /admin/kiriman: their kinds are codes in the database, words on the page.
  await db.outboxMessage.createMany({ data: [
    { kind: "email.notification", payload: "{}", status: "dead", attempts: 8, lastError: "connect ECONNREFUSED 127.0.0.1:2525" },
    { kind: "webhook.agency", payload: "{}", status: "dead", attempts: 8, lastError: "HTTP 503 Service Unavailable" },
  ] });
  // The dashboard counts the closed case now (its agency table), not from a snapshot taken before it existed.
  await db.dashboardSnapshot.deleteMany();
});

/** What /admin/kiriman must not show in each language: the other language, or the codes stored in the database. */
const FOREIGN_ON_DELIVERIES: Record<string, RegExp> = {
  id: /email\.notification|webhook\.agency|dead letter|outbox|Waiting|Active|Delayed|Failed|Completed|Deliveries|pending|sent\b|main|deliver\b/,
  en: /email\.notification|webhook\.agency|Kotak keluar|Menunggu|Terjadwal|Gagal|Selesai|Pengiriman|Kiriman|Email pemberitahuan|Keadaan/,
};
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("accessibility", () => {
  // Every page in both languages and at both sizes: Indonesian on a phone, English on a desktop. (All four
  // combinations doubled the suite's longest file, while what axe checks — contrast, names, labels, landmarks — is
  // a matter of the page and the size or of the page and the language, not of the pair.)
  for (const [size, lng] of [["phone", "id"], ["desktop", "en"]] as const) {
    const viewport = VIEWPORTS[size];
    it(`public and admin pages have no serious or critical axe violations (${lng}, ${size} ${viewport.width} px)`, async () => {
      const context = await browser.newContext({ bypassCSP: true, viewport });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
      await page.goto(`${app.url}/?lng=${lng}`);
      const found: Record<string, string[]> = {};
      const visit = async (path: string) => {
        const response = await page.goto(app.url + path, { waitUntil: "networkidle" });
        expect(response?.status(), path).toBe(200);
        // Hydration finished without the error boundary taking over.
        expect(await page.locator(".error-page").count(), path).toBe(0);
      };
      for (const path of ["/", "/?kota=3171&status=menunggu", `/laporan/${reportId}`, `/laporan/${closedReportId}`, "/masuk", "/daftar", "/dasbor", "/dasbor?kota=3171&kecamatan=3171050", "/peta", "/hasil-kerja"]) {
        await visit(path);
        found[path] = await audit(page);
        if (path === "/dasbor" || path === `/laporan/${closedReportId}`) {
          await page.screenshot({ path: shot(`axe-${size}-${path === "/dasbor" ? "dasbor" : "closed-report"}`), fullPage: true });
        }
      }
      // Signed in as admin: the forms and admin pages.
      await page.goto(`${app.url}/masuk`);
      await page.locator("#email").fill(admin.email);
      await page.locator("#password").fill("kata-sandi-rahasia");
      await page.locator("main button[type=submit]").click();
      await page.waitForURL((u) => u.pathname.startsWith("/admin")); // an admin's log-in opens the admin pages
      const agency = await db.agency.findFirstOrThrow({ where: { kind: "skpd" }, select: { id: true } });
      for (const path of ["/laporan/baru", `/laporan/${reportId}`, `/laporan/${reportId}/usulan-baru`, `/usulan/${proposalId}`,
        `/usulan/${proposalId}/perubahan`, `/usulan/${proposalId}/riwayat`, `/komentar/${commentId}`, "/moderasi", "/notifikasi", "/instansi", "/instansi/hasil", "/admin/pengguna", `/admin/pengguna/${admin.id}`, "/admin/instansi", `/admin/instansi/${agency.id}`, "/admin/kategori", "/admin/kiriman", "/admin/sistem", "/admin/layanan", "/dprd", `/dprd/berkas/${reportId}`, `/dprd/berkas/${closedReportId}`]) {
        await visit(path);
        found[`${path} (admin)`] = await audit(page);
        if (path === "/admin/kiriman") {
          // One language on the page (the receiving system's own error text, in <code>, aside).
          const text = await page.evaluate(() => {
            const main = document.querySelector("main")!.cloneNode(true) as HTMLElement;
            main.querySelectorAll("code, nav").forEach((c) => c.remove());
            return main.innerText;
          });
          expect(text).not.toMatch(FOREIGN_ON_DELIVERIES[lng]!);
          expect(text).toContain(lng === "id" ? "Email pemberitahuan" : "Notification e-mail");
          expect(text).toContain(lng === "id" ? "Webhook ke instansi" : "Webhook to the agency");
          await page.screenshot({ path: shot(`admin-kiriman-${lng}-${size}`), fullPage: true });
        }
      }
      await page.goto(`${app.url}/admin/instansi/${agency.id}`);
      await page.screenshot({ path: shot(`10-admin-instansi-${lng}-${size}`), fullPage: true });
      expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length))).toEqual({});
      expect(pageErrors).toEqual([]);
      await context.close();
    });
  }

  it("a report can be filed with the keyboard alone", async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/masuk`);
    await page.locator("#email").fill(admin.email);
    await page.locator("#password").fill("kata-sandi-rahasia");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname.startsWith("/admin")); // an admin's log-in opens the admin pages
    await page.goto(`${app.url}/laporan/baru`, { waitUntil: "networkidle" });
    // Tab from the top of the page to the category select, then fill every field by keyboard.
    const focusOn = async (id: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
      }
      throw new Error(`could not reach #${id} with Tab`);
    };
    await focusOn("categorySlug");
    await page.keyboard.press("ArrowDown"); // first category
    await focusOn("title");
    await page.keyboard.type("Lampu jalan mati di gang kami");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Sudah dua minggu gelap, warga takut lewat malam hari.");
    await focusOn("kelurahanCode");
    // Typing a name picks it (the first option, a Kepulauan Seribu kelurahan, would contradict the point below).
    await page.keyboard.type("Pulo");
    expect(await page.locator("#kelurahanCode option:checked").textContent()).toBe("Pulo");
    await focusOn("lat");
    await page.keyboard.type("-6.2440");
    await page.keyboard.press("Tab");
    await page.keyboard.type("106.7990");
    // On to the submit button and press it.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.type === "submit" && document.activeElement?.closest("main") !== null)) break;
    }
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/laporan\/[^/]+\?baru=1$/);
    await page.getByRole("heading", { level: 1, name: "Lampu jalan mati di gang kami" }).waitFor();
    await context.close();
  });

  it("a citizen comments and votes with the keyboard alone", async () => {
    const citizen = await createUser();
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/masuk`);
    await page.locator("#email").fill(citizen.email);
    await page.locator("#password").fill("kata-sandi-rahasia");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/laporan/${reportId}`, { waitUntil: "networkidle" });
    const tabTo = async (what: string, test: () => boolean) => {
      for (let i = 0; i < 200; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(test)) return;
      }
      throw new Error(`could not reach ${what} with Tab`);
    };
    // The ballot: Tab lands on the proposal's checked stance (Abstain); the arrow keys move it to "Dukung".
    await tabTo("the ballot", () => (document.activeElement as HTMLInputElement | null)?.type === "radio" && !!document.activeElement?.closest("fieldset"));
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe("support");
    await tabTo("Kirim suara", () => document.activeElement?.textContent === "Kirim suara");
    await page.keyboard.press("Enter");
    await page.getByText("Tanda terima suara Anda:").first().waitFor();
    // The comment editor (rich text) and its send button.
    await tabTo("the comment editor", () => !!document.activeElement?.closest(".comment-form .editor-input, .comment-form textarea"));
    await page.keyboard.type("Saya setuju, dan bisa ikut kerja bakti.");
    await tabTo("Kirim komentar", () => document.activeElement?.textContent === "Kirim komentar");
    await page.keyboard.press("Enter");
    await page.getByText("Komentar terkirim.").waitFor();
    await page.locator(".comment", { hasText: "Saya setuju, dan bisa ikut kerja bakti." }).waitFor();
    const ballot = await db.ballot.findFirstOrThrow({ where: { userId: citizen.id } });
    expect(Object.values(JSON.parse(ballot.choices) as Record<string, string>)).toContain("support");
    await context.close();
  });
});
