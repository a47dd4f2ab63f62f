import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { takeStep } from "~/services/cases/case-steps.server";
import { confirmFix } from "~/services/cases/fix-confirmation.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { launchBrowser, shot, signInBrowser, startApp, type RunningApp } from "../helpers/app";
import { audit } from "../helpers/axe";
import { acceptance, createUser, KECAMATAN, KOTA, validReport } from "../helpers/fixtures";

// Residents confirm the fix in real browsers, on phones: the reporter answers "Belum" (refused without a reason,
// then with one) and the case reopens with the agency's deadline restarted; three neighbours dispute another fix,
// the officer answers the doubt, and the DPRD member sees both in the dossier.

const PHONE = { width: 390, height: 844 };
const DAY = 86_400_000;
let app: RunningApp;
let browser: Browser;
const who: Record<string, { id: string; email: string }> = {};
const reports: Record<string, string> = {};
const actor = (name: string, role: Actor["role"] = "warga", extra: Partial<Actor> = {}): Actor => ({ id: who[name]!.id, role, agencyId: null, regionCodes: [], ...extra });

beforeAll(async () => {
  await prepareDatabase();
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  for (const name of ["siti", "budi", "ani", "tetangga1", "tetangga2", "tetangga3"]) who[name] = await createUser();
  who.fasil = await createUser("fasilitator");
  who.petugas = await createUser("petugas", { agencyId: binaMarga });
  who.dprd = await createUser("dprd");
  await db.userRegion.create({ data: { userId: who.fasil.id, regionCode: KECAMATAN } });
  await db.userRegion.create({ data: { userId: who.dprd.id, regionCode: KOTA } });
  const fasil = actor("fasil", "fasilitator", { regionCodes: [KECAMATAN] });
  const petugas = actor("petugas", "petugas", { agencyId: binaMarga });
  // Two cases accepted and fixed three weeks ago (through the services).
  for (const [key, title] of [["reopen", "Lampu jalan mati di Jl. Deplu Raya"], ["doubt", "Saluran tersumbat di gang Masjid"]] as const) {
    const t0 = Date.now() - 25 * DAY;
    const reportId = (await fileReport(who.siti!.id, { ...validReport, title }, [])).id;
    const proposal = (await createProposal(actor("siti"), reportId, { title: "Perbaiki segera", text: "Perbaiki minggu ini." })).id;
    await configureCase(fasil, reportId, { type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua", votingOpensAt: new Date(t0 + 3600_000).toISOString(), votingClosesAt: new Date(t0 + DAY).toISOString() }, new Date(t0));
    await takeStep(fasil, reportId, "open_voting", {}, new Date(t0 + 2 * 3600_000));
    for (const name of ["siti", "budi", "ani"]) await castBallot(actor(name), reportId, { [proposal]: "support" }, new Date(t0 + 3 * 3600_000));
    await takeStep(fasil, reportId, "close_voting", {}, new Date(t0 + 4 * 3600_000));
    await takeStep(petugas, reportId, "answer", acceptance(), new Date(t0 + 2 * DAY));
    await takeStep(petugas, reportId, "complete", {}, new Date(t0 + 4 * DAY));
    reports[key] = reportId;
  }
  // Two neighbours have already said "belum" about the second fix.
  for (const name of ["tetangga1", "tetangga2"]) await confirmFix(actor(name), reports.doubt!, { answer: "belum", text: "Saluran masih penuh lumpur." });
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const signedIn = (name: string, viewport = PHONE) => signInBrowser(browser, app.url, who[name]!.email, { timeoutMs: 20_000, context: { viewport } });

describe("residents confirm the fix in the browser", () => {
  it("reopens a fix on the reporter's 'Belum', puts another in doubt on the third neighbour's, and the agency answers", async () => {
    // The reporter, on a phone.
    const siti = await signedIn("siti");
    await siti.page.goto(`${app.url}/laporan/${reports.reopen}`);
    const panel = siti.page.locator("#perbaikan-warga");
    await panel.getByRole("heading", { name: "Sudah diperbaiki?" }).waitFor();
    await panel.getByLabel("Belum", { exact: true }).check();
    await panel.getByRole("button", { name: "Kirim jawaban" }).click();
    await siti.page.getByText("Ceritakan apa yang belum beres").first().waitFor();
    await siti.page.locator("#perbaikan-warga").getByLabel("Apa yang belum beres? (wajib jika belum)").fill("Hanya satu lampu yang diganti; dua lainnya masih mati.");
    await siti.page.locator("#perbaikan-warga").getByLabel("Belum", { exact: true }).check();
    await siti.page.locator("#perbaikan-warga").getByRole("button", { name: "Kirim jawaban" }).click();
    await siti.page.getByText("Terima kasih. Kasus dibuka kembali dan instansi diberi tahu.").waitFor();
    await siti.page.locator(".steps [aria-current=step]").getByText("Dibuka kembali").waitFor();
    expect(await siti.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await siti.page.locator(".case-panel").screenshot({ path: shot("fix-01-reopened-phone") });
    const c = await db.deliberation.findUniqueOrThrow({ where: { reportId: reports.reopen } });
    expect(c.state).toBe("dibuka_kembali");
    expect(c.dueAt!.getTime()).toBeGreaterThan(Date.now() + 13 * DAY);

    // The third neighbour's "belum" puts the other fix in doubt.
    const neighbour = await signedIn("tetangga3");
    await neighbour.page.goto(`${app.url}/laporan/${reports.doubt}`);
    const fix = neighbour.page.locator("#perbaikan-warga");
    await fix.getByText("Anda warga kelurahan ini").waitFor();
    await fix.getByLabel("Belum", { exact: true }).check();
    await fix.getByLabel("Apa yang belum beres? (wajib jika belum)").fill("Tadi malam air meluap lagi ke jalan.");
    await fix.getByRole("button", { name: "Kirim jawaban" }).click();
    await neighbour.page.getByText(/Diragukan: tiga warga atau lebih menyatakan belum beres/).waitFor();
    expect(await audit(neighbour.page)).toEqual([]);
    await neighbour.page.locator("#perbaikan-warga").screenshot({ path: shot("fix-02-doubted-phone") });

    // The officer answers the doubt (desktop).
    const petugas = await signedIn("petugas", { width: 1280, height: 900 });
    await petugas.page.goto(`${app.url}/laporan/${reports.doubt}`);
    await petugas.page.getByLabel("Tanggapi keraguan warga").fill("Kami kirim tim pengeruk Senin pagi untuk membersihkan ujung saluran.");
    await petugas.page.getByRole("button", { name: "Kirim tanggapan" }).click();
    await petugas.page.getByText("Kami kirim tim pengeruk Senin pagi").first().waitFor();
    // And the reopened case is back on the agency's desk.
    await petugas.page.goto(`${app.url}/instansi`);
    await petugas.page.getByText("Lampu jalan mati di Jl. Deplu Raya").waitFor();

    // The DPRD member's dossier shows the residents' answers.
    const dprd = await signedIn("dprd", { width: 1280, height: 900 });
    await dprd.page.goto(`${app.url}/dprd/berkas/${reports.doubt}`);
    await dprd.page.getByText(/Jawaban warga: 0 sudah, 3 belum/).waitFor();
    for (const p of [siti, neighbour, petugas, dprd]) expect(p.errors).toEqual([]);
  });
});
