import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
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
// It also prepares every statement anew (a fifth of a query's cost here); this wrapper keeps the prepared statements
// of the last STATEMENT_CACHE_SIZE distinct SQL texts (Prisma's are few: one per query shape).
// And one of its own: SQLite's busy timeout waits inside the (synchronous) driver call, freezing the whole process —
// every request, every live stream — while another process holds the write lock. Here the connection's busy timeout
// is 0 and a statement or BEGIN that finds the database busy is retried after an asynchronous pause (1 ms, doubling
// to 20 ms), up to the same deadline; the event loop keeps serving meanwhile.

export interface SqliteAdapterOptions {
  url: string;
  /** How long, in milliseconds, a statement waits for another process's write lock before it fails as busy. */
  timeout?: number;
}

const isBusy = (error: unknown): boolean =>
  (error as { code?: string }).code === "SQLITE_BUSY" || (error as { cause?: { originalCode?: string } }).cause?.originalCode === "SQLITE_BUSY";

/** Runs `attempt` until it does not find the database busy, pausing asynchronously in between, for up to `timeoutMs`. */
async function patiently<T>(timeoutMs: number, attempt: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** The subset of better-sqlite3's statement the inner adapter uses. */
interface Statement {
  reader: boolean;
  run(...args: unknown[]): unknown;
  columns(): unknown[];
  raw(on?: boolean): { all(...args: unknown[]): unknown[] };
  bind(...args: unknown[]): BoundStatement;
}
type BoundStatement = Pick<Statement, "reader" | "run" | "columns"> & { raw(): { all(): unknown[] } };

/** The subset of the inner adapter this wrapper uses: its queries run on the one shared connection. */
interface InnerAdapter extends SqlDriverAdapter {
  client: { prepare(sql: string): Statement };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes the connection's `prepare` reuse statements (least recently used out first). A cached statement cannot be
 * bound twice, so `bind` returns a view that passes its arguments at each call instead.
 */
function cacheStatements(client: InnerAdapter["client"]): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Statement>();
  client.prepare = (sql: string): Statement => {
    let statement = cache.get(sql);
    if (statement) cache.delete(sql);
    else {
      statement = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    const cached = statement;
    return {
      reader: cached.reader,
      run: (...args) => cached.run(...args),
      columns: () => cached.columns(),
      raw: (on = true) => cached.raw(on),
      bind: (args) => ({
        reader: cached.reader,
        run: () => cached.run(args),
        columns: () => cached.columns(),
        raw: () => ({ all: () => cached.raw(true).all(args) }),
      }),
    };
  };
}

function serialized(inner: InnerAdapter, timeoutMs: number): SqlDriverAdapter {
  cacheStatements(inner.client);
  const lock = new Mutex();
  const outside = <T>(run: () => Promise<T>) => lock.runExclusive(() => patiently(timeoutMs, run));
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
        await patiently(timeoutMs, () => inner.client.prepare("BEGIN IMMEDIATE").run());
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
  // The driver's own busy timeout is 0: waiting is done here, asynchronously.
  const factory = new PrismaBetterSqlite3({ url: options.url, timeout: 0 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialized((await factory.connect()) as InnerAdapter, options.timeout ?? 5000),
  };
}
