import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { sqliteAdapter } from "~/sqlite-adapter.server";

// The wrapper around Prisma's better-sqlite3 adapter (decision 007), against a real SQLite file.
const sql = (text: string, args: unknown[] = []) => ({ sql: text, args, argTypes: args.map(() => ({ scalarType: "string" as const, arity: "scalar" as const })) });

async function open(file = path.join(mkdtempSync(path.join(tmpdir(), "adapter-")), "t.db"), timeout?: number) {
  const adapter = await sqliteAdapter({ url: `file:${file}`, timeout }).connect();
  await adapter.executeScript("CREATE TABLE IF NOT EXISTS t (v TEXT)");
  return adapter;
}

describe("the SQLite adapter", () => {
  it("runs a statement outside a transaction only after the open transaction ends, so it never joins it", async () => {
    const adapter = await open();
    const tx = await adapter.startTransaction();
    await tx.executeRaw(sql("INSERT INTO t (v) VALUES (?)", ["in-tx"]));
    let outsideDone = false;
    const outside = adapter.executeRaw(sql("INSERT INTO t (v) VALUES (?)", ["outside"])).then(() => (outsideDone = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(outsideDone).toBe(false);
    // The transaction rolls back: only its own row goes; the outside write, which waited, stays.
    await tx.executeRaw(sql("ROLLBACK"));
    await tx.rollback();
    await outside;
    const rows = await adapter.queryRaw(sql("SELECT v FROM t"));
    expect(rows.rows).toEqual([["outside"]]);
    await adapter.dispose();
  });

  it("lets go of the lock when COMMIT itself fails, instead of blocking the process for good", async () => {
    const adapter = await open();
    const tx = await adapter.startTransaction();
    await tx.executeRaw(sql("COMMIT"));
    // A second COMMIT fails ("no transaction is active"), the way a COMMIT on a full disk would.
    await expect(tx.executeRaw(sql("COMMIT"))).rejects.toThrow();
    const after = await Promise.race([adapter.queryRaw(sql("SELECT count(*) FROM t")).then(() => "ran"), new Promise((r) => setTimeout(() => r("blocked"), 1000))]);
    expect(after).toBe("ran");
    await adapter.dispose();
  });

  it("waits for another connection's write lock without blocking the event loop, and gives up at its deadline", async () => {
    // Two connections to one file stand for two processes (a web process and the worker).
    const file = path.join(mkdtempSync(path.join(tmpdir(), "adapter-")), "t.db");
    const holder = await open(file);
    const waiter = await open(file, 1500);
    const held = await holder.startTransaction();
    await held.executeRaw(sql("INSERT INTO t (v) VALUES (?)", ["first"]));
    // While the waiter waits for the lock, timers keep firing: the process goes on serving.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    const waiting = waiter.startTransaction();
    await new Promise((r) => setTimeout(r, 300));
    expect(ticks).toBeGreaterThan(15);
    await held.executeRaw(sql("COMMIT"));
    await held.commit();
    const tx = await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await tx.executeRaw(sql("INSERT INTO t (v) VALUES (?)", ["second"]));
    await tx.executeRaw(sql("COMMIT"));
    await tx.commit();
    // A lock that is never let go: the waiter fails as busy at its deadline (1.5 s), and the process was never frozen.
    const stuck = await holder.startTransaction();
    ticks = 0;
    const t0 = Date.now();
    await expect(waiter.executeRaw(sql("INSERT INTO t (v) VALUES (?)", ["third"]))).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    expect(ticks).toBeGreaterThan(100);
    clearInterval(timer);
    await stuck.executeRaw(sql("ROLLBACK"));
    await stuck.rollback();
    expect((await waiter.queryRaw(sql("SELECT v FROM t ORDER BY v"))).rows).toEqual([["first"], ["second"]]);
    await Promise.all([holder.dispose(), waiter.dispose()]);
  });

  it("prepares each SQL text once and reuses it with other arguments, also after a statement failed", async () => {
    const prepare = vi.spyOn(Database.prototype, "prepare");
    try {
      const adapter = await open();
      await adapter.executeScript("CREATE TABLE u (k TEXT PRIMARY KEY)");
      const insert = "INSERT INTO u (k) VALUES (?)";
      const select = "SELECT k FROM u WHERE k = ?";
      for (const k of ["a", "b", "c"]) await adapter.executeRaw(sql(insert, [k]));
      await expect(adapter.executeRaw(sql(insert, ["a"]))).rejects.toThrow(); // the primary key
      for (const k of ["c", "a", "b", "z"]) expect((await adapter.queryRaw(sql(select, [k]))).rows).toEqual(k === "z" ? [] : [[k]]);
      expect(prepare.mock.calls.filter(([text]) => text === insert)).toHaveLength(1);
      expect(prepare.mock.calls.filter(([text]) => text === select)).toHaveLength(1);
      await adapter.dispose();
    } finally {
      prepare.mockRestore();
    }
  });
});
