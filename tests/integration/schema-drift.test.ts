import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../../scripts/pg-migrate.mjs";
import { MIGRATE_CLI } from "../../scripts/prisma-schemas.mjs";
import { PG_URL, urlOf, withAdmin } from "../helpers/test-database";

// One source of models, two migration histories (decision 009): each history, applied from nothing, must build
// exactly the schema Prisma would create from the models today. A model changed without its migration (on either
// engine), or a migration edited by hand beyond the documented extras, fails here.

const prismaEnv = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" };

/** What `prisma migrate diff --from-empty` (Prisma 6.19's CLI, decision 011) writes for the models today. */
function fromEmpty(engine: "sqlite" | "postgresql"): string {
  const args = engine === "sqlite"
    ? ["--to-schema-datamodel", "prisma/schema.prisma"]
    : ["--config", "prisma/postgresql/prisma.config.ts", "--to-schema-datamodel", "prisma/postgresql/schema.prisma"];
  const result = spawnSync(process.execPath, [MIGRATE_CLI, "migrate", "diff", "--from-empty", ...args, "--script"], {
    env: { ...prismaEnv, DATABASE_URL: engine === "sqlite" ? `file:${path.join(tmpdir(), "drift-unused.db")}` : PG_URL },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe("the SQLite migration history", () => {
  /** Tables, columns, indexes and foreign keys, order-independent (SQLite's table rebuilds may reorder columns). */
  function shape(file: string) {
    const db = new Database(file, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const out = Object.fromEntries(tables.map((t) => {
      const columns = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[])
        .map((c) => `${c.name} ${c.type} ${c.notnull ? "NOT NULL" : ""} ${c.dflt_value ?? ""} ${c.pk ? "PK" : ""}`).sort();
      const indexes = (db.prepare(`PRAGMA index_list("${t}")`).all() as { name: string; unique: number }[])
        .filter((i) => !i.name.startsWith("sqlite_autoindex"))
        .map((i) => `${i.name} ${i.unique ? "UNIQUE" : ""} (${(db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name).join(",")})`).sort();
      const foreignKeys = (db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string; from: string; to: string; on_delete: string; on_update: string }[])
        .map((f) => `${f.from} -> ${f.table}.${f.to} ${f.on_delete}/${f.on_update}`).sort();
      return [t, { columns, indexes, foreignKeys }];
    }));
    db.close();
    return out;
  }

  it("builds the schema of the models", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drift-"));
    const migrated = path.join(dir, "migrated.db");
    const deploy = spawnSync("node", ["scripts/prisma.mjs", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${migrated}` }, encoding: "utf8" });
    expect(deploy.status, deploy.stderr).toBe(0);
    const expected = path.join(dir, "expected.db");
    const db = new Database(expected);
    db.exec(fromEmpty("sqlite"));
    db.close();
    expect(shape(migrated)).toEqual(shape(expected));
  });
});

describe("the PostgreSQL migration history", () => {
  const databases: string[] = [];
  const admin = withAdmin;
  async function freshDatabase(): Promise<string> {
    const name = `msy_drift_${process.pid}_${databases.length}`;
    databases.push(name);
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => c.query(`CREATE DATABASE ${name}`)));
    return urlOf(name);
  }
  afterAll(() => admin(async (c) => {
    for (const name of databases) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }));

  /** pg_dump's schema, without the runner's bookkeeping and the hand-written extras (functions and triggers). */
  function dump(url: string): string {
    const text = execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=_musyawarah_migrations", url], { encoding: "utf8" });
    // Blocks start at "-- Name: …; Type: …"; what comes before the first (settings, a per-dump \restrict token) and
    // the closing line are not schema.
    return text
      .split(/\n(?=--\n-- Name: )/)
      .slice(1)
      .filter((block) => !/; Type: (FUNCTION|TRIGGER);/.test(block))
      .map((block) => block.replace(/^(\\unrestrict|-- PostgreSQL database dump complete).*$/gm, "").trim())
      .join("\n");
  }

  it("builds the schema of the models, and keeps the audit log append-only", async () => {
    const migrated = await freshDatabase();
    await migrate(migrated, { log: () => {} });
    const expected = await freshDatabase();
    const client = new pg.Client({ connectionString: expected });
    await client.connect();
    await client.query(fromEmpty("postgresql"));
    await client.end();
    expect(dump(migrated)).toEqual(dump(expected));
    const triggers = execFileSync("psql", [migrated, "-Atc", `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`], { encoding: "utf8" });
    expect(triggers.trim().split("\n")).toEqual(["AuditEvent_no_delete", "AuditEvent_no_update"]);
  });

  it("migrates once when two processes start together, and refuses an applied migration that was edited", async () => {
    const url = await freshDatabase();
    const runs = await Promise.all([migrate(url, { log: () => {} }), migrate(url, { log: () => {} })]);
    // One run applied everything, the other found nothing left to do.
    expect(runs.map((r: string[]) => r.length).sort()).toEqual([0, runs.flat().length]);
    await admin(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`UPDATE "_musyawarah_migrations" SET checksum = 'edited' WHERE name = (SELECT min(name) FROM "_musyawarah_migrations")`);
      await client.end();
    });
    await expect(migrate(url, { log: () => {} })).rejects.toThrow(/was changed after it was applied/);
  });
});
