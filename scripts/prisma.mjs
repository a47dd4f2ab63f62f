// Runs the Prisma CLI offline: the JS/Wasm engines only, never a native binary download.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? "file:./data/musyawarah.db",
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? "/bin/false",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
// SQLite creates the database file but not its folder (./data is not in git).
if (env.DATABASE_URL.startsWith("file:")) mkdirSync(path.dirname(path.resolve(env.DATABASE_URL.slice(5))), { recursive: true });

const result = spawnSync("npx", ["--no-install", "prisma", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
