import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createApiToken, createHostSystem } from "~/services/host-systems.server";
import { startApp, type RunningApp } from "../helpers/app";

// docs/integration.md cannot rot: every TypeScript and shell example in it runs here, as written, against a
// live server, with the environment variables the page describes.
let app: RunningApp;
let env: NodeJS.ProcessEnv;
const doc = readFileSync("docs/integration.md", "utf8");
const blocks = [...doc.matchAll(/```(ts|bash)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
const dir = path.resolve("data/test/docs");

beforeAll(async () => {
  const host = await createHostSystem({ slug: "jaki", name: "JAKI" });
  const { token } = await createApiToken(host.id, { name: "Dokumentasi", scopes: ["read", "write:reports", "read:outcomes"] });
  app = await startApp();
  env = { ...process.env, MUSYAWARAH_URL: app.url, MUSYAWARAH_TOKEN: token, MUSYAWARAH_HOOK_SECRET: host.inboundSecret };
  mkdirSync(dir, { recursive: true });
});
afterAll(() => app?.stop());

describe("docs/integration.md", () => {
  it("has TypeScript and curl examples", () => {
    expect(blocks.filter((b) => b.lang === "ts").length).toBeGreaterThanOrEqual(3);
    expect(blocks.filter((b) => b.lang === "bash").length).toBeGreaterThanOrEqual(1);
  });

  it("runs every example against a live server, and they do what the page says", async () => {
    for (const [i, block] of blocks.entries()) {
      const file = path.join(dir, `example-${i}.${block.lang === "ts" ? "ts" : "sh"}`);
      writeFileSync(file, block.code);
      const run = block.lang === "ts"
        ? spawnSync(process.execPath, ["--import", "tsx", file], { env, encoding: "utf8", timeout: 60_000 })
        : spawnSync("bash", ["-euo", "pipefail", file], { env, encoding: "utf8", timeout: 60_000 });
      expect(run.status, `example ${i} (${block.lang}) failed:\n${block.code}\n${run.stdout}\n${run.stderr}`).toBe(0);
    }
    const reports = await db.report.findMany({ where: { hostSystem: "jaki" }, orderBy: { externalId: "asc" }, select: { externalId: true, status: true, categorySlug: true } });
    expect(reports).toEqual([
      { externalId: "JAKI-2026-000123", status: "diproses", categorySlug: "jalan-rusak" },
      { externalId: "JAKI-2026-000124", status: "menunggu", categorySlug: "sampah" },
      { externalId: "JAKI-2026-000125", status: "menunggu", categorySlug: "banjir" },
    ]);
  });
});
