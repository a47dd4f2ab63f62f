import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { importOpen311 } from "~/services/open311.server";

// The Open311 importer against remote GeoReport v2 servers that MSW stands in for: a good one, one that is slow,
// one that answers garbage, one that is down, and a photo host with one broken photo.
const REMOTE = "https://311.contoh.go.id/api/v2";
let jpeg: Buffer;
const requested: string[] = [];
let page: unknown[] = [];

const item = (id: string, extra: Record<string, unknown> = {}) => ({
  service_request_id: id,
  status: "open",
  service_code: "jalan-rusak",
  service_name: "Jalan rusak",
  description: "Lubang besar di tengah jalan, berbahaya untuk motor pada malam hari.",
  address: "Jl. Ciputat Raya, Pondok Pinang, Kebayoran Lama",
  lat: -6.244,
  long: 106.8,
  requested_datetime: "2026-11-20T08:00:00+07:00",
  updated_datetime: "2026-11-20T08:00:00+07:00",
  ...extra,
});

const server = setupServer(
  http.get(`${REMOTE}/requests.json`, ({ request }) => {
    requested.push(new URL(request.url).searchParams.get("start_date") ?? "");
    return HttpResponse.json(page);
  }),
  http.get("https://lambat.contoh.go.id/requests.json", async () => {
    await delay(2000);
    return HttpResponse.json([]);
  }),
  http.get("https://rusak.contoh.go.id/requests.json", () => new HttpResponse("<html>Sedang perbaikan</html>", { headers: { "content-type": "text/html" } })),
  http.get("https://mati.contoh.go.id/requests.json", () => HttpResponse.error()),
  http.get("https://foto.contoh.go.id/lubang.jpg", () => new HttpResponse(jpeg, { headers: { "content-type": "image/jpeg" } })),
  http.get("https://foto.contoh.go.id/hilang.jpg", () => new HttpResponse(null, { status: 500 })),
);

beforeAll(async () => {
  await prepareDatabase();
  jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
  server.listen({ onUnhandledRequest: "error" });
});
afterAll(() => server.close());

describe("importing from a remote Open311 server", () => {
  it("imports what maps, skips what does not with its reason, and moves the cursor", async () => {
    page = [
      item("A-1", { media_url: "https://foto.contoh.go.id/lubang.jpg" }),
      item("A-2", { media_url: "https://foto.contoh.go.id/hilang.jpg", updated_datetime: "2026-11-20T09:00:00+07:00" }),
      item("A-3", { service_code: "9999", updated_datetime: "2026-11-20T10:00:00+07:00" }),
      item("A-4", { address: "Jl. Tanpa Nama", updated_datetime: "2026-11-20T11:00:00+07:00" }),
      { service_request_id: "A-5", service_code: "jalan-rusak", updated_datetime: "2026-11-20T12:00:00+07:00" },
      item("A-6", { status: "closed", service_code: "sampah", address: "Gang Mawar, Pondok Pinang", updated_datetime: "2026-11-20T07:00:00+07:00" }),
    ];
    const first = await importOpen311(REMOTE);
    expect(first).toMatchObject({ fetched: 6, created: 3, updated: 0, unchanged: 0 });
    expect(first.skipped.map((s) => s.id).sort()).toEqual(["A-3", "A-4", "A-5"]);
    expect(first.skipped.find((s) => s.id === "A-3")!.reason).toContain("service_code 9999");
    expect(first.cursor).toBe("2026-11-20T05:00:00.000Z"); // A-5 at 12:00 WIB was looked at and skipped
    expect(requested).toEqual([""]);

    const reports = await db.report.findMany({ where: { hostSystem: "open311-311-contoh-go-id" }, include: { photos: true }, orderBy: { externalId: "asc" } });
    expect(reports.map((r) => [r.externalId, r.kelurahanCode, r.categorySlug, r.status, r.photos.length])).toEqual([
      ["A-1", "3171050001", "jalan-rusak", "menunggu", 1],
      ["A-2", "3171050001", "jalan-rusak", "menunggu", 0], // its photo could not be fetched: imported without
      ["A-6", "3171050001", "sampah", "selesai", 0],
    ]);
    expect(reports[0]!.title).toBe("Jalan rusak: Lubang besar di tengah jalan, berbahaya untuk motor pada malam hari.");

    // The next run asks from the cursor; the same request again changes nothing, an edited one is updated.
    page = [item("A-1", { media_url: "https://foto.contoh.go.id/lubang.jpg" }), item("A-2", { description: "Lubang makin besar, sudah dua motor jatuh di sini minggu ini.", updated_datetime: "2026-11-21T08:00:00+07:00" })];
    const second = await importOpen311(REMOTE);
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 1, skipped: [], cursor: "2026-11-21T01:00:00.000Z" });
    expect(requested[1]).toBe("2026-11-20T05:00:00.000Z");
    expect(await db.report.count({ where: { hostSystem: "open311-311-contoh-go-id" } })).toBe(3);
  });

  it("fails clearly on a server that is slow, answers garbage or is down, and moves nothing", async () => {
    const before = await db.report.count();
    for (const [base, reason] of [["https://lambat.contoh.go.id", /no answer within 0.3 s/], ["https://rusak.contoh.go.id", /JSON|not valid|Unexpected/i], ["https://mati.contoh.go.id", /fetch failed|Failed to fetch|network/i]] as const) {
      const error = await importOpen311(base, { timeoutMs: 300 }).then(() => null, (e: unknown) => e as { code: string; fields: { reason: string } });
      expect(error, base).toMatchObject({ code: "errors.open311_remote" });
      expect(error!.fields.reason).toMatch(reason);
      const source = await db.open311Source.findUniqueOrThrow({ where: { baseUrl: base } });
      expect(source.cursor).toBeNull();
      expect(source.lastError).toBeTruthy();
    }
    expect(await db.report.count()).toBe(before);
    await expect(importOpen311("ftp://salah.contoh")).rejects.toMatchObject({ fields: { baseUrl: "errors.open311_url" } });
  });
});

// Asynchronous: the local remote server below answers from this same process.
const run = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    execFile("npx", ["--no-install", "tsx", "scripts/import-open311.ts", ...args], { env: process.env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

describe("npm run import:open311", () => {
  it("imports from a real local GeoReport server, prints a summary, and says clearly when a server is down", async () => {
    const remote = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify([item("CLI-1", { updated_datetime: "2026-11-22T08:00:00+07:00" })])));
    await new Promise<void>((r) => remote.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(remote.address() as AddressInfo).port}/v2`;
    try {
      const ok = await run([base]);
      expect(ok.status, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout.trim().split("\n").at(-1)!)).toMatchObject({ created: 1, skipped: 0, cursor: "2026-11-22T01:00:00.000Z" });
      expect(await db.report.count({ where: { externalId: "CLI-1" } })).toBe(1);
    } finally {
      remote.close();
    }
    const down = await run(["http://127.0.0.1:9/v2"]);
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/import failed, nothing moved: 127\.0\.0\.1:9/);
  });
});
