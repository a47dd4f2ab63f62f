import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { setAgencyWebhook } from "~/services/agency-push.server";
import { closeAlternativeVote } from "~/services/cases/alternative-vote.server";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { takeStep } from "~/services/cases/case-steps.server";
import { createHostSystem, setHostWebhook } from "~/services/host-systems.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { launchBrowser, localInput, shot, signInBrowser, startApp, type RunningApp } from "../helpers/app";
import { audit } from "../helpers/axe";
import { createUser, KECAMATAN, KELURAHAN, KOTA, monthsAhead, validReport, waitFor } from "../helpers/fixtures";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

// Closing the loop in real browsers: the agency's officer answers the citizens' solution with a counter-proposal,
// the fasilitator puts it to a short vote, participants agree on their phones, the vote's count (closed with an
// injected clock) makes it accepted on the alternative's terms, the officer tracks the result to 100 %, and
// /hasil-kerja, the DPRD dossier, the host's and the agency's signed webhooks all show it.

const PHONE = { width: 390, height: 844 };
const DAY = 86_400_000;
let app: RunningApp;
let browser: Browser;
let host: Awaited<ReturnType<typeof startWebhookReceiver>>;
let agency: Awaited<ReturnType<typeof startWebhookReceiver>>;
let hostSecret = "";
let agencySecret = "";
const who: Record<string, { id: string; email: string }> = {};
let binaMargaId = "";
let reportId = "";

const warga = (id: string): Actor => ({ id, role: "warga", agencyId: null, regionCodes: [] });

