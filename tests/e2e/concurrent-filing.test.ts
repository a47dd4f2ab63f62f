import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser, waitFor } from "../helpers/fixtures";
import { HttpClient } from "../helpers/http-client";

// Many citizens file at once while the worker process writes photo results to the same SQLite file:
// no request may fail with a busy database, and every photo must end up processed.
const CITIZENS = 24;
let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.stop());

describe("concurrent filing", () => {
  it(`${CITIZENS} reports with photos at the same moment all succeed and all photos are processed`, async () => {
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#336699", noise: { type: "gaussian", mean: 120, sigma: 30 } } })
      .jpeg()
      .toBuffer();
    // Signed-in clients without going through the log-in form (its rate limit is tested elsewhere).
    const clients = await Promise.all(
      Array.from({ length: CITIZENS }, async () => HttpClient.signedIn(app.url, (await createUser()).id)),
    );
    const tokens = await Promise.all(clients.map((c) => c.csrfToken("/laporan/baru")));

    const started = Date.now();
    const results = await Promise.all(
      clients.map((client, i) => {
        const form = new FormData();
        for (const [k, v] of Object.entries({
          csrf: tokens[i]!,
          categorySlug: "sampah",
          title: `Sampah menumpuk nomor ${i + 1}`,
          description: "Sudah tiga hari belum diangkut petugas kebersihan.",
          kelurahanCode: "3171060003",
          lat: "-6.24",
          lng: "106.80",
        }))
          form.append(k, v);
        form.append("photos", new Blob([photo], { type: "image/jpeg" }), "foto.jpg");
        return client.post("/laporan/baru", {}, { body: form });
      }),
    );
    const elapsed = Date.now() - started;
    expect(results.map((r) => r.status)).toEqual(Array(CITIZENS).fill(302));
    expect(await db.report.count({ where: { title: { startsWith: "Sampah menumpuk nomor" } } })).toBe(CITIZENS);
    const numbers = await db.report.findMany({ select: { number: true } });
    expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length); // no duplicate report numbers

    await waitFor(async () => (await db.reportPhoto.count({ where: { status: "ready" } })) === CITIZENS, 60_000);
    expect(await db.reportPhoto.count({ where: { status: { not: "ready" } } })).toBe(0);
    console.info(`[concurrent filing] ${CITIZENS} reports with photos filed in ${elapsed} ms`);
  }, 120_000);
});
