import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { launchBrowser, shot, signInBrowser, startApp, type RunningApp } from "../helpers/app";
import { createUser } from "../helpers/fixtures";

// A citizen on a phone: registers, files a report with a photo, and finds it in the filtered list
// and on its own page, with the photo processed by the real worker process.
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // Map tiles are deliberately unreachable in tests.
    if (m.type() === "error" && !/no-tiles|Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

describe("a citizen with JavaScript", () => {
  it("registers, files a report with a photo, and finds it", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "id-ID" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors = await collectErrors(page);

    await page.goto(`${app.url}/daftar`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Nama").fill("Rina Kurniawati");
    await page.getByLabel("Email").fill("rina@contoh.id");
    await page.getByLabel("Kata sandi").fill("kata-sandi-rina-123");
    await page.getByLabel("Kelurahan tempat tinggal").selectOption({ label: "Pulo" });
    await page.screenshot({ path: shot("01-daftar"), fullPage: true });
    await page.getByRole("button", { name: "Daftar" }).click();
    await page.waitForURL(`${app.url}/`);
    await page.locator(".who", { hasText: "Rina Kurniawati · Warga" }).waitFor();

    await page.getByRole("link", { name: "Buat laporan" }).click();
    await page.waitForURL(/\/laporan\/baru$/);
    await page.getByLabel("Kategori").selectOption("banjir");
    await page.getByLabel("Judul").fill("Genangan tidak surut di Jl. Kyai Maja");
    await page.getByLabel("Uraian").fill("Sejak hujan semalam air setinggi betis belum surut. Saluran di depan masjid tersumbat.");
    // A phone-sized photo (noise compresses badly, like a real scene): the browser shrinks it before upload.
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
      .jpeg({ quality: 92 })
      .toBuffer();
    await page.getByLabel("Foto (opsional)").setInputFiles({ name: "genangan.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.getByRole("list", { name: "Foto yang dipilih" }).getByText("→").waitFor();
    await page.getByLabel("Kelurahan", { exact: true }).selectOption({ label: "Pulo" });
    await page.getByLabel("Lintang (latitude)").fill("-6.2440");
    await page.getByLabel("Bujur (longitude)").fill("106.7990");
    await page.screenshot({ path: shot("02-laporan-baru"), fullPage: true });
    await page.getByRole("button", { name: "Kirim laporan" }).click();
    await page.waitForURL(/\/laporan\/[^/]+\?baru=1$/);
    await page.getByRole("heading", { level: 1, name: "Genangan tidak surut di Jl. Kyai Maja" }).waitFor();
    await page.getByText("Laporan Anda sudah tercatat").waitFor();
    const reportUrl = page.url().replace("?baru=1", "");

    // The worker re-encodes the photo; the page shows it once it is ready.
    const report = await db.report.findFirstOrThrow({ where: { title: "Genangan tidak surut di Jl. Kyai Maja" }, select: { id: true } });
    const uploaded = await db.reportPhoto.findFirstOrThrow({ where: { reportId: report.id }, select: { bytes: true } });
    expect(uploaded.bytes).toBeLessThan(photo.length / 2);
    for (let i = 0; i < 100; i++) {
      if (await db.reportPhoto.findFirst({ where: { reportId: report.id, status: "ready" } })) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.goto(reportUrl);
    const img = page.getByRole("img", { name: /Foto 1 dari laporan/ });
    await img.waitFor();
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(360);
    await page.getByText("Pulo, Kebayoran Baru, Kota Jakarta Selatan").waitFor();
    await page.getByText("-6.244000, 106.799000").waitFor();
    await page.getByText("Laporan dibuat oleh Rina Kurniawati").waitFor();
    await page.screenshot({ path: shot("03-halaman-laporan"), fullPage: true });

    // Find it again through the list's filters, chosen in the UI.
    await page.goto(`${app.url}/`);
    await page.waitForLoadState("networkidle");
    await page.getByText("Saring menurut kategori, status, tahap, dan wilayah").click();
    await page.getByLabel("Kategori").selectOption("banjir");
    await page.getByLabel("Kota/Kabupaten").selectOption({ label: "Kota Jakarta Selatan" });
    await page.getByLabel("Kecamatan").selectOption({ label: "Kebayoran Baru" });
    await page.getByLabel("Kelurahan").selectOption({ label: "Pulo" });
    await page.getByLabel("Cari").fill("genangan");
    await page.getByRole("button", { name: "Terapkan" }).last().click();
    await page.waitForURL(/kecamatan=3171060&kelurahan=3171060003/);
    const link = page.getByRole("link", { name: "Genangan tidak surut di Jl. Kyai Maja" });
    await link.waitFor();
    await page.screenshot({ path: shot("04-daftar-tersaring"), fullPage: true });
    await link.click();
    await page.waitForURL(reportUrl);

    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a citizen who lets the phone share its location", () => {
  it("gets the kelurahan of the point suggested, can change it, and cannot file a clear contradiction", async () => {
    const citizen = await createUser();
    const { context, page, errors } = await signInBrowser(browser, app.url, citizen.email, {
      // Pasar Kebayoran Lama, Jakarta Selatan.
      context: { geolocation: { latitude: -6.2396, longitude: 106.7806 }, permissions: ["geolocation"] },
    });
    await page.goto(`${app.url}/laporan/baru`);
    await page.waitForLoadState("networkidle");
    const kelurahan = page.getByLabel("Kelurahan", { exact: true });
    expect(await kelurahan.inputValue()).toBe("");

    await page.getByRole("button", { name: "Pakai lokasi saya" }).click();
    await page.getByText("Kelurahan disarankan dari lokasi Anda").waitFor();
    expect(await kelurahan.inputValue()).toBe("3171050003");
    expect(await kelurahan.locator("option:checked").textContent()).toBe("Kebayoran Lama Utara");
    expect(await page.getByLabel("Lintang (latitude)").inputValue()).toBe("-6.239600");
    expect(await page.getByLabel("Bujur (longitude)").inputValue()).toBe("106.780600");
    await page.screenshot({ path: shot("06-lokasi-saya-kelurahan-disarankan"), fullPage: true });

    // The citizen may choose another kelurahan; one the point clearly contradicts is flagged at once…
    await kelurahan.selectOption({ label: "Pulau Pari" });
    expect(await page.getByText("Kelurahan disarankan dari lokasi Anda").count()).toBe(0);
    await page.getByText("Titik lokasi jauh dari kelurahan yang dipilih, di kota lain.").waitFor();
    await page.getByLabel("Kategori").selectOption("sampah");
    await page.getByLabel("Judul").fill("Sampah menumpuk di depan Pasar Kebayoran Lama");
    await page.getByLabel("Uraian").fill("Tumpukan sampah pasar belum diangkut sejak kemarin pagi.");
    // …and refused by the server, keeping what was typed.
    await page.getByRole("button", { name: "Kirim laporan" }).click();
    await page.getByRole("alert").getByText("Titik lokasi jauh dari kelurahan yang dipilih, di kota lain.").waitFor();
    expect(await page.getByLabel("Judul").inputValue()).toBe("Sampah menumpuk di depan Pasar Kebayoran Lama");
    expect(await kelurahan.inputValue()).toBe("3101010002");

    // A neighbouring kelurahan in the same kecamatan is the citizen's call.
    await kelurahan.selectOption({ label: "Cipulir" });
    await page.getByRole("button", { name: "Kirim laporan" }).click();
    await page.waitForURL(/\/laporan\/[^/]+\?baru=1$/);
    await page.getByText("Cipulir, Kebayoran Lama").first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a citizen without JavaScript", () => {
  it("gets clear errors that keep what was typed, then files a report", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${app.url}/masuk`);
    await page.getByLabel("Email").fill("rina@contoh.id");
    await page.getByLabel("Kata sandi").fill("kata-sandi-salah");
    await page.getByRole("button", { name: "Masuk" }).last().click();
    await page.getByText("Email atau kata sandi salah.").waitFor();

    await page.getByLabel("Kata sandi").fill("kata-sandi-rina-123");
    await page.getByRole("button", { name: "Masuk" }).last().click();
    await page.waitForURL(`${app.url}/`);

    await page.goto(`${app.url}/laporan/baru`);
    await page.getByLabel("Kategori").selectOption("sampah");
    await page.getByLabel("Judul").fill("Sampah menumpuk di Gang Kelinci");
    await page.getByLabel("Uraian").fill("Sudah lima hari belum diangkut, baunya menyengat.");
    await page.getByLabel("Kelurahan", { exact: true }).selectOption({ label: "Pulo" });
    await page.getByLabel("Lintang (latitude)").fill("-6.9175"); // Bandung: outside Jakarta
    await page.getByLabel("Bujur (longitude)").fill("107.6191");
    await page.getByRole("button", { name: "Kirim laporan" }).click();
    await page.getByText("Koordinat berada di luar wilayah DKI Jakarta.").first().waitFor();
    expect(await page.getByLabel("Judul").inputValue()).toBe("Sampah menumpuk di Gang Kelinci");
    await page.screenshot({ path: shot("05-tanpa-js-galat"), fullPage: true });

    await page.getByLabel("Lintang (latitude)").fill("-6.2440");
    await page.getByLabel("Bujur (longitude)").fill("106.7990");
    await page.getByRole("button", { name: "Kirim laporan" }).click();
    await page.waitForURL(/\/laporan\/[^/]+\?baru=1$/);
    await page.getByText("Pulo, Kebayoran Baru").first().waitFor();
    await context.close();
  });
});
