import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import sharp from "sharp";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { configureCase } from "~/services/cases/case-setup.server";
import { createApiToken, createHostSystem, revokeApiToken, setHostWebhook } from "~/services/host-systems.server";
import type { AppRouter } from "~/trpc/router.server";
import { launchBrowser, shot, startApp, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, KELURAHAN, waitFor } from "../helpers/fixtures";

// The host system's side of the plugin, over real HTTP: a real @trpc/client with API tokens, signed pushes to
// /hooks/reports, photos fetched from a local photo host, and the signed webhooks the host receives back.
let app: RunningApp;
let photoHost: Server;
let photoBase: string;
let hostReceiver: Server;
const hostInbox: { type: string; body: { type: string; data: { report: { externalId: string; status: string }; phase: string | null; label: { id: string } | null } }; verified: boolean }[] = [];
let host: { id: string; slug: string; inboundSecret: string };
let outboundSecret = "";
let writer: string;
let reader: string;
const jpeg = sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 120, b: 200 } } }).jpeg().toBuffer();

const clientWith = (token: string | null) =>
  createTRPCClient<AppRouter>({ links: [httpLink({ url: `${app.url}/api/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })] });

async function trpcError(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    if (error instanceof TRPCClientError) return { code: error.data?.code as string, messageKey: error.data?.messageKey as string, fields: error.data?.fields as Record<string, string> };
    throw error;
  }
  throw new Error("expected an error");
}

const report = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId, category: "jalan-rusak", title: "Jalan amblas di Jl. Ciputat Raya", description: "Aspal amblas selebar dua meter, motor terperosok.", lat: -6.244, lng: 106.8, kelurahan: KELURAHAN, ...extra,
});

beforeAll(async () => {
  photoHost = createServer(async (req, res) => {
    if (req.url === "/foto/jalan.jpg") res.writeHead(200, { "content-type": "image/jpeg" }).end(await jpeg);
    else if (req.url === "/foto/bukan-gambar.jpg") res.writeHead(200).end("<html>bukan gambar</html>");
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => photoHost.listen(0, "127.0.0.1", r));
  photoBase = `http://127.0.0.1:${(photoHost.address() as AddressInfo).port}`;
  hostReceiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      let verified = false;
      try {
        new Webhook(outboundSecret).verify(raw, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const body = JSON.parse(raw);
      hostInbox.push({ type: body.type, body, verified });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hostReceiver.listen(0, "127.0.0.1", r));

  host = await createHostSystem({ slug: "jaki", name: "JAKI (aplikasi warga)" });
  outboundSecret = (await setHostWebhook(host.id, { url: `http://127.0.0.1:${(hostReceiver.address() as AddressInfo).port}/musyawarah` })).secret!;
  writer = (await createApiToken(host.id, { name: "Server JAKI", scopes: ["read", "write:reports", "read:outcomes"] })).token;
  reader = (await createApiToken(host.id, { name: "Dasbor", scopes: ["read"] })).token;
  // Behind a trusted proxy (loopback), so tests can speak from other addresses with X-Forwarded-For.
  app = await startApp({ TRUST_PROXY: "loopback" });
});

afterAll(async () => {
  await app?.stop();
  photoHost?.close();
  hostReceiver?.close();
});

describe("API tokens", () => {
  it("refuses calls without a valid token, with a revoked token, or beyond the token's scopes", async () => {
    expect(await trpcError(clientWith(null).host.changes.query({}))).toMatchObject({ code: "UNAUTHORIZED", messageKey: "errors.token_invalid" });
    expect(await trpcError(clientWith("msy_not-a-token").host.changes.query({}))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await trpcError(clientWith(reader).host.reports.upsert.mutate(report("X-1")))).toMatchObject({ code: "FORBIDDEN", messageKey: "errors.token_scope" });
    expect(await trpcError(clientWith(reader).host.reports.outcome.query({ externalId: "X-1" }))).toMatchObject({ code: "FORBIDDEN" });
    const doomed = (await createApiToken(host.id, { name: "Sementara", scopes: ["read"] })).token;
    await clientWith(doomed).host.changes.query({});
    const row = await db.apiToken.findFirstOrThrow({ where: { name: "Sementara" } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.hash).not.toContain(doomed.slice(4)); // only a hash is stored
    await revokeApiToken(row.id);
    expect(await trpcError(clientWith(doomed).host.changes.query({}))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("limits each token to 600 calls a minute, without touching other tokens", async () => {
    const busy = (await createApiToken(host.id, { name: "Sibuk", scopes: ["read"] })).token;
    const busyId = (await db.apiToken.findFirstOrThrow({ where: { name: "Sibuk" } })).id;
    const { consume } = await import("~/services/rate-limit.server");
    const { redis } = await import("~/services/redis.server");
    // The shared counter is in Redis: wait for the connection (before it, the limiter falls back to memory).
    if (redis().status !== "ready") await new Promise((r) => redis().once("ready", r));
    // 599 calls' worth counted directly in the shared Redis counter, then the real 600th and 601st over HTTP.
    for (let i = 0; i < 599; i++) await consume("api", busyId);
    await clientWith(busy).host.changes.query({});
    expect(await trpcError(clientWith(busy).host.changes.query({}))).toMatchObject({ code: "TOO_MANY_REQUESTS", messageKey: "errors.rate_limited" });
    await clientWith(reader).host.changes.query({});
  });
});

describe("reports from the host", () => {
  it("upserts by external id with photos by URL and inline, once, and updates what changed", async () => {
    const api = clientWith(writer);
    const inline = (await jpeg).toString("base64");
    const first = await api.host.reports.upsert.mutate(report("JAKI-1001", { photos: [{ url: `${photoBase}/foto/jalan.jpg` }, { base64: inline }] }));
    expect(first).toMatchObject({ created: true, changed: true, status: "menunggu" });
    expect(first.url).toContain(`/laporan/${first.id}`);
    const again = await api.host.reports.upsert.mutate(report("JAKI-1001", { photos: [{ url: `${photoBase}/foto/jalan.jpg` }] }));
    expect(again).toMatchObject({ id: first.id, created: false, changed: false });
    expect(await db.reportPhoto.count({ where: { reportId: first.id } })).toBe(2);
    await waitFor(async () => (await db.reportPhoto.count({ where: { reportId: first.id, status: "ready" } })) === 2, 30_000);

    const edited = await api.host.reports.upsert.mutate(report("JAKI-1001", { title: "Jalan amblas makin lebar di Jl. Ciputat Raya" }));
    expect(edited).toMatchObject({ id: first.id, created: false, changed: true });
    const stored = await db.report.findUniqueOrThrow({ where: { id: first.id }, include: { events: true } });
    expect(stored).toMatchObject({ source: "host", hostSystem: "jaki", externalId: "JAKI-1001", title: "Jalan amblas makin lebar di Jl. Ciputat Raya" });
    expect(stored.events.map((e) => e.type)).toEqual(["report.imported", "report.updated"]);
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    const api = clientWith(writer);
    const before = await db.report.count();
    expect(await trpcError(api.host.reports.upsert.mutate(report("JAKI-2", { category: "tidak-ada" })))).toMatchObject({ code: "UNPROCESSABLE_CONTENT", fields: { categorySlug: "errors.category_unknown" } });
    expect(await trpcError(api.host.reports.upsert.mutate(report("JAKI-2", { kelurahan: "9999999999" })))).toMatchObject({ fields: { kelurahanCode: "errors.kelurahan_unknown" } });
    expect(await trpcError(api.host.reports.upsert.mutate(report("", {})))).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect(await trpcError(api.host.reports.upsert.mutate(report("JAKI-2", { photos: [{ url: `${photoBase}/foto/hilang.jpg` }] })))).toMatchObject({ fields: { photos: "errors.photo_download" } });
    expect(await trpcError(api.host.reports.upsert.mutate(report("JAKI-2", { photos: [{ url: `${photoBase}/foto/bukan-gambar.jpg` }] })))).toMatchObject({ fields: { photos: "errors.photo_type" } });
    expect(await trpcError(api.host.reports.upsert.mutate(report("JAKI-2", { photos: [{ url: "file:///etc/passwd" }] })))).toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect(await db.report.count()).toBe(before);
    expect(await trpcError(api.host.reports.setStatus.mutate({ externalId: "JAKI-1001", status: "hijau" }))).toMatchObject({ fields: { status: "errors.status_unknown" } });
    expect(await trpcError(api.host.reports.setStatus.mutate({ externalId: "TIDAK-ADA", status: "diproses" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("moves the status, tells the host of phase and status changes by signed webhook, and serves deliberation, outcome and changes", async () => {
    const api = clientWith(writer);
    const moved = await api.host.reports.setStatus.mutate({ externalId: "JAKI-1001", status: "diproses", note: "Diteruskan ke Suku Dinas." });
    expect(moved).toMatchObject({ status: "diproses", changed: true });
    await waitFor(async () => hostInbox.some((m) => m.type === "report.status_changed"), 20_000);

    // A fasilitator opens the deliberation on it: the host hears "warga sedang bermusyawarah".
    const reportId = (await db.report.findFirstOrThrow({ where: { externalId: "JAKI-1001" } })).id;
    const fasil: Actor = { ...(await createUser("fasilitator")), role: "fasilitator", agencyId: null, regionCodes: [KECAMATAN] };
    const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    await configureCase(fasil, reportId, { type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua", votingOpensAt: at(24), votingClosesAt: at(72) });
    const phase = await waitFor(async () => hostInbox.find((m) => m.type === "case.phase_changed"), 20_000);
    expect(phase.verified).toBe(true);
    expect(phase.body.data).toMatchObject({ report: { externalId: "JAKI-1001", status: "diproses" }, phase: "musyawarah", label: { id: "Warga sedang bermusyawarah" } });
    expect(hostInbox.every((m) => m.verified)).toBe(true);

    const deliberation = await clientWith(reader).host.reports.deliberation.query({ externalId: "JAKI-1001" });
    expect(deliberation).toMatchObject({ phase: "musyawarah", report: { externalId: "JAKI-1001", status: "diproses" } });
    const outcome = await api.host.reports.outcome.query({ externalId: "JAKI-1001" });
    expect(outcome).toMatchObject({ phase: "musyawarah", tally: null, solution: null });

    const page1 = await clientWith(reader).host.changes.query({});
    expect(page1.changes.map((c) => c.type)).toEqual(["report.imported", "report.updated", "report.status_changed", "case.opened", "case.configured"]);
    const page2 = await clientWith(reader).host.changes.query({ cursor: page1.next });
    expect(page2.changes).toEqual([]);
    expect(page2.next).toBe(page1.next);
    expect(await trpcError(clientWith(reader).host.changes.query({ cursor: "sampah" }))).toMatchObject({ fields: { cursor: "errors.cursor_invalid" } });
  });
});

describe("signed pushes to /hooks/reports", () => {
  const push = (body: unknown, opts: { id?: string; secret?: string; at?: Date; hostSlug?: string; from?: string } = {}) => {
    const raw = JSON.stringify(body);
    const id = opts.id ?? `evt_${Math.random().toString(36).slice(2)}`;
    const at = opts.at ?? new Date();
    return fetch(`${app.url}/hooks/reports?host=${opts.hostSlug ?? host.slug}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(opts.secret ?? host.inboundSecret).sign(id, at, raw),
        ...(opts.from ? { "x-forwarded-for": opts.from } : {}),
      },
      body: raw,
    });
  };
  const forgedSecret = "whsec_" + Buffer.from("kunci-palsu-kunci-palsu!").toString("base64");

  it("applies a signed event once, and refuses bad signatures, stale timestamps and unknown hosts", async () => {
    const event = { type: "report.upserted", data: report("JAKI-3003") };
    const first = await push(event, { id: "evt_3003" });
    expect(first.status).toBe(200);
    const applied = (await first.json()) as { duplicate: boolean; result: { id: string; created: boolean } };
    expect(applied).toMatchObject({ duplicate: false, result: { created: true } });
    const replay = await push(event, { id: "evt_3003" });
    expect(await replay.json()).toMatchObject({ duplicate: true, result: { id: applied.result.id } });
    expect(await db.report.count({ where: { externalId: "JAKI-3003" } })).toBe(1);

    const forged = await push(event, { secret: forgedSecret });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("content-type")).toContain("application/problem+json");
    expect(await forged.json()).toMatchObject({ status: 401, code: "errors.signature_invalid", title: "Tanda tangan webhook tidak sah, kedaluwarsa, atau tidak ada." });
    expect((await push(event, { at: new Date(Date.now() - 3600_000) })).status).toBe(401);
    const unknown = await push(event, { hostSlug: "tidak-ada" });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: "errors.host_unknown" });
    const bad = await push({ type: "report.upserted", data: report("JAKI-4", { category: "tidak-ada" }) });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ errors: { categorySlug: expect.any(String) } });
    expect((await push({ type: "report.deleted", data: {} })).status).toBe(422);

    const status = await push({ type: "report.status_changed", data: { externalId: "JAKI-3003", status: "diproses" } });
    expect(await status.json()).toMatchObject({ result: { status: "diproses", changed: true } });
  });

  it("cannot be blocked by someone else's forged pushes: the host's limit is spent only after its signature is verified", async () => {
    // More forged pushes than the host's 600 a minute, from many addresses (as a botnet would send them)…
    const event = { type: "report.status_changed", data: { externalId: "JAKI-3003", status: "diproses" } };
    for (let batch = 0; batch < 13; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => push(event, { secret: forgedSecret, from: `10.66.${batch}.${i + 1}` })));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(401));
    }
    // …and the host's own signed push still goes through.
    const genuine = await push(event, { from: "203.0.113.7" });
    expect(genuine.status).toBe(200);

    // One address that keeps failing is held back (per address, not per host) after 30 failures a minute.
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await push(event, { secret: forgedSecret, from: "192.0.2.66" })).status);
    expect(statuses).toEqual([...Array(30).fill(401), 429]);
    const heldBack = await push(event, { from: "192.0.2.66" });
    expect(heldBack.status).toBe(429);
    expect(Number(heldBack.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await push(event, { from: "203.0.113.7" })).status).toBe(200);
  });
});

describe("the embedded deliberation", () => {
  it("shows in a host page on an allowed origin, fits its frame, and is refused on any other origin", async () => {
    // Two host pages on two loopback origins: only the first is registered for embedding.
    const page = (port: number) => `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Aplikasi warga</title></head><body>
      <h1>Laporan JAKI-1001</h1><div data-musyawarah-report="JAKI-1001" data-musyawarah-system="jaki"></div>
      <script src="${app.url}/sematkan.js" async></script><p id="port">${port}</p></body></html>`;
    const sites = await Promise.all([0, 1].map(async () => {
      const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(page((server.address() as AddressInfo).port)));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    }));
    await setHostWebhook(host.id, { url: `http://127.0.0.1:${(hostReceiver.address() as AddressInfo).port}/musyawarah`, embedOrigins: sites[0]!.origin });
    const direct = await fetch(`${app.url}/sematkan/JAKI-1001?sistem=jaki`);
    expect(direct.headers.get("content-security-policy")).toContain(`frame-ancestors 'self' ${sites[0]!.origin}`);
    expect(direct.headers.get("x-frame-options")).toBeNull();
    expect((await fetch(`${app.url}/laporan/x`)).headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect((await fetch(`${app.url}/sematkan/TIDAK-ADA?sistem=jaki`)).status).toBe(404);

    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await tab.goto(sites[0]!.origin);
      const frame = tab.frameLocator("iframe");
      await expect.poll(() => frame.locator("h1").textContent(), { timeout: 15_000 }).toBe("Jalan amblas makin lebar di Jl. Ciputat Raya");
      expect(await frame.locator(".embed-phase").textContent()).toContain("Warga sedang bermusyawarah");
      expect(await frame.locator("header.site-header").count()).toBe(0);
      await expect.poll(async () => Number.parseInt((await tab.locator("iframe").getAttribute("style"))?.match(/(?:^|;)\s*height:\s*(\d+)px/)?.[1] ?? "0", 10), { timeout: 10_000 }).toBeGreaterThan(240);
      await tab.screenshot({ path: shot("host-embed"), fullPage: true });

      const other = await browser.newPage();
      await other.goto(sites[1]!.origin);
      // The frame is made, but the browser refuses to render Musyawarah in it (an error page instead).
      await expect.poll(() => other.frames().find((f) => f !== other.mainFrame())?.url() ?? "", { timeout: 10_000 }).toMatch(/^chrome-error:/);
      expect(await other.frameLocator("iframe").locator(".embed").count()).toBe(0);
      expect(await other.frameLocator("iframe").getByText("Jalan amblas").count()).toBe(0);
    } finally {
      await browser.close();
      for (const s of sites) s.server.close();
    }
  });
});

describe("Open311 intake", () => {
  const file = (fields: Record<string, string>, lang = "id") =>
    fetch(`${app.url}/open311/v2/requests.json`, { method: "POST", headers: { "accept-language": lang }, body: new URLSearchParams(fields) });
  const valid = {
    service_code: "jalan-rusak", lat: "-6.2441", long: "106.8002", description: "Trotoar ambles di depan halte, pejalan kaki turun ke jalan.",
    address_string: "Jl. Ciputat Raya, Pondok Pinang",
  };

  it("lists services, files a request from a 311 client, and answers errors the GeoReport way", async () => {
    const services = (await (await fetch(`${app.url}/open311/v2/services.json`)).json()) as { service_code: string; service_name: string }[];
    expect(services).toContainEqual(expect.objectContaining({ service_code: "jalan-rusak" }));

    const filed = await file({ ...valid, api_key: writer, media_url: `${photoBase}/foto/jalan.jpg` });
    expect(filed.status).toBe(201);
    const [answer] = (await filed.json()) as { service_request_id: string; service_notice: string }[];
    const stored = await db.report.findUniqueOrThrow({ where: { id: answer!.service_request_id }, include: { photos: true } });
    expect(stored).toMatchObject({ hostSystem: "jaki", kelurahanCode: KELURAHAN, categorySlug: "jalan-rusak" });
    expect(stored.photos).toHaveLength(1);
    expect(answer!.service_notice).toContain(`#${stored.number}`);

    const before = await db.report.count();
    const refused = await file({ ...valid, api_key: reader });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ code: 403, description: "Token API ini tidak punya izin untuk tindakan ini." }]);
    expect((await file({ ...valid, api_key: "msy_salah" })).status).toBe(401);
    expect(await (await file({ ...valid, api_key: writer, service_code: "tidak-ada" }, "en")).json()).toEqual([{ code: 404, description: "service_code: Unknown service code." }]);
    const nowhere = await file({ ...valid, api_key: writer, address_string: "Jl. Entah di Mana" });
    expect(nowhere.status).toBe(400);
    expect(await file({ ...valid, api_key: writer, address_string: "", "attribute[kelurahan]": KELURAHAN }).then((r) => r.status)).toBe(201);
    expect(await db.report.count()).toBe(before + 1);

    // 311 clients read them back: the list with filters, one request, errors as a GeoReport list.
    const list = (await (await fetch(`${app.url}/open311/v2/requests.json?service_code=jalan-rusak&status=open`)).json()) as { service_request_id: string }[];
    expect(list.map((r) => r.service_request_id)).toContain(answer!.service_request_id);
    const one = (await (await fetch(`${app.url}/open311/v2/requests/${answer!.service_request_id}.json`)).json()) as { service_request_id: string; media_url: string | null }[];
    expect(one).toHaveLength(1);
    expect(one[0]!.service_request_id).toBe(answer!.service_request_id);
    const bad = await fetch(`${app.url}/open311/v2/requests.json?status=pending`, { headers: { "accept-language": "en" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual([{ code: 400, description: "status: Invalid filter value (ISO 8601 dates, status open or closed)." }]);
    expect((await fetch(`${app.url}/open311/v2/requests/tidak-ada.json`)).status).toBe(404);
  });
});
