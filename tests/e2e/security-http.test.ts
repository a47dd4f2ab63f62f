import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createHostSystem } from "~/services/host-systems.server";
import { fileReport } from "~/services/reports.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";
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

  it("refuses an account's 11th attempt after ten failures, saying how many minutes to wait", async () => {
    const client = new HttpClient(app.url);
    const email = "coba-coba@contoh.id";
    const statuses: number[] = [];
    let last = { status: 0, html: "", res: new Response() };
    for (let i = 0; i < 11; i++) {
      const csrf = await client.csrfToken("/masuk");
      last = await client.post("/masuk", { csrf, email, password: "salah-salah-salah" });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    expect(last.html).toContain("Coba lagi dalam 15 menit.");
    expect(last.html).not.toMatch(/dalam\s+menit/);
    expect(Number(last.res.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
  });

  it("never counts successful log-ins: sixty from one busy address all succeed", async () => {
    // A carrier-grade NAT puts many phones behind one address; their log-ins must not lock each other out.
    for (let i = 0; i < 60; i++) {
      const client = new HttpClient(app.url);
      const csrf = await client.csrfToken("/masuk");
      const res = await client.post("/masuk", { csrf, email: warga.email, password: PASSWORD });
      expect(res.status, `log-in ${i + 1}`).toBe(302);
    }
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
    const hostile = ["//evil.example/steal", "https://evil.example", "/\\evil.example", "/\t/evil.example", "/%09/evil.example", "/\x0b", "/\x0b/evil.example", "/\r\n/evil.example", "/.//evil.example"];
    for (const target of hostile) {
      const client = new HttpClient(app.url);
      const csrf = await client.csrfToken("/masuk");
      const res = await client.post("/masuk", { csrf, email: warga.email, password: PASSWORD, kembali: target });
      expect(res.status, JSON.stringify(target)).toBe(302);
      expect(res.res.headers.get("location"), JSON.stringify(target)).toBe("/");
    }
    const client = new HttpClient(app.url);
    const csrf = await client.csrfToken("/masuk");
    const ok = await client.post("/masuk", { csrf, email: warga.email, password: PASSWORD, kembali: "/laporan/baru" });
    expect(ok.res.headers.get("location")).toBe("/laporan/baru");
  });

  it("log-in without a page to return to opens the role's own desk (the officer's is /instansi, not /)", async () => {
    const agencyId = (await db.agency.findFirstOrThrow({ where: { kind: "skpd" }, select: { id: true } })).id;
    const petugas = await createUser("petugas", { agencyId });
    const dprd = await createUser("dprd");
    const fasilitator = await createUser("fasilitator");
    const landing: Record<string, string | null> = {};
    for (const [role, user, kembali] of [
      ["petugas", petugas, undefined], ["petugas (kembali=/)", petugas, "/"], ["dprd", dprd, undefined], ["fasilitator", fasilitator, ""],
      ["admin", admin, undefined], ["warga", warga, undefined], ["petugas (kembali=/laporan/baru)", petugas, "/laporan/baru"],
    ] as const) {
      const client = new HttpClient(app.url);
      const csrf = await client.csrfToken("/masuk");
      const res = await client.post("/masuk", { csrf, email: user.email, password: PASSWORD, ...(kembali === undefined ? {} : { kembali }) });
      landing[role] = res.res.headers.get("location");
    }
    expect(landing).toEqual({
      petugas: "/instansi", "petugas (kembali=/)": "/instansi", dprd: "/dprd", fasilitator: "/moderasi",
      admin: "/admin", warga: "/", "petugas (kembali=/laporan/baru)": "/laporan/baru",
    });
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

describe("signed-in pages", () => {
  it("are never stored by a shared cache or the browser: Cache-Control private, no-store", async () => {
    const anon = await new HttpClient(app.url).get("/");
    expect(anon.res.headers.get("cache-control") ?? "").not.toContain("private");
    const client = new HttpClient(app.url);
    await client.login(warga.email, PASSWORD);
    const report = await fileReport(warga.id, validReport, []);
    for (const path of ["/", "/laporan/baru", `/laporan/${report.id}`, "/notifikasi", "/dasbor", `/laporan/${report.id}?_data=routes%2Flaporan.%24id`]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      expect(page.res.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });
});

describe("malformed requests answer 4xx, never 500", () => {
  it("a multipart body without its boundary or cut off, to the log-in form and to a new report", async () => {
    const client = new HttpClient(app.url);
    await client.login(warga.email, PASSWORD);
    for (const [path, type, body] of [
      ["/masuk", "multipart/form-data", "garbage"],
      ["/masuk", "multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb'],
      ["/laporan/baru", "multipart/form-data", "garbage"],
      ["/laporan/baru", "multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\n\r\nbytes-without-an-end'],
      ["/laporan/baru", "text/plain", "title=x"],
    ] as const) {
      const res = await fetch(app.url + path, { method: "POST", headers: { "content-type": type, cookie: client.cookieHeader(), origin: app.url }, body, redirect: "manual" });
      expect(res.status, `${path} ${type}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${path} ${type}`).toBeLessThan(500);
    }
  });

  it("a post from a foreign, null or malformed Origin is refused with 403", async () => {
    const client = new HttpClient(app.url);
    const csrf = await client.csrfToken("/masuk");
    for (const origin of ["https://evil.example", "null", "::::", "http://127.0.0.1:1"]) {
      const res = await client.post("/masuk", { csrf, email: warga.email, password: PASSWORD }, { origin });
      expect(res.status, origin).toBe(403);
      expect(res.html).toContain("Formulir kedaluwarsa atau tidak sah");
    }
  });

  it("30 February and far-future dates are refused with a message; a far-future cursor is ignored", async () => {
    const fasilitator = await createUser("fasilitator");
    await db.userRegion.create({ data: { userId: fasilitator.id, regionCode: KECAMATAN } });
    const report = await fileReport(warga.id, { ...validReport, title: "Lampu jalan mati di gang" }, []);
    const client = await HttpClient.signedIn(app.url, fasilitator.id);
    const csrf = await client.csrfToken(`/laporan/${report.id}`);
    const configure = (votingClosesAt: string) =>
      client.post(`/laporan/${report.id}`, {
        csrf, intent: "case.configure", type: "approval", quorum: "3", minSupportPercent: "50", eligibility: "semua", summary: "", agencyOverrideId: "",
        discussionEndsAt: "", votingOpensAt: "2099-01-10T09:00", votingClosesAt,
      });
    const feb30 = await configure("2099-02-30T09:00");
    expect(feb30.status).toBe(422);
    expect(feb30.html).toContain("30 Februari tidak ada");
    const farFuture = await configure("+020000-01-01T10:00:00+07:00");
    expect(farFuture.status).toBe(422);
    expect(farFuture.html).toContain("Tanggal dan jam tidak valid.");
    const year9999 = await configure("9999-12-31T10:00");
    expect(year9999.status).toBe(422);
    expect(year9999.html).toContain("Tanggal harus antara tahun 2000 dan 2100.");
    for (const page of [feb30, farFuture, year9999]) expect(page.html).not.toMatch(/Invalid date|Expected string/);
    expect(await db.deliberation.findUnique({ where: { reportId: report.id }, select: { votingClosesAt: true } }).then((d) => d?.votingClosesAt ?? null)).toBeNull();
    const ok = await configure("2099-03-01T09:00");
    expect(ok.status).toBe(302);

    const citizen = new HttpClient(app.url);
    await citizen.login(warga.email, PASSWORD);
    expect((await citizen.get("/notifikasi?sebelum=%2B275760-09-13T00%3A00%3A00Z")).status).toBe(200);
  });

  it("names and titles made of invisible or direction-reversing characters are refused in Indonesian", async () => {
    const client = new HttpClient(app.url);
    const csrf = await client.csrfToken("/daftar");
    const register = (name: string, email: string) => client.post("/daftar", { csrf, name, email, password: "kata-sandi-panjang", homeKelurahanCode: "3171060003" });
    const invisible = await register("\u200B\u200B\u200B", "tak-terlihat@contoh.id");
    expect(invisible.status).toBe(422);
    expect(invisible.html).toContain("hanya berisi karakter yang tidak terlihat");
    const reversed = await register("Budi \u202Eikat", "terbalik@contoh.id");
    expect(reversed.status).toBe(422);
    expect(reversed.html).toContain("karakter pembalik arah teks");
    expect(await db.user.count({ where: { email: { in: ["tak-terlihat@contoh.id", "terbalik@contoh.id"] } } })).toBe(0);

    const citizen = new HttpClient(app.url);
    await citizen.login(warga.email, PASSWORD);
    const reportCsrf = await citizen.csrfToken("/laporan/baru");
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...report, title: "\u200B\u200C\u200D\u2060\uFEFF\u200B", csrf: reportCsrf })) form.append(k, v);
    const refused = await citizen.post("/laporan/baru", {}, { body: form });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("hanya berisi karakter yang tidak terlihat");
  });
});

/** Resident memory of a process and its children (tsx runs the server as a child), in bytes. */
function treeRss(pid: number): number {
  let kb = 0;
  try {
    kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
  let children: string[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  } catch {
    children = [];
  }
  return kb * 1024 + children.reduce((sum, child) => sum + treeRss(Number(child)), 0);
}

/**
 * POSTs up to `total` bytes as a chunked body, written as fast as the server takes them, and stops when the answer
 * comes. Resolves with the status (or the connection error) and how much was written.
 */
function chunkedPost(url: string, path: string, headers: Record<string, string>, total: number) {
  return new Promise<{ status: number | string; ms: number; sentBytes: number }>((resolve) => {
    const started = Date.now();
    const { hostname, port } = new URL(url);
    const req = httpRequest({ hostname, port, path, method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked", ...headers } });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sentBytes = 0;
    let done = false;
    const finish = (status: number | string) => {
      if (done) return;
      done = true;
      resolve({ status, ms: Date.now() - started, sentBytes });
      req.destroy();
    };
    req.on("response", (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on("error", (error: NodeJS.ErrnoException) => setTimeout(() => finish(error.code ?? "error"), 200));
    const pump = () => {
      while (!done && sentBytes < total) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

describe("request bodies are capped while they stream in", () => {
  const MB = 1024 * 1024;
  beforeAll(async () => {
    await createHostSystem({ slug: "jaki-cap", name: "JAKI (uji batas)" });
  });
  const signatureHeaders = () => ({ "webhook-id": `evt_${Math.random()}`, "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": "v1,bm90LWEtc2lnbmF0dXJl" });

  it("answers a webhook without its signature headers, or of an unknown host, 401 before reading its body", async () => {
    for (const [path, headers] of [
      ["/hooks/reports?host=jaki-cap", {}],
      ["/hooks/reports", signatureHeaders()],
      ["/hooks/reports?host=tidak-ada", signatureHeaders()],
      ["/hooks/reports?host=jaki-cap", { ...signatureHeaders(), "webhook-timestamp": "1000000000" }],
    ] as const) {
      const res = await chunkedPost(app.url, path, headers, 100 * MB);
      expect(res.status, path).toBe(401);
      expect(res.ms, path).toBeLessThan(5000);
      expect(res.sentBytes, path).toBeLessThan(50 * MB);
    }
  });

  it("answers 413 to 100 MB bodies to the webhook, Open311 and the log-in form, quickly and without the memory growing", async () => {
    const before = treeRss(app.webPid);
    expect(before).toBeGreaterThan(0);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(app.webPid))), 25);
    const started = Date.now();
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => chunkedPost(app.url, "/hooks/reports?host=jaki-cap", signatureHeaders(), 100 * MB)),
      chunkedPost(app.url, "/open311/v2/requests.json", {}, 100 * MB),
      chunkedPost(app.url, "/masuk", { "content-type": "application/x-www-form-urlencoded" }, 100 * MB),
    ]);
    clearInterval(sampler);
    for (const r of results) expect(r.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(15_000);
    // Eight 100 MB bodies read whole would take gigabytes; capped at 16 MB each, far less.
    expect(peak - before).toBeLessThan(600 * MB);
    // A declared Content-Length over the limit is refused before a byte is read, and the site keeps serving.
    const declared = await fetch(`${app.url}/masuk`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "x".repeat(64 * 1024) });
    expect(declared.status).toBe(413);
    expect((await fetch(`${app.url}/`)).status).toBe(200);
  });
});
