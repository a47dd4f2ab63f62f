import type { Browser, Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { setAgencyWebhook } from "~/services/agency-push.server";
import { createHostSystem, setHostWebhook } from "~/services/host-systems.server";
import { launchBrowser, localInput, shot, signInBrowser, startApp, typeInEditor, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, KELURAHAN, KOTA, monthsAhead, waitFor } from "../helpers/fixtures";
import { TinyHostApp } from "../helpers/host-app";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

// The whole story, every role in its own browser: a report arrives from a host system, citizens comment and
// propose, the fasilitator sets the phases, citizens vote, the tally reaches mufakat, the agency receives the
// signed push and answers, citizens sign up for the joint action, the case closes green, and a DPRD member
// reviews and exports the dossier. Screenshots of each step go to test-artifacts/story-*.png.
let app: RunningApp;
let browser: Browser;
let host: TinyHostApp;
let agency: Awaited<ReturnType<typeof startWebhookReceiver>>;
let agencySecret = "";
const who: Record<string, { id: string; email: string }> = {};

beforeAll(async () => {
  await prepareDatabase();
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" } })).id;
  for (const name of ["siti", "budi", "ani"]) who[name] = await createUser();
  who.fasilitator = await createUser("fasilitator");
  who.petugas = await createUser("petugas", { agencyId: binaMarga });
  who.dprd = await createUser("dprd");
  await db.userRegion.create({ data: { userId: who.fasilitator.id, regionCode: KECAMATAN } });
  await db.userRegion.create({ data: { userId: who.dprd.id, regionCode: KOTA } });
  for (const [name, display] of [["siti", "Siti Rahma"], ["budi", "Budi Santoso"], ["ani", "Ani Wijaya"], ["dprd", "Hj. Nur Aini"]] as const) {
    await db.user.update({ where: { id: who[name]!.id }, data: { name: display } });
  }
  agency = await startWebhookReceiver({ secret: () => agencySecret });
  agencySecret = (await setAgencyWebhook(binaMarga, { url: agency.url })).secret!;
  app = await startApp({ OUTBOX_LEASE_MS: "2000", SWEEP_EVERY_MS: "1000" });
  const system = await createHostSystem({ slug: "jaki", name: "Aplikasi pelaporan kota" });
  host = new TinyHostApp(app.url, "jaki", system.inboundSecret);
  host.useSecret((await setHostWebhook(system.id, { url: await host.listen() })).secret!);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  host?.close();
  await agency?.close();
});

const signedIn = (name: string) => signInBrowser(browser, app.url, who[name]!.email, { timeoutMs: 20_000, context: { acceptDownloads: true } });


describe("the whole story", () => {
  it("goes from a host's report to a green case and a DPRD dossier, every role in its own browser", async () => {
    // 1. The city's reporting app pushes a report.
    const pushed = await host.push("report.upserted", {
      externalId: "JAKI-2026-0042", category: "jalan-rusak", title: "Jalan amblas di depan SDN 07 Pondok Pinang",
      description: "Aspal amblas sedalam 30 cm di lajur kiri; anak-anak sekolah menyeberang di situ setiap pagi.", lat: -6.2445, lng: 106.7801, kelurahan: KELURAHAN,
    });
    expect(pushed.status).toBe(200);
    const reportId: string = pushed.body.result.id;
    const page = (p: Page) => p.goto(`${app.url}/laporan/${reportId}`);

    // 2. Citizens comment and propose.
    const siti = await signedIn("siti");
    await page(siti.page);
    await siti.page.getByText("Jalan amblas di depan SDN 07 Pondok Pinang").first().waitFor();
    await typeInEditor(siti.page, ".comment-form", "Tadi pagi ada motor yang hampir jatuh di sini.");
    await siti.page.getByRole("button", { name: "Kirim komentar" }).click();
    await siti.page.getByText("Komentar terkirim.").waitFor();
    await siti.page.screenshot({ path: shot("story-01-citizen-comments"), fullPage: true });
    const propose = async (citizen: { page: Page }, title: string, text: string) => {
      await citizen.page.goto(`${app.url}/laporan/${reportId}/usulan-baru`);
      await citizen.page.getByLabel("Judul usulan").fill(title);
      await typeInEditor(citizen.page, "form", text);
      await citizen.page.getByLabel("Yang dapat dikerjakan warga sendiri (aksi bersama, opsional)").fill("Kerja bakti Sabtu 07.00");
      await citizen.page.getByRole("button", { name: "Kirim usulan" }).click();
      await citizen.page.getByText("Usulan terkirim.").waitFor();
    };
    await propose(siti, "Tambal permanen dan pasang rambu sekolah", "Tambal dengan aspal panas dan pasang rambu zona sekolah.");
    const budi = await signedIn("budi");
    await propose(budi, "Pasang pelat baja sementara", "Pelat baja sampai anggaran perbaikan tersedia.");

    // 3. The fasilitator sets the rules and opens voting.
    const fasil = await signedIn("fasilitator");
    await page(fasil.page);
    const panel = fasil.page.locator(".case-panel");
    await panel.getByText("Atur musyawarah").click();
    await panel.getByLabel("Kuorum (jumlah pemilih minimum)").fill("3");
    await panel.getByLabel("Pemungutan suara dibuka").fill(localInput(new Date(Date.now() + 3600_000)));
    await panel.getByLabel("Pemungutan suara ditutup").fill(localInput(new Date(Date.now() + 3 * 86_400_000)));
    await panel.getByLabel("Ringkasan fasilitator").fill("Dua pilihan: tambal permanen dengan rambu sekolah, atau pelat sementara.");
    await panel.getByRole("button", { name: "Simpan pengaturan" }).click();
    await fasil.page.getByText("Pengaturan musyawarah disimpan.").waitFor();
    await fasil.page.getByRole("button", { name: "Buka pemungutan suara sekarang" }).click();
    await fasil.page.getByText("Pemungutan suara sedang berlangsung").waitFor();
    await fasil.page.locator(".steps").scrollIntoViewIfNeeded();
    await fasil.page.screenshot({ path: shot("story-02-fasilitator-opens-voting") });
    await waitFor(async () => host.shownUnder.get("JAKI-2026-0042") === "Warga sedang memberi suara", 20_000);

    // 4. Citizens vote.
    const ani = await signedIn("ani");
    for (const [citizen, second] of [[siti, "Tolak"], [budi, "Dukung"], [ani, "Tolak"]] as const) {
      await page(citizen.page);
      await citizen.page.getByRole("group", { name: "Tambal permanen dan pasang rambu sekolah" }).getByLabel("Dukung").check();
      await citizen.page.getByRole("group", { name: "Pasang pelat baja sementara" }).getByLabel(second).check();
      await citizen.page.getByRole("button", { name: "Kirim suara" }).click();
      await citizen.page.getByText("Tanda terima suara Anda:").first().waitFor();
    }
    await ani.page.locator(".case-panel").screenshot({ path: shot("story-03-citizen-voted") });

    // 5. Voting closes: mufakat, and the solution goes to the agency as a signed push.
    await fasil.page.reload();
    await fasil.page.getByRole("button", { name: "Tutup pemungutan suara dan hitung" }).click();
    await fasil.page.getByText("Mufakat: usulan ini paling didukung di semua kelompok").waitFor();
    await fasil.page.locator(".tally").scrollIntoViewIfNeeded();
    await fasil.page.screenshot({ path: shot("story-04-mufakat") });
    if (await fasil.page.getByRole("button", { name: "Kirim ke instansi" }).count()) await fasil.page.getByRole("button", { name: "Kirim ke instansi" }).click();
    const push = await waitFor(async () => agency.received.find((d) => d.body.includes("Tambal permanen dan pasang rambu sekolah")), 30_000);
    expect(push.verified).toBe(true);
    expect(JSON.parse(push.body)).toMatchObject({ data: expect.objectContaining({}) });

    // 6. The agency officer answers from the desk.
    const petugas = await signedIn("petugas");
    await petugas.page.goto(`${app.url}/instansi`);
    await petugas.page.getByText("Usulan warga: Tambal permanen dan pasang rambu sekolah").waitFor();
    await petugas.page.screenshot({ path: shot("story-05-agency-desk"), fullPage: true });
    await petugas.page.getByRole("link", { name: "Buka kasus" }).first().click();
    // The structured reply: accepted, with its cost, the month it will be done by and the responsible unit.
    await petugas.page.getByLabel("Terima", { exact: true }).check();
    await petugas.page.locator("#r-cost").fill("25.000.000");
    await petugas.page.locator("#r-period").fill(monthsAhead(2));
    await petugas.page.locator("#r-unit").fill("Suku Dinas Bina Marga Jakarta Selatan");
    await petugas.page.getByRole("button", { name: "Kirim jawaban" }).click();
    await petugas.page.getByRole("heading", { name: "Jawaban instansi: Diterima" }).waitFor();

    // 7. Joint action: citizens sign up.
    await fasil.page.reload();
    await fasil.page.getByLabel("Kegiatan").fill("Kerja bakti memasang rambu sementara");
    await fasil.page.getByLabel("Waktu").fill("Sabtu 07.00");
    await fasil.page.getByRole("button", { name: "Tambahkan kegiatan" }).click();
    await fasil.page.getByRole("button", { name: "Mulai aksi bersama" }).click();
    await fasil.page.getByText("Aksi bersama sedang berjalan").waitFor();
    for (const citizen of [siti, budi]) {
      await page(citizen.page);
      await citizen.page.getByRole("button", { name: "Saya ikut" }).click();
      await citizen.page.getByRole("button", { name: "Batal ikut" }).waitFor();
    }
    await budi.page.locator(".case-panel").screenshot({ path: shot("story-06-joint-action") });

    // 8. The case closes green.
    await petugas.page.reload();
    await petugas.page.getByText(/2 orang ikut/).waitFor();
    await petugas.page.getByRole("button", { name: "Tandai selesai" }).click();
    await petugas.page.getByText("Kasus selesai.").waitFor();
    await page(siti.page);
    expect(await siti.page.locator(".report-head").textContent()).toMatch(/Selesai/);
    // Green means green: the badge's colour is the status's, not another rule's.
    expect(await siti.page.locator(".report-head .badge").first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(23, 117, 58)");
    await siti.page.screenshot({ path: shot("story-07-green") });
    await waitFor(async () => host.received.some((e) => e.data.phase === "selesai"), 20_000);

    // 9. The DPRD member reviews the dossier, states a position and exports it.
    const dprd = await signedIn("dprd");
    await dprd.page.goto(`${app.url}/dprd`);
    await dprd.page.getByRole("link", { name: /Jalan amblas di depan SDN 07 Pondok Pinang/ }).click();
    await dprd.page.getByText("Dua pilihan: tambal permanen dengan rambu sekolah, atau pelat sementara.").waitFor();
    await dprd.page.getByLabel("Pernyataan publik (tampil di laporan)").check();
    await dprd.page.getByLabel("Isi catatan atau pernyataan").fill("Terima kasih warga dan Dinas Bina Marga; akan saya pantau dalam rapat Komisi D.");
    await dprd.page.getByRole("button", { name: "Simpan" }).click();
    await dprd.page.getByText("Pernyataan publik diterbitkan di halaman laporan.").waitFor();
    await dprd.page.screenshot({ path: shot("story-08-dprd-dossier"), fullPage: true });
    await dprd.page.getByRole("button", { name: "Ekspor PDF untuk rapat" }).click();
    const link = dprd.page.getByRole("link", { name: /Unduh PDF/ });
    await link.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([dprd.page.waitForEvent("download"), link.click()]);
    const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    for (const expected of ["Jalan amblas di depan SDN 07 Pondok Pinang", "Tambal permanen dan pasang rambu sekolah", "Dinas Bina Marga", "Diterima", "Kerja bakti memasang rambu sementara", "akan saya pantau dalam rapat Komisi D"]) {
      expect(text).toContain(expected);
    }
    await page(siti.page);
    await siti.page.locator(".dprd-response").getByText("akan saya pantau dalam rapat Komisi D").waitFor();

    for (const c of [siti, budi, ani, fasil, petugas, dprd]) expect(c.errors).toEqual([]);
    expect(host.rejected).toEqual([]);
    await Promise.all([siti, budi, ani, fasil, petugas, dprd].map((c) => c.context.close()));
    // Six browsers and every step of a case: about 30 s on a quiet machine, twice that under a neighbour's load.
  }, 150_000);
});
