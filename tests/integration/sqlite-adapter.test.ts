import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqliteAdapter } from "~/sqlite-adapter.server";

// The wrapper around Prisma's better-sqlite3 adapter (decision 007), against a real SQLite file.
const sql = (text: string, args: unknown[] = []) => ({ sql: text, args, argTypes: args.map(() => ({ scalarType: "string" as const, arity: "scalar" as const })) });

async function open() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "adapter-")), "t.db");
  const adapter = await sqliteAdapter({ url: `file:${file}` }).connect();
  await adapter.executeScript("CREATE TABLE t (v TEXT)");
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
});
