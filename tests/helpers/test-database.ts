// The database each test file runs on. TEST_DB=postgresql runs the suite on the machine's PostgreSQL (PG_URL,
// default postgresql://postgres@127.0.0.1:5432/postgres): one migrated template database per run, and each file gets
// its own copy (CREATE DATABASE … TEMPLATE, as fast as copying the SQLite file). Otherwise SQLite: a template file
// under TEST_DATA_DIR, copied per file.
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export type TestEngine = "sqlite" | "postgresql";
export const testEngine: TestEngine = process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite";
export const onPostgres = testEngine === "postgresql";

// TEST_DATA_DIR lets two test runs share a checkout without removing each other's databases.
export const TEST_DIR = path.resolve(process.env.TEST_DATA_DIR ?? "data/test");
export const PG_URL = process.env.PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/** Every database of this run starts with this prefix (derived from TEST_DATA_DIR, so parallel runs stay apart). */
const PG_PREFIX = `msyt_${path.basename(TEST_DIR).replace(/[^a-z0-9]/gi, "_").toLowerCase()}_`.slice(0, 30);
const TEMPLATE = `${PG_PREFIX}template`;

/** The URL of `database` on the server of `server` (default: the machine's PostgreSQL, PG_URL). */
export function urlOf(database: string, server = PG_URL): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `run` with a client connected to `url` (default: PG_URL's maintenance database), then disconnects. */
export async function withAdmin<T>(run: (client: pg.Client) => Promise<T>, url = PG_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Drops every database this run's prefix names (a previous run's leftovers too). */
export async function dropRunDatabases(): Promise<void> {
  if (!onPostgres) return;
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${PG_PREFIX}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/** Once per run: the migrated template with the reference data. */
export async function prepareTemplate(): Promise<void> {
  const url = onPostgres ? urlOf(TEMPLATE) : `file:${path.join(TEST_DIR, "template.db")}`;
  if (onPostgres) await dropRunDatabases();
  migrateWithReferenceData(url);
}

/** Migrates the database at `url` (either engine; a missing PostgreSQL database is created) and adds the reference data. */
export function migrateWithReferenceData(url: string): void {
  const env = { ...process.env, DATABASE_URL: url };
  const migrate = spawnSync("node", ["scripts/prisma.mjs", "migrate", "deploy"], { env, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const seed = spawnSync("npx", ["--no-install", "tsx", "prisma/seed.ts", "--reference-only"], { env, encoding: "utf8" });
  if (seed.status !== 0) throw new Error(`reference seed failed:\n${seed.stdout}\n${seed.stderr}`);
}

/** This file's own database, copied from the template; returns its DATABASE_URL. */
export async function databaseForFile(tag: string): Promise<string> {
  if (!onPostgres) {
    const file = path.join(TEST_DIR, `${tag}.db`);
    copyFileSync(path.join(TEST_DIR, "template.db"), file);
    return `file:${file}`;
  }
  const name = `${PG_PREFIX}${tag}`.toLowerCase();
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`));
  return urlOf(name);
}

/** Drops this file's PostgreSQL database at the end of the file (SQLite files go with TEST_DATA_DIR). */
export async function dropFileDatabase(url: string): Promise<void> {
  if (!onPostgres) return;
  const name = new URL(url).pathname.slice(1);
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
