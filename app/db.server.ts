import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-postgresql/client";
import { env } from "~/config.server";
import { isPostgresUrl } from "~/domain/database-url";
import { sqliteAdapter } from "~/sqlite-adapter.server";

// One client per process, for the engine DATABASE_URL names (decision 009): SQLite through our serialising adapter,
// PostgreSQL through Prisma's pg adapter and a pool. Both clients are generated from the same models; the code is
// written against the SQLite client's types, which the PostgreSQL client's are a superset of.
// Remix dev reloads modules, so the client is parked on globalThis.
declare global {
  var __musyawarahDb: PrismaClient | undefined;
}

export type Engine = "sqlite" | "postgresql";
export const engine: Engine = isPostgresUrl(env().DATABASE_URL) ? "postgresql" : "sqlite";

// Transactions may queue behind each other (SQLite: one writer; PostgreSQL: a row or advisory lock): under a burst
// of posts the wait can pass Prisma's 2 s default, which would turn a busy moment into errors. Waiting longer is
// the right answer.
const transactionOptions = { maxWait: 15_000, timeout: 15_000 };

function createClient(): PrismaClient {
  const config = env();
  if (engine === "postgresql") {
    const adapter = new PrismaPg({
      connectionString: config.DATABASE_URL,
      max: config.DATABASE_POOL_SIZE,
      // How long a query waits for a connection: a new one to a server that does not answer, or a pooled one while
      // all are busy (pg-pool uses the one setting for both). Long enough for a burst to queue, short enough that a
      // lost server fails requests in seconds; a server that is down refuses at once and the 503 gate takes over.
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    return new PostgresPrismaClient({ adapter, transactionOptions }) as unknown as PrismaClient;
  }
  const adapter = sqliteAdapter({ url: config.DATABASE_URL, timeout: 5000 });
  return new PrismaClient({ adapter, transactionOptions });
}

export const db: PrismaClient = globalThis.__musyawarahDb ?? (globalThis.__musyawarahDb = createClient());

let pragmasApplied: Promise<void> | undefined;

/**
 * SQLite: WAL so readers never block the writer (waiting for another process's write lock is the adapter's job, and
 * it waits without blocking the event loop: app/sqlite-adapter.server.ts). PostgreSQL needs nothing here.
 * Idempotent; every process calls it at start-up.
 */
export function prepareDatabase(): Promise<void> {
  pragmasApplied ??= (async () => {
    if (engine !== "sqlite") return;
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return pragmasApplied;
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Serialises the transactions that check something and then write on it (decision 007) per key, e.g.
 * `case:<reportId>`: the second waits until the first commits, then reads what it wrote. Call it first in the
 * transaction. `shared` holders run side by side and only exclude the exclusive ones: ballots take their case's lock
 * shared (and their voter's exclusively), the close of the vote takes it exclusively, so it waits for the ballots in
 * flight and no ballot lands after its count. SQLite needs nothing: every transaction there begins IMMEDIATE and
 * holds the database's one write lock. PostgreSQL takes a transaction-scoped advisory lock (released at COMMIT or
 * ROLLBACK).
 */
export async function lockFor(tx: Tx, key: string, mode: "exclusive" | "shared" = "exclusive"): Promise<void> {
  if (engine === "sqlite") return;
  if (mode === "shared") await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`;
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/**
 * A `contains` filter that ignores letter case on both engines: SQLite's LIKE already does (for ASCII), PostgreSQL
 * needs `mode: "insensitive"` (ILIKE), which the SQLite client's types do not know.
 */
export function containsText(term: string): { contains: string } {
  return engine === "postgresql" ? ({ contains: term, mode: "insensitive" } as { contains: string }) : { contains: term };
}
