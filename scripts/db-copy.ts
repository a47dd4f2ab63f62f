// `npm run db:copy -- --from file:./data/musyawarah.db --to postgresql://user@host/musyawarah`: moves an install from
// SQLite to PostgreSQL (or between two PostgreSQL databases). Stop the web and worker processes first.
// The target is migrated, must be empty, and receives every table in foreign-key order in batches, each table in one
// transaction; references of a table to itself (a region's parent, a reply's parent) are filled in afterwards. At the
// end every table's row count is compared on both sides and printed; any difference fails the run (exit 1).
import { spawnSync } from "node:child_process";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { isPostgresUrl } from "~/domain/database-url";
import { PrismaClient as SqliteClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresClient } from "~/generated/prisma-postgresql/client";

const BATCH = 1000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

type AnyClient = Record<string, { findMany(args: object): Promise<Record<string, unknown>[]>; createMany(args: object): Promise<unknown>; update(args: object): Promise<unknown>; count(): Promise<number> }> & { $disconnect(): Promise<void>; $transaction<T>(fn: (tx: AnyClient) => Promise<T>, options?: object): Promise<T> };

function clientFor(url: string): AnyClient {
  const client = isPostgresUrl(url)
    ? new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) })
    : new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
  return client as unknown as AnyClient;
}

interface Table {
  name: string;
  primaryKey: string[];
  /** Tables this one references (other than itself). */
  dependsOn: Set<string>;
  /** Columns referencing this same table: written null first, set once every row exists. */
  selfColumns: string[];
}

/** The target's tables, keys and foreign keys, from PostgreSQL's catalog. */
async function postgresTables(url: string): Promise<Table[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_%' ORDER BY 1`);
    const keys = await client.query<{ table: string; column: string }>(`
      SELECT c.conrelid::regclass::text AS table, a.attname AS column FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace ORDER BY a.attnum`);
    const foreign = await client.query<{ table: string; references: string; column: string }>(`
      SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS references, a.attname AS column FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
    const bare = (n: string) => n.replace(/^"|"$/g, "");
    return tables.rows.map(({ name }) => ({
      name,
      primaryKey: keys.rows.filter((k) => bare(k.table) === name).map((k) => k.column),
      dependsOn: new Set(foreign.rows.filter((f) => bare(f.table) === name && bare(f.references) !== name).map((f) => bare(f.references))),
      selfColumns: foreign.rows.filter((f) => bare(f.table) === name && bare(f.references) === name).map((f) => f.column),
    }));
  } finally {
    await client.end();
  }
}

/** Tables in an order where each comes after every table it references. */
export function foreignKeyOrder(tables: Table[]): Table[] {
  const done = new Set<string>();
  const ordered: Table[] = [];
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t.name) && [...t.dependsOn].every((d) => done.has(d)));
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${tables.filter((t) => !done.has(t.name)).map((t) => t.name).join(", ")}`);
    for (const t of ready) {
      done.add(t.name);
      ordered.push(t);
    }
  }
  return ordered;
}

const delegate = (client: AnyClient, table: string) => client[table.charAt(0).toLowerCase() + table.slice(1)]!;

async function copyTable(from: AnyClient, to: AnyClient, table: Table): Promise<number> {
  const orderBy = table.primaryKey.map((k) => ({ [k]: "asc" }));
  const deferred: { where: Record<string, unknown>; data: Record<string, unknown> }[] = [];
  let copied = 0;
  await to.$transaction(async (tx) => {
    for (let skip = 0; ; skip += BATCH) {
      const rows = await delegate(from, table.name).findMany({ orderBy, skip, take: BATCH });
      if (rows.length === 0) break;
      const data = rows.map((row) => {
        if (table.selfColumns.length === 0) return row;
        const later = Object.fromEntries(table.selfColumns.filter((c) => row[c] != null).map((c) => [c, row[c]]));
        if (Object.keys(later).length) deferred.push({ where: Object.fromEntries(table.primaryKey.map((k) => [k, row[k]])), data: later });
        return { ...row, ...Object.fromEntries(table.selfColumns.map((c) => [c, null])) };
      });
      await delegate(tx, table.name).createMany({ data });
      copied += rows.length;
    }
    for (const { where, data } of deferred) await delegate(tx, table.name).update({ where: table.primaryKey.length === 1 ? where : { [table.primaryKey.join("_")]: where }, data });
  }, { timeout: 600_000, maxWait: 10_000 });
  return copied;
}

async function main() {
  const fromUrl = arg("from");
  const toUrl = arg("to");
  if (!fromUrl || !toUrl) {
    console.error("usage: npm run db:copy -- --from file:./data/musyawarah.db --to postgresql://user@host:5432/musyawarah");
    process.exit(2);
  }
  if (!isPostgresUrl(toUrl)) {
    console.error("--to must be a postgresql:// URL (SQLite stays the embedded default; copies go to PostgreSQL)");
    process.exit(2);
  }
  const migrate = spawnSync("node", ["scripts/prisma.mjs", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: toUrl }, stdio: "inherit" });
  if (migrate.status !== 0) process.exit(migrate.status ?? 1);

  const tables = foreignKeyOrder(await postgresTables(toUrl));
  const from = clientFor(fromUrl);
  const to = clientFor(toUrl);
  try {
    const filled = [];
    for (const t of tables) if ((await delegate(to, t.name).count()) > 0) filled.push(t.name);
    if (filled.length) {
      console.error(`[copy] the target already holds data (${filled.join(", ")}): copy into an empty database`);
      process.exit(1);
    }
    const started = Date.now();
    for (const t of tables) {
      const n = await copyTable(from, to, t);
      if (n) console.log(`[copy] ${t.name}: ${n}`);
    }
    // Every table, counted on both sides.
    const rows: { table: string; source: number; target: number }[] = [];
    for (const t of tables) rows.push({ table: t.name, source: await delegate(from, t.name).count(), target: await delegate(to, t.name).count() });
    const differ = rows.filter((r) => r.source !== r.target);
    console.table(rows);
    if (differ.length) {
      console.error(`[copy] counts differ for ${differ.map((r) => r.table).join(", ")}`);
      process.exit(1);
    }
    console.log(`[copy] ${rows.reduce((s, r) => s + r.target, 0)} rows in ${rows.length} tables copied and counted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await Promise.all([from.$disconnect(), to.$disconnect()]);
  }
}

await main();
