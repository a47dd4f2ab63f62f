// `npm run db:migrate` with a PostgreSQL DATABASE_URL: applies prisma/postgresql/migrations in name order, each in
// its own transaction, recorded with its SHA-256 in "_musyawarah_migrations", under an advisory lock so two processes
// (two web instances starting together, a deploy racing a setup) never migrate at once. An applied migration whose
// file changed afterwards stops the run: history is append-only. Creates the database if it does not exist yet.
// (Prisma's `migrate deploy` cannot run on PostgreSQL through the driver adapter here: decision 009.)
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { POSTGRES_MIGRATIONS } from "./prisma-schemas.mjs";

// Any fixed 64-bit number: the key of the lock every migrating process takes.
const MIGRATION_LOCK = 7_424_617_001;

export function migrationsIn(dir = POSTGRES_MIGRATIONS) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if (error.code !== "3D000") throw error; // 3D000: the database does not exist
  } finally {
    await probe.end().catch(() => {});
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    console.log(`[migrate] created database ${name}`);
  } catch (error) {
    if (error.code !== "42P04") throw error; // created meanwhile by another process
  } finally {
    await client.end();
  }
}

/** Applies what is missing; returns the names applied. */
export async function migrate(url, { dir = POSTGRES_MIGRATIONS, log = console.log } = {}) {
  await ensureDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_musyawarah_migrations" (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map((await client.query(`SELECT name, checksum FROM "_musyawarah_migrations"`)).rows.map((r) => [r.name, r.checksum]));
    const applied = [];
    for (const m of migrationsIn(dir)) {
      if (done.has(m.name)) {
        if (done.get(m.name) !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_musyawarah_migrations" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${error.message}`);
      }
      applied.push(m.name);
      log(`[migrate] applied ${m.name}`);
    }
    if (applied.length === 0) log("[migrate] PostgreSQL schema is up to date");
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  migrate(process.env.DATABASE_URL).catch((error) => {
    console.error(`[migrate] ${error.message}`);
    process.exit(1);
  });
}
