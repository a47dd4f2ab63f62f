import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { flagComment, hideComment } from "~/services/moderation.server";
import { addArgument, createProposal, proposeAmendment } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { editComment, postComment } from "~/services/threads.server";
import { launchBrowser, shot, signInBrowser, startApp, typeInEditor, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, validReport, waitFor } from "../helpers/fixtures";
import { captureMail, mailText } from "../helpers/mail";
import { XSS_STATES, XSS_TEXTS } from "../fixtures/xss-corpus";

// Citizens discuss one report in real browsers while the real web and worker processes run.
let app: RunningApp;
let browser: Browser;
let reportId: string;
let mail: Awaited<ReturnType<typeof captureMail>>;
const people: Record<"siti" | "budi" | "fasil", { id: string; email: string }> = {} as never;

beforeAll(async () => {
  await prepareDatabase();
  const [siti, budi, fasil] = await Promise.all([createUser(), createUser(), createUser("fasilitator")]);
  await db.user.update({ where: { id: siti.id }, data: { name: "Siti Aminah" } });
  await db.user.update({ where: { id: budi.id }, data: { name: "Budi Santoso" } });
  await db.userRegion.create({ data: { userId: fasil.id, regionCode: KECAMATAN } });
  Object.assign(people, { siti, budi, fasil });
  reportId = (await fileReport(siti.id, validReport, [])).id;
  mail = await captureMail();
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await mail?.close();
});

const signedIn = (who: keyof typeof people) => signInBrowser(browser, app.url, people[who].email);