beforeAll(async () => {
  await prepareDatabase();
  const binaMarga = (binaMargaId = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id);
  for (const name of ["siti", "budi", "ani"]) who[name] = await createUser();
  who.fasil = await createUser("fasilitator");
  who.petugas = await createUser("petugas", { agencyId: binaMarga });
  who.dprd = await createUser("dprd");
  await db.userRegion.create({ data: { userId: who.fasil.id, regionCode: KECAMATAN } });
  await db.userRegion.create({ data: { userId: who.dprd.id, regionCode: KOTA } });
  host = await startWebhookReceiver({ secret: () => hostSecret });
  agency = await startWebhookReceiver({ secret: () => agencySecret });
  agencySecret = (await setAgencyWebhook(binaMarga, { url: agency.url })).secret!;
  const system = await createHostSystem({ slug: "jaki-loop", name: "Aplikasi pelaporan kota" });
  hostSecret = (await setHostWebhook(system.id, { url: host.url })).secret!;

  // The case so far, through the services: a host's report, three voters, mufakat, sent to Dinas Bina Marga.
  reportId = (await fileReport(who.siti!.id, { ...validReport, title: "Genangan setinggi betis di perempatan Jl. Haji Saidi" }, [])).id;
  await db.report.update({ where: { id: reportId }, data: { source: "host", hostSystem: "jaki-loop", externalId: "JAKI-LOOP-1" } });
  const proposal = (await createProposal(warga(who.siti!.id), reportId, { title: "Bangun dua sumur resapan", text: "Dua sumur resapan di sudut perempatan agar air cepat meresap." })).id;
  const t0 = Date.now() - DAY;
  const fasil: Actor = { id: who.fasil.id, role: "fasilitator", agencyId: null, regionCodes: [KECAMATAN] };
  await configureCase(fasil, reportId, {
    type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua",
    votingOpensAt: new Date(t0 + 3600_000).toISOString(), votingClosesAt: new Date(t0 + 12 * 3600_000).toISOString(),
  }, new Date(t0));
  await takeStep(fasil, reportId, "open_voting", {}, new Date(t0 + 2 * 3600_000));
  for (const name of ["siti", "budi", "ani"]) await castBallot(warga(who[name]!.id), reportId, { [proposal]: "support" }, new Date(t0 + 3 * 3600_000));
  await takeStep(fasil, reportId, "close_voting", {}, new Date(t0 + 4 * 3600_000));

  app = await startApp({ OUTBOX_LEASE_MS: "2000", SWEEP_EVERY_MS: "1000" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await host?.close();
  await agency?.close();
});

const DESKTOP = { width: 1280, height: 900 };
const signedIn = (name: string, viewport = DESKTOP) => signInBrowser(browser, app.url, who[name]!.email, { timeoutMs: 20_000, context: { viewport } });

describe("closing the loop in the browser", () => {
  it("goes from a counter-proposal, agreed by a vote on phones, to a result done, shown on /hasil-kerja, the dossier and the webhooks", async () => {
    // 1. The officer answers with a counter-proposal.
    const petugas = await signedIn("petugas");
    await petugas.page.goto(`${app.url}/laporan/${reportId}`);
    await petugas.page.getByRole("radio", { name: "Usul alternatif", exact: true }).check();
    // Refused without its text: the form says so and comes back filled in.
    await petugas.page.locator("#r-alt-cost").fill("65.000.000");
    await petugas.page.getByRole("button", { name: "Kirim jawaban" }).click();
    await petugas.page.getByText("Usul alternatif minimal 30 karakter").first().waitFor();
    expect(await petugas.page.locator("#r-alt-cost").inputValue()).toBe("65.000.000");
    await petugas.page.locator("#r-alternativeText").fill("Sumur resapan tidak cocok karena muka air tanah tinggi. Kami keruk dan perlebar saluran ke arah kali, dan siagakan pompa saat hujan deras.");
    await petugas.page.locator("#r-alt-period").fill(monthsAhead(3));
    await petugas.page.locator("#r-alt-unit").fill("Suku Dinas Sumber Daya Air Jakarta Selatan");
    await petugas.page.getByRole("button", { name: "Kirim jawaban" }).click();
    await petugas.page.getByRole("heading", { name: "Jawaban instansi: Usul alternatif instansi, menunggu tanggapan warga" }).waitFor();
    await petugas.page.locator("#balasan").screenshot({ path: shot("loop-01-counter-proposal") });

    // 2. The fasilitator puts it to a short vote of the case's participants.
    const fasil = await signedIn("fasil");
    await fasil.page.goto(`${app.url}/laporan/${reportId}`);
    await fasil.page.getByText("Adakan pemungutan suara singkat", { exact: true }).click();
    const closesAt = new Date(Date.now() + 2 * DAY);
    closesAt.setSeconds(0, 0);
    await fasil.page.getByLabel("Ditutup pada (WIB)").fill(localInput(closesAt));
    await fasil.page.getByRole("button", { name: "Buka pemungutan suara" }).click();
    await fasil.page.getByText(/Pemungutan suara singkat dibuka sampai/).waitFor();

    // 3. Participants agree on their phones; one changes her mind and back.
    for (const name of ["siti", "budi", "ani"]) {
      const citizen = await signedIn(name, PHONE);
      await citizen.page.goto(`${app.url}/laporan/${reportId}`);
      const ballot = citizen.page.locator("#suara-alternatif");
      await ballot.getByLabel(name === "ani" ? "Tolak" : "Setuju", { exact: true }).check();
      await ballot.getByRole("button", { name: "Kirim suara" }).click();
      await citizen.page.getByText(`Suara Anda: ${name === "ani" ? "Tolak" : "Setuju"}`).waitFor();
      if (name === "siti") {
        // Side by side on a phone: the citizens' solution and the agency's counter-proposal, then the vote.
        expect(await citizen.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        await citizen.page.locator("#balasan").screenshot({ path: shot("loop-02-vote-phone") });
        const violations = await audit(citizen.page);
        expect(violations, JSON.stringify(violations)).toEqual([]);
      }
      await citizen.context.close();
    }
    expect(await db.alternativeBallot.count()).toBe(3);

    // 4. The vote closes at its date (the worker's job, run here with the clock moved past it): 2 of 3 agree.
    expect(await closeAlternativeVote(reportId, new Date(closesAt.getTime() + 60_000))).toBe("done");
    await petugas.page.reload();
    await petugas.page.getByRole("heading", { name: "Jawaban instansi: Diterima dengan usul alternatif instansi" }).waitFor();
    await petugas.page.getByText("Hasil pemungutan suara singkat: 2 setuju, 1 tolak").waitFor();

    // 5. The officer tracks the result: 60 %, then done.
    for (const [status, progress, note] of [["berjalan", "60", "Saluran sudah dikeruk 40 meter dari 70 meter."], ["selesai", "", "Saluran selesai diperlebar; pompa siaga terpasang."]] as const) {
      await petugas.page.goto(`${app.url}/laporan/${reportId}/perkembangan`);
      await petugas.page.getByLabel("Status hasil").selectOption(status);
      await petugas.page.getByLabel("Kemajuan (0–100 %)").fill(progress);
      await petugas.page.getByLabel("Catatan perkembangan").fill(note);
      await petugas.page.getByRole("button", { name: "Tambahkan perkembangan" }).click();
      await petugas.page.getByText("Tahap kasus diperbarui.").waitFor();
    }
    expect(await petugas.page.locator(".result .progress-line").first().textContent()).toMatch(/100 % · Selesai/);
    await petugas.page.locator(".result").first().getByText("Catatan perkembangan (2)").click();
    await petugas.page.locator(".results-block").screenshot({ path: shot("loop-03-result-done") });

    // 5b. The agency's round trip as a spreadsheet: one new result uploaded as CSV, imported by the worker.
    await petugas.page.goto(`${app.url}/instansi/hasil`);
    const csv = `judul,kelurahan,instansi_id,status,kemajuan,periode\nPasang pompa siaga kedua,${KELURAHAN},${binaMargaId},berjalan,30,${monthsAhead(2)}\n`;
    await petugas.page.getByLabel("Berkas CSV").setInputFiles({ name: "hasil-baru.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await petugas.page.getByRole("button", { name: "Impor", exact: true }).click();
    await petugas.page.getByText("Berkas diterima dan sedang diimpor.").waitFor();
    await waitFor(async () => {
      await petugas.page.reload();
      return (await petugas.page.getByText("1 baris: 1 baru, 0 diperbarui, 0 tidak berubah, 0 bermasalah").count()) > 0;
    }, 20_000);
    expect(await audit(petugas.page)).toEqual([]);

    // 6. /hasil-kerja on a phone: the agency's row counts it done.
    const visitor = await browser.newContext({ viewport: PHONE });
    const page = await visitor.newPage();
    await page.goto(`${app.url}/hasil-kerja`);
    const row = page.getByRole("region", { name: "Per instansi" }).getByRole("row", { name: /Dinas Bina Marga/ });
    // Two results now: the agreed alternative, done, and the imported one at 30 %.
    expect(await row.textContent()).toMatch(/Dinas Bina Marga2150\s?%/);
    await page.screenshot({ path: shot("loop-04-hasil-kerja-phone"), fullPage: true });
    expect(await audit(page)).toEqual([]);
    await visitor.close();

    // 7. The DPRD member's dossier shows both texts and the result.
    const dprd = await signedIn("dprd");
    await dprd.page.goto(`${app.url}/dprd/berkas/${reportId}`);
    await dprd.page.getByText("Bangun dua sumur resapan").first().waitFor();
    await dprd.page.getByText(/Sumur resapan tidak cocok/).first().waitFor();
    await dprd.page.getByText("100 % · Selesai").waitFor();

    // 8. The host and the agency heard each answer through signed webhooks.
    await waitFor(async () => host.received.filter((r) => JSON.parse(r.body).type === "case.answered").length >= 2, 20_000);
    const answered = host.received.map((r) => JSON.parse(r.body) as { type: string; data: { answer: string | null } }).filter((b) => b.type === "case.answered");
    expect(host.received.every((r) => r.verified)).toBe(true);
    expect(answered.map((b) => b.data.answer).sort()).toEqual(["alternatif", "diterima_dengan_perubahan"]);
    await waitFor(async () => agency.received.some((r) => JSON.parse(r.body).data?.answer === "diterima_dengan_perubahan"), 20_000);
    expect(agency.received.every((r) => r.verified)).toBe(true);
    for (const c of [petugas, fasil, dprd]) expect(c.errors).toEqual([]);
  });
});
