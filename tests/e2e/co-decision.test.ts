import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { launchBrowser, localInput, shot, signInBrowser, startApp, type RunningApp, type SignedInPage } from "../helpers/app";
import { createUser, KECAMATAN, monthsAhead, validReport, waitFor } from "../helpers/fixtures";

// The whole co-decision path in real browsers: a discussed report, three proposals, several citizens vote,
// one proposal wins, the agency accepts it, citizens sign up for the joint action, the case closes green and
// is rated.
let app: RunningApp;
let browser: Browser;
let reportId: string;
const who: Record<string, { id: string; email: string }> = {};

beforeAll(async () => {
  await prepareDatabase();
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  for (const name of ["siti", "budi", "ani", "dewi"]) who[name] = await createUser();
  who.fasil = await createUser("fasilitator");
  who.petugas = await createUser("petugas", { agencyId: binaMarga });
  await db.userRegion.create({ data: { userId: who.fasil.id, regionCode: KECAMATAN } });
  reportId = (await fileReport(who.siti!.id, validReport, [])).id;
  const warga = (id: string) => ({ id, role: "warga" as const, agencyId: null, regionCodes: [] });
  await createProposal(warga(who.siti!.id), reportId, { title: "Tambal dengan aspal dingin", text: "Tambal lubang minggu ini." });
  await createProposal(warga(who.budi!.id), reportId, { title: "Aspal ulang seluruh ruas", text: "Aspal ulang 200 meter jalan." });
  await createProposal(warga(who.ani!.id), reportId, { title: "Pasang rambu saja dulu", text: "Pasang rambu peringatan." });
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function signedIn(name: string): Promise<SignedInPage> {
  const signed = await signInBrowser(browser, app.url, who[name]!.email);
  await signed.page.goto(`${app.url}/laporan/${reportId}`);
  return signed;
}

describe("co-decision in the browser", () => {
  it("goes from votes to a green, rated report", async () => {
    const fasil = await signedIn("fasil");
    const panel = fasil.page.locator(".case-panel");
    await panel.getByText("Atur musyawarah").click();
    await panel.getByLabel("Kuorum (jumlah pemilih minimum)").fill("3");
    await panel.getByLabel("Pemungutan suara dibuka").fill(localInput(new Date(Date.now() + 3600_000)));
    await panel.getByLabel("Pemungutan suara ditutup").fill(localInput(new Date(Date.now() + 3 * 86_400_000)));
    await panel.getByLabel("Ringkasan fasilitator").fill("Warga sepakat lubang harus segera ditutup; pilihannya tiga.");
    await panel.getByRole("button", { name: "Simpan pengaturan" }).click();
    await fasil.page.getByText("Pengaturan musyawarah disimpan.").waitFor();
    await fasil.page.getByRole("button", { name: "Buka pemungutan suara sekarang" }).click();
    await fasil.page.getByText("Pemungutan suara sedang berlangsung").waitFor();
    await fasil.page.locator(".steps").scrollIntoViewIfNeeded();
    await fasil.page.screenshot({ path: shot("co-decision-01-voting-open") });

    const votes: Record<string, Record<string, string>> = {
      siti: { "Tambal dengan aspal dingin": "Dukung", "Aspal ulang seluruh ruas": "Tolak" },
      budi: { "Tambal dengan aspal dingin": "Dukung", "Aspal ulang seluruh ruas": "Dukung" },
      ani: { "Tambal dengan aspal dingin": "Dukung", "Pasang rambu saja dulu": "Dukung" },
      dewi: { "Aspal ulang seluruh ruas": "Tolak", "Pasang rambu saja dulu": "Tolak" },
    };
    const receipts: string[] = [];
    for (const [name, ballot] of Object.entries(votes)) {
      const citizen = await signedIn(name);
      for (const [proposal, stance] of Object.entries(ballot)) {
        await citizen.page.getByRole("group", { name: proposal }).getByLabel(stance).check();
      }
      await citizen.page.getByRole("button", { name: "Kirim suara" }).click();
      const note = citizen.page.getByText("Tanda terima suara Anda:").first();
      await note.waitFor();
      receipts.push(/([0-9a-f]{24})/.exec((await note.textContent()) ?? "")![1]!);
      if (name === "siti") await citizen.page.screenshot({ path: shot("co-decision-02-ballot"), fullPage: true });
      expect(citizen.errors).toEqual([]);
      await citizen.context.close();
    }

    await fasil.page.reload();
    await fasil.page.getByRole("button", { name: "Tutup pemungutan suara dan hitung" }).click();
    await fasil.page.getByText("Mufakat: usulan ini paling didukung di semua kelompok").waitFor();
    await fasil.page.locator(".tally tr.winner", { hasText: "Tambal dengan aspal dingin" }).waitFor();
    await fasil.page.getByText(/Tanda terima yang dihitung \(4\)/).click();
    for (const r of receipts) await fasil.page.locator(".receipts code", { hasText: r }).waitFor();
    await fasil.page.locator(".tally").scrollIntoViewIfNeeded();
    await fasil.page.screenshot({ path: shot("co-decision-03-tally") });

    const petugas = await signedIn("petugas");
    await petugas.page.goto(`${app.url}/instansi`);
    await petugas.page.getByText("Usulan warga: Tambal dengan aspal dingin").waitFor();
    await petugas.page.screenshot({ path: shot("co-decision-04-agency-desk"), fullPage: true });
    await petugas.page.getByRole("link", { name: "Buka kasus" }).first().click();
    // The structured reply: accepted, with its cost, the month it will be done by and the responsible unit.
    await petugas.page.getByLabel("Terima", { exact: true }).check();
    await petugas.page.locator("#r-cost").fill("25.000.000");
    await petugas.page.locator("#r-period").fill(monthsAhead(2));
    await petugas.page.locator("#r-unit").fill("Suku Dinas Bina Marga Jakarta Selatan");
    await petugas.page.getByRole("button", { name: "Kirim jawaban" }).click();
    await petugas.page.getByRole("heading", { name: "Jawaban instansi: Diterima" }).waitFor();
    expect(await petugas.page.locator(".report-head .badge, .report-head [class*=status]").first().textContent()).toMatch(/Diproses/);

    await fasil.page.reload();
    await fasil.page.getByLabel("Kegiatan").fill("Kerja bakti menimbun lubang sementara");
    await fasil.page.getByLabel("Waktu").fill("Sabtu 07.00");
    await fasil.page.getByRole("button", { name: "Tambahkan kegiatan" }).click();
    await fasil.page.getByRole("button", { name: "Mulai aksi bersama" }).click();
    await fasil.page.getByText("Aksi bersama sedang berjalan").waitFor();

    for (const name of ["siti", "budi"]) {
      const citizen = await signedIn(name);
      await citizen.page.getByRole("button", { name: "Saya ikut" }).click();
      await citizen.page.getByRole("button", { name: "Batal ikut" }).waitFor();
      await citizen.context.close();
    }
    await petugas.page.reload();
    await petugas.page.getByText(/2 orang ikut/).waitFor();
    await petugas.page.getByRole("link", { name: "Tambahkan perkembangan dan foto bukti" }).click();
    // The accepted solution is a result: the entry moves it to done (100 %).
    await petugas.page.getByRole("heading", { name: "Tambahkan perkembangan dan foto bukti" }).waitFor();
    await petugas.page.getByLabel("Status hasil").selectOption("selesai");
    await petugas.page.getByLabel("Catatan perkembangan").fill("Lubang sudah ditambal dengan aspal dingin.");
    const proof = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#5a5a5a" } }).jpeg().toBuffer();
    await petugas.page.getByLabel("Foto bukti (opsional)").setInputFiles({ name: "bukti.jpg", mimeType: "image/jpeg", buffer: proof });
    await petugas.page.getByRole("button", { name: "Tambahkan perkembangan" }).click();
    await petugas.page.getByText("Tahap kasus diperbarui.").waitFor();
    // The worker re-encodes the proof photo; it then shows under the progress note.
    await waitFor(async () => {
      await petugas.page.reload();
      return (await petugas.page.getByAltText("Foto bukti pengerjaan 1").count()) > 0;
    }, 20_000);
    expect(await petugas.page.locator(".result .progress-line").first().textContent()).toMatch(/100 % · Selesai/);
    await petugas.page.getByRole("button", { name: "Tandai selesai" }).click();
    await petugas.page.getByText("Kasus selesai.").waitFor();

    const siti = await signedIn("siti");
    await siti.page.getByLabel("4", { exact: true }).check();
    await siti.page.getByLabel("Komentar (opsional)").fill("Cepat, terima kasih.");
    await siti.page.getByRole("button", { name: "Kirim penilaian" }).click();
    await siti.page.getByText("Penilaian warga: 4 dari 5 (1 penilaian)").waitFor();
    expect(await siti.page.locator(".report-head").textContent()).toMatch(/Selesai/);
    await siti.page.locator(".case-panel").screenshot({ path: shot("co-decision-05-done") });
    for (const c of [fasil, petugas, siti]) expect(c.errors).toEqual([]);
    expect((await db.report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("selesai");
    await Promise.all([fasil.context.close(), petugas.context.close(), siti.context.close()]);
  });
});
