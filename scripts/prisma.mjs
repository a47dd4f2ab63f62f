// Runs the Prisma CLIs offline: the JS/Wasm engines only, never a native binary download.
// Two providers from one source of models (decision 009): `generate` makes both clients (Prisma 7's CLI, decision
// 011); `migrate deploy` applies the history of the provider DATABASE_URL names (SQLite: Prisma 6.19's own migrate;
// PostgreSQL: scripts/pg-migrate.mjs, because Prisma's migrate commands cannot run against PostgreSQL through the
// driver adapter here).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { CLIENT_SCHEMAS, GENERATE_CLI, GENERATE_CONFIG, isPostgresUrl, MIGRATE_CLI, writeClientSchemas, writePostgresSchema } from "./prisma-schemas.mjs";

const baseEnv = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? "file:./data/musyawarah.db",
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? "/bin/false",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};

function prisma(cli, args, env = baseEnv) {
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const args = process.argv.slice(2);
writePostgresSchema();
const postgres = isPostgresUrl(baseEnv.DATABASE_URL);

if (args[0] === "generate") {
  writeClientSchemas();
  for (const schema of Object.values(CLIENT_SCHEMAS)) prisma(GENERATE_CLI, [...args, "--config", GENERATE_CONFIG, "--schema", schema]);
} else if (args[0] === "migrate" && args[1] === "deploy" && postgres) {
  const result = spawnSync("node", ["scripts/pg-migrate.mjs"], { stdio: "inherit", env: baseEnv });
  process.exit(result.status ?? 1);
} else if (postgres) {
  console.error(`prisma ${args.join(" ")} is not available for PostgreSQL here; see docs/decisions/009-two-database-engines.md`);
  process.exit(1);
} else {
  // SQLite creates the database file but not its folder (./data is not in git).
  mkdirSync(path.dirname(path.resolve(baseEnv.DATABASE_URL.slice(5))), { recursive: true });
  prisma(MIGRATE_CLI, args);
}
