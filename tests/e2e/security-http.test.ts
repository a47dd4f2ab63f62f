import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser } from "../helpers/fixtures";
import { HttpClient } from "../helpers/http-client";

// The running web server, over HTTP: CSRF, roles, sessions, rate limits, headers and language.
let app: RunningApp;
let warga: { id: string; email: string };
let admin: { id: string; email: string };
const PASSWORD = "kata-sandi-rahasia"; // fixtures' password

beforeAll(async () => {
  app = await startApp();
  warga = await createUser("warga");
  admin = await createUser("admin");
});
afterAll(() => app?.stop());

const report = {
  categorySlug: "sampah",
  title: "Sampah menumpuk di depan pasar",
  description: "Sudah tiga hari tidak diangkut warga kesulitan lewat.",
  kelurahanCode: "3171060003",
  lat: "-6.24",
  lng: "106.80",
};

describe("forms are protected against cross-site requests", () => {
  it("refuses a post with a forged token, changing nothing", async () => {
    const client = new HttpClient(app.url);
    await client.login(warga.email, PASSWORD);
    await client.get("/laporan/baru");
    const before = await db.report.count();
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...report, csrf: "forged-token" })) form.append(k, v);
    const res = await client.post("/laporan/baru", {}, { body: form });
    expect(res.status).toBe(403);
    expect(res.html).toContain("Formulir kedaluwarsa atau tidak sah");
    expect(await db.report.count()).toBe(before);
  });

  it("refuses a post from another origin even with a valid token", async () => {
    const client = new HttpClient(app.url);
    const csrf = await client.csrfToken("/daftar");
    const res = await client.post(
      "/daftar",
      { csrf, name: "Penyusup", email: "penyusup@contoh.id", password: "kata-sandi-panjang", homeKelurahanCode: "3171060003" },
      { origin: "https://evil.example" },
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await db.user.count({ where: { email: "penyusup@contoh.id" } })).toBe(0);
  });

  it("accepts the same post with the page's own token", async () => {
    const client = new HttpClient(app.url);
    await client.login(warga.email, PASSWORD);
    const csrf = await client.csrfToken("/laporan/baru");
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...report, csrf })) form.append(k, v);
    const res = await client.post("/laporan/baru", {}, { body: form });
    expect(res.status).toBe(302);
    expect(res.res.headers.get("location")).toMatch(/^\/laporan\/[^/]+\?baru=1$/);
  });
});

describe("roles are checked on the server", () => {
  it("sends anonymous visitors to log in, and refuses a citizen the admin pages with 403", async () => {
    const anon = new HttpClient(app.url);
    const res = await anon.get("/laporan/baru");
    expect(res.status).toBe(302);
    expect(res.res.headers.get("location")).toBe("/masuk?kembali=%2Flaporan%2Fbaru");

    const citizen = new HttpClient(app.url);
    await citizen.login(warga.email, PASSWORD);
    for (const path of ["/admin/pengguna", "/admin/instansi", "/admin/kategori", `/admin/pengguna/${warga.id}`]) {
      const page = await citizen.get(path);
      expect(page.status, path).toBe(403);
      expect(page.html).toContain("Anda tidak berwenang melakukan tindakan ini.");
    }
    // Posting straight to an admin action is refused too, and the role stays.
    const csrf = await citizen.csrfToken("/");
    const post = await citizen.post(`/admin/pengguna/${warga.id}`, { csrf, role: "admin" });
    expect(post.status).toBe(403);
    expect((await db.user.findUniqueOrThrow({ where: { id: warga.id }, select: { role: true } })).role).toBe("warga");
  });

  it("lets an admin make a citizen a petugas of an agency", async () => {
    const client = new HttpClient(app.url);
    await client.login(admin.email, PASSWORD);
    const target = await createUser("warga");
    const agency = await db.agency.findUniqueOrThrow({ where: { name: "Dinas Sumber Daya Air" }, select: { id: true } });
    const csrf = await client.csrfToken(`/admin/pengguna/${target.id}`);
    const res = await client.post(`/admin/pengguna/${target.id}`, { csrf, role: "petugas", agencyId: agency.id });
    expect(res.status).toBe(302);
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id }, select: { role: true, agencyId: true } })).toEqual({
      role: "petugas",
      agencyId: agency.id,
    });
  });
});

