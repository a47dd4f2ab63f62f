import { spawnSync } from "node:child_process";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { PrismaClient as PostgresClient } from "~/generated/prisma-postgresql/client";
import { postComment } from "~/services/threads.server";
import { fileReport } from "~/services/reports.server";
import { createUser, validReport } from "../helpers/fixtures";
import { urlOf, withAdmin } from "../helpers/test-database";

// Moving an install from SQLite to PostgreSQL (`npm run db:copy`): every row of every table arrives unchanged —
// dates, numbers, JSON kept as text, a reply's reference to its parent, the region tree — and the counts are checked.
const target = urlOf(`msy_copy_${process.pid}`);
const admin = (sql: string) => withAdmin((client) => client.query(sql));
afterAll(() => admin(`DROP DATABASE IF EXISTS msy_copy_${process.pid} WITH (FORCE)`));

const copy = () => spawnSync("npx", ["--no-install", "tsx", "scripts/db-copy.ts", "--from", process.env.DATABASE_URL!, "--to", target], { encoding: "utf8", env: process.env });

describe("npm run db:copy", () => {
  it("copies every table from SQLite to an empty PostgreSQL database, row for row, and refuses a filled one", async () => {
    await admin(`DROP DATABASE IF EXISTS msy_copy_${process.pid} WITH (FORCE)`);
    const author = await createUser();
    const report = await fileReport(author.id, validReport, []);
    const actor = { id: author.id, role: "warga" as const, agencyId: null, regionCodes: [] };
    const parent = await postComment(actor, { reportId: report.id, text: "Sudah sebulan belum diperbaiki." });
    await postComment(actor, { reportId: report.id, text: "Betul, makin dalam.", parentId: parent.id });

    const run = copy();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rows in \d+ tables copied and counted/);

    const to = new PostgresClient({ adapter: new PrismaPg({ connectionString: target }) });
    try {
      const models = ["region", "agency", "category", "user", "report", "comment", "auditEvent", "counter", "follow", "outboxMessage"] as const;
      for (const model of models) {
        const ask = { orderBy: model === "region" ? { code: "asc" } : model === "category" ? { slug: "asc" } : model === "counter" ? { name: "asc" } : model === "follow" ? [{ userId: "asc" }, { targetType: "asc" }, { targetId: "asc" }] : { id: "asc" } };
        const source = await (db[model] as unknown as { findMany(a: object): Promise<unknown[]> }).findMany(ask);
        const copied = await (to[model] as unknown as { findMany(a: object): Promise<unknown[]> }).findMany(ask);
        expect(copied, model).toEqual(source);
      }
      expect(await to.comment.count({ where: { parentId: parent.id } })).toBe(1);
      expect(await to.region.count({ where: { parentCode: { not: null } } })).toBe(await db.region.count({ where: { parentCode: { not: null } } }));
    } finally {
      await to.$disconnect();
    }

    // A second copy into the now filled database is refused, and changes nothing.
    const again = copy();
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already holds data");
  }, 120_000);
});