describe("discussing a report", () => {
  it("two citizens see each other's comments and replies arrive live", async () => {
    const siti = await signedIn("siti");
    const budi = await signedIn("budi");
    await Promise.all([siti.page.goto(`${app.url}/laporan/${reportId}`), budi.page.goto(`${app.url}/laporan/${reportId}`)]);
    await Promise.all([siti.page.waitForLoadState("networkidle"), budi.page.waitForLoadState("networkidle")]);

    await typeInEditor(siti.page, ".comment-form", "Lubangnya sudah sedalam ");
    await siti.page.keyboard.press("Control+b");
    await siti.page.keyboard.type("30 cm");
    await siti.page.getByRole("button", { name: "Kirim komentar" }).click();
    // Budi did not reload: the comment arrives over server-sent events, bold kept.
    await budi.page.locator(".comment .rich strong", { hasText: "30 cm" }).waitFor();
    expect(await budi.page.getByText("1 komentar baru masuk").isVisible()).toBe(true);
    // Siti's editor is empty again, really: tapping "Kirim komentar" once more posts nothing.
    await siti.page.getByRole("button", { name: "Kirim komentar" }).waitFor();
    expect(await siti.page.locator(".comment-form .editor-input").textContent()).toBe("");
    expect(await siti.page.locator(".comment-form input[name=body]").inputValue()).not.toContain("30 cm");
    await siti.page.getByRole("button", { name: "Kirim komentar" }).click();
    await siti.page.waitForLoadState("networkidle");
    expect(await db.comment.count({ where: { reportId, text: { contains: "30 cm" } } })).toBe(1);

    const comment = budi.page.locator(".comment", { hasText: "30 cm" }).first();
    await comment.getByText("Balas", { exact: true }).click();
    await typeInEditor(budi.page, ".reply-form", "Saya lewat tadi pagi, benar. @Sit");
    await budi.page.getByRole("option", { name: "@Siti Aminah" }).click();
    await budi.page.getByRole("button", { name: "Kirim balasan" }).click();
    await siti.page.locator(".replies .rich", { hasText: "Saya lewat tadi pagi" }).waitFor();
    expect(await siti.page.locator(".replies .rich .mention", { hasText: "@Siti Aminah" }).count()).toBe(1);
    await siti.page.locator(".replies").first().scrollIntoViewIfNeeded();
    await siti.page.screenshot({ path: shot("deliberation-01-live-thread") });

    // The worker process e-mails Siti (instant is the default) through the outbox.
    const toSiti = await waitFor(async () => mail.inbox.find((m) => m.to.includes(people.siti.email) && mailText(m.raw).includes("membalas komentar Anda")));
    expect(mailText(toSiti.raw)).toContain(`/laporan/${reportId}#k-`);
    // Siti's mention notification is waiting in the notification centre.
    await siti.page.goto(`${app.url}/notifikasi`);
    await siti.page.getByText("Budi Santoso membalas komentar Anda").waitFor();
    expect(siti.errors).toEqual([]);
    expect(budi.errors).toEqual([]);
    await Promise.all([siti.context.close(), budi.context.close()]);
  });

  it("a proposal is amended by another citizen, accepted, and a duplicate is merged by the fasilitator", async () => {
    const siti = await signedIn("siti");
    await siti.page.goto(`${app.url}/laporan/${reportId}/usulan-baru`);
    await siti.page.getByLabel("Judul usulan").fill("Tambal dengan aspal dingin");
    await typeInEditor(siti.page, "form", "Tambal lubang dengan aspal dingin minggu ini.");
    await siti.page.getByLabel("Perkiraan biaya (rupiah, opsional)").fill("2500000");
    await siti.page.getByLabel("Yang dapat dikerjakan warga sendiri (aksi bersama, opsional)").fill("Kerja bakti Sabtu 07.00");
    await siti.page.getByRole("button", { name: "Kirim usulan" }).click();
    await siti.page.getByText("Usulan terkirim.").waitFor();
    const proposalUrl = siti.page.url().split("?")[0]!;
    await siti.page.getByText("Rp 2.500.000", { exact: false }).waitFor();

    const budi = await signedIn("budi");
    await budi.page.goto(`${proposalUrl}/perubahan`);
    await budi.page.getByLabel("Judul usulan").fill("Tambal dan pasang pembatas");
    await budi.page.getByLabel("Mengapa perubahan ini diperlukan?").fill("Agar motor tidak masuk lubang di malam hari.");
    await budi.page.getByRole("button", { name: "Kirim usulan perubahan" }).click();
    await budi.page.getByText("Usulan perubahan terkirim ke pengusul.").waitFor();

    await siti.page.goto(proposalUrl);
    await siti.page.locator(".diff ins", { hasText: "pembatas" }).first().waitFor();
    await siti.page.screenshot({ path: shot("deliberation-02-amendment"), fullPage: true });
    await siti.page.getByRole("button", { name: "Terima perubahan" }).click();
    await siti.page.getByRole("heading", { level: 1, name: "Tambal dan pasang pembatas" }).waitFor();
    await siti.page.getByRole("link", { name: "Riwayat versi" }).click();
    await siti.page.getByText("Perubahan dari Budi Santoso diterima oleh Siti Aminah").waitFor();

    // Budi proposes the same thing again; the fasilitator merges it.
    await budi.page.goto(`${app.url}/laporan/${reportId}/usulan-baru`);
    await budi.page.getByLabel("Judul usulan").fill("Tutup lubang jalan");
    await typeInEditor(budi.page, "form", "Lubangnya ditutup saja.");
    await budi.page.getByRole("button", { name: "Kirim usulan" }).click();
    await budi.page.getByText("Usulan terkirim.").waitFor();
    const duplicateUrl = budi.page.url().split("?")[0]!;

    const fasil = await signedIn("fasil");
    await fasil.page.goto(duplicateUrl);
    await fasil.page.getByLabel("Gabungkan usulan ini ke").selectOption({ label: "Tambal dan pasang pembatas" });
    await fasil.page.getByLabel("Catatan penggabungan (tampil untuk umum)").fill("Usulan yang sama");
    await fasil.page.getByRole("button", { name: "Gabungkan" }).click();
    await fasil.page.waitForURL((u) => u.href.startsWith(proposalUrl));

    await budi.page.goto(duplicateUrl);
    await budi.page.getByText("telah digabungkan ke usulan ini").waitFor();
    expect(budi.page.url().split("?")[0]).toBe(proposalUrl);
    await budi.page.screenshot({ path: shot("deliberation-03-merged") });
    for (const c of [siti, budi, fasil]) expect(c.errors).toEqual([]);
    await Promise.all([siti.context.close(), budi.context.close(), fasil.context.close()]);
  });

  it("a fasilitator hides a comment with a public reason, and a citizen without JavaScript still comments", async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await noJs.newPage();
    await page.goto(`${app.url}/masuk`);
    await page.getByLabel("Email").fill(people.budi.email);
    await page.getByLabel("Kata sandi").fill("kata-sandi-rahasia");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.goto(`${app.url}/laporan/${reportId}`);
    await page.getByLabel("Tulis komentar").fill("Dasar pejabat malas semua!\n\n- satu\n- dua");
    await page.getByRole("button", { name: "Kirim komentar" }).click();
    await page.getByText("Komentar terkirim.").waitFor();
    await page.locator(".comment .rich ul li", { hasText: "dua" }).waitFor();

    const fasil = await signedIn("fasil");
    await fasil.page.goto(`${app.url}/laporan/${reportId}?urut=terbaru`);
    const target = fasil.page.locator(".comment", { hasText: "Dasar pejabat malas" }).first();
    await target.locator("summary", { hasText: "Sembunyikan" }).click();
    await target.getByLabel("Alasan (tampil untuk umum)").fill("Menyerang pribadi, bukan masalahnya");
    await target.getByRole("button", { name: "Sembunyikan" }).click();
    await fasil.page.getByText("disembunyikan oleh fasilitator: Menyerang pribadi, bukan masalahnya").waitFor();

    await page.goto(`${app.url}/laporan/${reportId}?urut=terbaru`);
    await page.getByText("disembunyikan oleh fasilitator: Menyerang pribadi, bukan masalahnya").waitFor();
    expect(await page.getByText("Dasar pejabat malas").count()).toBe(0);
    await page.screenshot({ path: shot("deliberation-04-hidden"), fullPage: true });
    await Promise.all([noJs.close(), fasil.context.close()]);
  });
});

