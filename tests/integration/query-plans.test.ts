import Database from "better-sqlite3";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { castBallot } from "~/services/cases/ballots.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { startSession } from "~/utils/session.server";
import { loader as reportPage } from "~/routes/laporan.$id";
import { createUser, validReport } from "../helpers/fixtures";

// The report page is the most viewed page: none of its statements (nor those of filing, proposing and voting, run
// here to set it up) may read a table whole. Every SQL text the
// adapter prepares while the page loads is checked with SQLite's EXPLAIN QUERY PLAN: a SCAN of a table that grows
// with use (not the small reference tables) or a grouping of a whole related table (Prisma's relation `_count`) fails.
// The statement cache prepares each SQL text once per connection, so the spy is in place before the first query.
const prepared: string[] = [];
const prepare = Database.prototype.prepare;
vi.spyOn(Database.prototype, "prepare").mockImplementation(function (this: Database.Database, sql: string) {
  prepared.push(sql);
  return prepare.call(this, sql);
});

/** Reference data, read whole on purpose (and cached by the web process). */
const SMALL_TABLES = new Set(["Region", "Category", "Agency", "AgencyCategory", "AgencyRegion"]);

function planProblems(file: string, statements: string[]): string[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    const problems: string[] = [];
    for (const sql of new Set(statements)) {
      if (!/^\s*SELECT/i.test(sql)) continue;
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null);
      const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail);
      const scanned = plan.flatMap((d) => /^SCAN main\.(\w+)/.exec(d)?.[1] ?? []).filter((t) => !SMALL_TABLES.has(t));
      const grouped = plan.filter((d) => /^MATERIALIZE aggr_selection/.test(d));
      if (scanned.length || grouped.length) problems.push(`${sql.replace(/`main`\./g, "").slice(0, 160)}…\n    ${plan.join(" | ")}`);
    }
    return problems;
  } finally {
    sqlite.close();
  }
}

let reportId: string;
let cookie: string;

beforeAll(async () => {
  await prepareDatabase();
  const author = await createUser();
  const voter = await createUser();
  reportId = (await fileReport(author.id, validReport, [])).id;
  const asCitizen = (u: { id: string }) => ({ id: u.id, role: "warga" as const, agencyId: null, regionCodes: [] });
  const proposal = (await createProposal(asCitizen(author), reportId, { title: "Tambal lubangnya", text: "Dengan aspal dingin." })).id;
  const now = new Date();
  const deliberation = await db.deliberation.create({
    data: {
      reportId, state: "pemungutan_suara", ballotType: "approval", quorum: 1, minSupportPercent: 50, eligibility: "semua",
      votingOpensAt: new Date(now.getTime() - 3600_000), votingClosesAt: new Date(now.getTime() + 86_400_000),
    },
  });
  await db.jointTask.create({ data: { deliberationId: deliberation.id, title: "Kerja bakti", createdById: author.id } });
  await db.progressUpdate.create({ data: { deliberationId: deliberation.id, kind: "progress", note: "Material dikirim.", authorId: author.id } });
  await castBallot(asCitizen(voter), reportId, { [proposal]: "support" });
  const setCookie = await startSession(voter.id, new Request("http://localhost/masuk"));
  cookie = setCookie.split(";")[0]!;
});

describe("the report page's queries", () => {
  it("read only the rows of this report, for a visitor and for a signed-in voter", async () => {
    for (const headers of [{}, { cookie }] as Record<string, string>[]) {
      const response = await reportPage({ request: new Request(`http://localhost/laporan/${reportId}`, { headers }), params: { id: reportId }, context: {} });
      expect(response.status).toBe(200);
    }
    // Every statement prepared in this file, the set-up's writes (filing, proposing, voting) included: a statement
    // the page shares with them was prepared, and cached, before the page ran.
    const statements = [...prepared];
    expect(statements.filter((sql) => /FROM `main`.`Deliberation`/.test(sql)).length, "the page's statements were seen").toBeGreaterThan(0);
    expect(planProblems(process.env.DATABASE_URL!.replace(/^file:/, ""), statements)).toEqual([]);
  });
});
