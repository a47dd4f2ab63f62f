import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";

// Prisma's better-sqlite3 adapter keeps one connection per process and a mutex for transactions only. Two faults
// follow, and this wrapper closes both:
// 1. A query outside a transaction runs on the same connection even while another request's interactive
//    transaction is open: it silently joins that transaction and is lost when the transaction rolls back, and it
//    reads rows not yet committed. Here every statement outside a transaction waits for the open one to end.
// 2. Transactions start with a deferred `BEGIN`: a transaction that reads first and writes later can meet another
//    process's writer and fail with SQLITE_BUSY at the upgrade, where the busy timeout cannot help. Here they start
//    with `BEGIN IMMEDIATE`: the write lock is taken (waiting up to the busy timeout) before the first read, so a
//    check-then-write in one transaction is atomic across processes as well (decision 007).

export interface SqliteAdapterOptions {
  url: string;
  /** busy_timeout in milliseconds: how long a statement waits for another process's write lock. */
  timeout?: number;
}

/** The subset of the inner adapter this wrapper uses: its queries run on the one shared connection. */
interface InnerAdapter extends SqlDriverAdapter {
  client: { prepare(sql: string): { run(): unknown } };
}

function serialized(inner: InnerAdapter): SqlDriverAdapter {
  const lock = new Mutex();
  const outside = <T>(run: () => Promise<T>) => lock.runExclusive(run);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: SqlQuery) => outside(() => inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => outside(() => inner.executeRaw(query)),
    executeScript: (script: string) => outside(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel): Promise<Transaction> {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
        // SQLite transactions are serializable; anything else is a caller's mistake.
        throw new Error(`SQLite supports only SERIALIZABLE transactions, not ${isolationLevel}`);
      }
      const release = await lock.acquire();
      try {
        inner.client.prepare("BEGIN IMMEDIATE").run();
      } catch (error) {
        release();
        throw error;
      }
      let open = true;
      const end = () => {
        if (open) {
          open = false;
          release();
        }
        return Promise.resolve();
      };
      // Prisma sends COMMIT / ROLLBACK through executeRaw itself (usePhantomQuery: false), then calls these.
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        options: { usePhantomQuery: false },
        queryRaw: (query: SqlQuery) => inner.queryRaw(query),
        executeRaw: async (query: SqlQuery) => {
          try {
            return await inner.executeRaw(query);
          } catch (error) {
            // Prisma calls commit()/rollback() only after its COMMIT / ROLLBACK statement succeeded. If that statement
            // fails (a full disk), the transaction is rolled back here and the lock let go, or no statement of this
            // process would ever run again.
            if (/^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) {
              try {
                inner.client.prepare("ROLLBACK").run();
              } catch {
                // Already rolled back by SQLite itself.
              }
              await end();
            }
            throw error;
          }
        },
        commit: end,
        rollback: end,
      };
    },
  };
}

/** The SQLite driver adapter factory for the Prisma client: one serialized connection, immediate transactions. */
export function sqliteAdapter(options: SqliteAdapterOptions): SqlDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url: options.url, timeout: options.timeout ?? 5000 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialized((await factory.connect()) as InnerAdapter),
  };
}
