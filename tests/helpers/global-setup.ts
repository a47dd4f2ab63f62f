// Once per test run: a migrated SQLite template with the reference data; each test file copies it.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

// TEST_DATA_DIR lets two test runs share a checkout without removing each other's databases.
export const TEST_DIR = path.resolve(process.env.TEST_DATA_DIR ?? "data/test");
export const TEMPLATE_DB = path.join(TEST_DIR, "template.db");

export default async function setup() {
  rmSync(TEST_DIR, { recursive: true, force: true });
  mkdirSync(TEST_DIR, { recursive: true });
  const env = { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` };
  const migrate = spawnSync("node", ["scripts/prisma.mjs", "migrate", "deploy"], { env, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const seed = spawnSync("npx", ["--no-install", "tsx", "prisma/seed.ts", "--reference-only"], { env, encoding: "utf8" });
  if (seed.status !== 0) throw new Error(`reference seed failed:\n${seed.stdout}\n${seed.stderr}`);
}
