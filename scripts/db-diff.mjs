// `npm run db:diff -- <name> [<git-rev>]`: the migration from the schema at <git-rev> (default HEAD) to the working
// schema, for both providers: prisma/migrations/<stamp>_<name>/ (SQLite) and prisma/postgresql/migrations/<stamp>_<name>/
// (PostgreSQL). Without a name, prints both scripts. (Prisma's --from-url and shadow-database diffs are not available
// with driver adapters; the PostgreSQL diff needs a reachable server only because its CLI adapter connects.)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  DEFAULT_POSTGRES_URL, derivePostgresSchema, isPostgresUrl, MIGRATE_CLI, POSTGRES_CONFIG, POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA, writePostgresSchema,
} from "./prisma-schemas.mjs";

const [name, rev = "HEAD"] = process.argv.slice(2);
if (name && !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <name_in_snake_case> [<git-rev>]");
  process.exit(2);
}
const tmp = mkdtempSync(path.join(tmpdir(), "schema-"));
const oldSqlite = path.join(tmp, "schema.prisma");
writeFileSync(oldSqlite, execFileSync("git", ["show", `${rev}:${SQLITE_SCHEMA}`]));
const oldPostgres = path.join(tmp, "schema.postgresql.prisma");
writeFileSync(oldPostgres, derivePostgresSchema(readFileSync(oldSqlite, "utf8")));
writePostgresSchema();

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
  PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
function diff(from, to, extra, url) {
  const result = spawnSync(process.execPath, [MIGRATE_CLI, "migrate", "diff", ...extra, "--from-schema-datamodel", from, "--to-schema-datamodel", to, "--script"], {
    env: { ...env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

// The SQLite CLI adapter opens this file (a fresh checkout has no data/ yet).
mkdirSync("data", { recursive: true });
const sqlite = diff(oldSqlite, SQLITE_SCHEMA, [], "file:./data/musyawarah.db");
const pgUrl = isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : DEFAULT_POSTGRES_URL;
const postgres = diff(oldPostgres, POSTGRES_SCHEMA, ["--config", POSTGRES_CONFIG], pgUrl);

if (!name) {
  process.stdout.write(`-- SQLite\n${sqlite}\n-- PostgreSQL\n${postgres}`);
} else {
  // UTC stamp, like Prisma's own folder names.
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const [dir, sql] of [[SQLITE_MIGRATIONS, sqlite], [POSTGRES_MIGRATIONS, postgres]]) {
    const folder = path.join(dir, `${stamp}_${name}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "migration.sql"), sql);
    console.log(`wrote ${folder}/migration.sql`);
  }
}