describe("sessions", () => {
  it("are httpOnly SameSite cookies, renewed at log-in, and gone after log-out", async () => {
    const client = new HttpClient(app.url);
    const csrf = await client.csrfToken("/masuk");
    const res = await client.post("/masuk", { csrf, email: warga.email, password: PASSWORD });
    const setCookie = res.res.headers.getSetCookie().find((c) => c.startsWith("msy_session="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const first = client.cookie("msy_session");

    // Logging in again (e.g. with a planted cookie) issues a different session id.
    const csrf2 = await client.csrfToken("/");
    await client.post("/masuk", { csrf: csrf2, email: warga.email, password: PASSWORD });
    expect(client.cookie("msy_session")).not.toBe(first);
    // …and the earlier id is dead: someone who planted or stole it is not signed in.
    const planted = new HttpClient(app.url);
    planted.setCookie("msy_session", first!);
    expect((await planted.get("/laporan/baru")).status).toBe(302);

    const csrf3 = await client.csrfToken("/");
    await client.post("/keluar", { csrf: csrf3 });
    expect(client.cookie("msy_session")).toBeUndefined();
    expect((await client.get("/laporan/baru")).status).toBe(302);
  });

  it("a wrong password says so without saying which part was wrong, in the user's language", async () => {
    const client = new HttpClient(app.url);
    const csrf = await client.csrfToken("/masuk");
    const res = await client.post("/masuk", { csrf, email: warga.email, password: "salah-sekali-ini" });
    expect(res.status).toBe(401);
    expect(res.html).toContain("Email atau kata sandi salah.");

    const en = new HttpClient(app.url);
    await en.get("/?lng=en");
    const csrfEn = await en.csrfToken("/masuk");
    const resEn = await en.post("/masuk", { csrf: csrfEn, email: "nobody@contoh.id", password: "whatever-long" });
    expect(resEn.status).toBe(401);
    expect(resEn.html).toContain("Wrong email or password.");
  });

  it("rate-limits log-in attempts for one address and email", async () => {
    const client = new HttpClient(app.url);
    const email = "coba-coba@contoh.id";
    let last = 0;
    for (let i = 0; i < 11; i++) {
      const csrf = await client.csrfToken("/masuk");
      last = (await client.post("/masuk", { csrf, email, password: "salah-salah-salah" })).status;
    }
    expect(last).toBe(429);
  });
});

describe("user text", () => {
  it("is escaped wherever it is shown: list, report page and title", async () => {
    const client = new HttpClient(app.url);
    await client.login(warga.email, PASSWORD);
    const csrf = await client.csrfToken("/laporan/baru");
    const form = new FormData();
    const evil = {
      ...report,
      title: `<script>alert("x")</script><img src=x onerror=alert(1)>`,
      description: `</p><iframe src="javascript:alert(1)"></iframe> "quoted" & more`,
    };
    for (const [k, v] of Object.entries({ ...evil, csrf })) form.append(k, v);
    const res = await client.post("/laporan/baru", {}, { body: form });
    expect(res.status).toBe(302);
    const page = await client.get(res.res.headers.get("location")!.replace("?baru=1", ""));
    const list = await client.get("/?q=onerror");
    for (const html of [page.html, list.html]) {
      expect(html).not.toContain('<script>alert("x")</script>');
      expect(html).not.toContain("<img src=x onerror");
      expect(html).not.toContain('<iframe src="javascript');
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    }
    expect(page.html).toContain("<title>&lt;script&gt;");
  });

  it("log-in only returns to a path on this site", async () => {
    for (const target of ["//evil.example/steal", "https://evil.example", "/\\evil.example"]) {
      const client = new HttpClient(app.url);
      const csrf = await client.csrfToken("/masuk");
      const res = await client.post("/masuk", { csrf, email: warga.email, password: PASSWORD, kembali: target });
      expect(res.status).toBe(302);
      expect(res.res.headers.get("location")).toBe("/");
    }
    const client = new HttpClient(app.url);
    const csrf = await client.csrfToken("/masuk");
    const ok = await client.post("/masuk", { csrf, email: warga.email, password: PASSWORD, kembali: "/laporan/baru" });
    expect(ok.res.headers.get("location")).toBe("/laporan/baru");
  });
});

describe("pages", () => {
  it("send security headers with a nonce-based CSP and no inline script without it", async () => {
    const { res, html } = await new HttpClient(app.url).get("/");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // Production (as here) asks browsers for HTTPS only; pages other than the embed are never framed elsewhere.
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
    const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("speak Indonesian by default and English on request, with times in WIB", async () => {
    const id = await new HttpClient(app.url).get("/");
    expect(id.html).toContain('<html lang="id"');
    expect(id.html).toContain("Laporan warga");
    const client = new HttpClient(app.url);
    const en = await client.get("/?lng=en");
    expect(en.html).toContain('<html lang="en"');
    expect(en.html).toContain("Citizen reports");
    expect(en.html).toContain("<title>Citizen reports — Musyawarah</title>");
    expect(id.html).toContain("<title>Laporan warga — Musyawarah</title>");
    expect((await client.get("/")).html).toContain("Citizen reports"); // remembered
  });

  it("answer an unknown report with a 404 page in Indonesian", async () => {
    const res = await new HttpClient(app.url).get("/laporan/tidak-ada");
    expect(res.status).toBe(404);
    expect(res.html).toContain("Laporan tidak ditemukan.");
  });

  it("never serve originals waiting for the worker", async () => {
    const res = await new HttpClient(app.url).get("/uploads/originals/anything");
    expect(res.status).not.toBe(200);
  });
});
