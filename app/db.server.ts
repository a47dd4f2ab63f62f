import { PrismaClient } from "~/generated/prisma/client";
import { env } from "~/config.server";
import { sqliteAdapter } from "~/sqlite-adapter.server";

// One client per process. Remix dev reloads modules, so the client is parked on globalThis.
declare global {
  var __musyawarahDb: PrismaClient | undefined;
}

function createClient(): PrismaClient {
  const adapter = sqliteAdapter({ url: env().DATABASE_URL, timeout: 5000 });
  // Transactions queue behind each other on the one connection: under a burst of posts the wait for the lock can
  // pass Prisma's 2 s default, which would turn a busy moment into errors. Waiting longer is the right answer.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 15_000 } });
}

export const db: PrismaClient = globalThis.__musyawarahDb ?? (globalThis.__musyawarahDb = createClient());

let pragmasApplied: Promise<void> | undefined;

/**
 * busy_timeout before WAL (so the switch itself waits for other writers), then WAL so readers never block
 * the writer. Idempotent; every process calls it at start-up.
 */
export function prepareDatabase(): Promise<void> {
  pragmasApplied ??= (async () => {
    await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return pragmasApplied;
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