describe("XSS corpus in the real browser", () => {
  it("no stored payload opens a dialog or injects an element, on the report, proposal and history pages", async () => {
    const budi: Actor = { id: people.budi.id, role: "warga", agencyId: null, regionCodes: [] };
    const xssReport = (await fileReport(people.siti.id, { ...validReport, title: "<script>window.__xss=1</script> judul" }, [])).id;
    for (const text of XSS_TEXTS) await postComment(budi, { reportId: xssReport, text });
    for (const s of XSS_STATES.filter((x) => !x.refused)) await postComment(budi, { reportId: xssReport, body: s.body });
    const proposal = await createProposal(budi, xssReport, { title: '<img src=x onerror="window.__xss=1">', text: XSS_TEXTS.join("\n\n"), jointAction: "<script>window.__xss=1</script>" });
    await addArgument(budi, proposal.id, { side: "pro", text: '<svg onload="window.__xss=1">' });
    const siti0: Actor = { id: people.siti.id, role: "warga", agencyId: null, regionCodes: [] };
    const fasil0: Actor = { id: people.fasil.id, role: "fasilitator", agencyId: null, regionCodes: [KECAMATAN] };
    await proposeAmendment(siti0, proposal.id, { title: "<script>window.__xss=1</script>", text: XSS_TEXTS[1]!, explanation: '<img src=x onerror="window.__xss=1">' });
    const edited = await postComment(budi, { reportId: xssReport, text: "<b>versi satu</b><script>window.__xss=1</script>" });
    await editComment(budi, edited.id, { text: '<img src=x onerror="window.__xss=1"> versi dua' });
    const hidden = await postComment(budi, { reportId: xssReport, text: "akan disembunyikan" });
    await hideComment(fasil0, hidden.id, { reason: '<script>window.__xss=1</script> alasan' });
    const flagged = await postComment(budi, { reportId: xssReport, text: "<script>window.__xss=1</script> dilaporkan" });
    await flagComment(siti0, flagged.id, { reason: "spam" });

    const siti = await signedIn("siti");
    const dialogs: string[] = [];
    siti.page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const fasil = await signedIn("fasil");
    await fasil.page.goto(`${app.url}/moderasi`);
    await fasil.page.getByText("dilaporkan").first().waitFor();
    expect(await fasil.page.evaluate(() => (window as { __xss?: unknown }).__xss ?? null)).toBeNull();
    expect(await fasil.page.locator("main script, main img[src='x']").count()).toBe(0);
    await fasil.context.close();
    const pages = [
      `/laporan/${xssReport}`, `/laporan/${xssReport}?urut=terbaru`, `/usulan/${proposal.id}`, `/usulan/${proposal.id}/riwayat`,
      `/komentar/${edited.id}`, `/komentar/${edited.id}/riwayat`, "/notifikasi",
    ];
    for (const path of pages) {
      await siti.page.goto(`${app.url}${path}`);
      await siti.page.waitForLoadState("networkidle");
      const injected = await siti.page.evaluate(() => ({
        flag: (window as { __xss?: unknown }).__xss ?? null,
        scripts: [...document.querySelectorAll("main script, main img[src='x'], main svg[onload], main iframe, main style")].map((el) => el.outerHTML.slice(0, 80)),
        handlers: [...document.querySelectorAll("main *")].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
        badLinks: [...document.querySelectorAll("main a[href]")].filter((a) => !/^(https?:|mailto:|\/|#|\?)/.test(a.getAttribute("href") ?? "")).length,
      }));
      expect(injected, path).toEqual({ flag: null, scripts: [], handlers: 0, badLinks: 0 });
      expect(siti.errors, path).toEqual([]);
    }
    await siti.page.goto(`${app.url}/laporan/${xssReport}`);
    await siti.page.screenshot({ path: shot("deliberation-05-xss-inert"), fullPage: true });
    expect(dialogs).toEqual([]);
    expect(siti.errors).toEqual([]);
    await siti.context.close();
  });
});
