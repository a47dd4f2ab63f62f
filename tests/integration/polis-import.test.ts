import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { tallyReport } from "~/services/cases/ballots.server";
import { detectAgreeSign, importPolis } from "~/services/polis-import.server";

const run = promisify(execFile);
const FIXTURE = path.resolve("tests/fixtures/polis");

beforeAll(() => prepareDatabase());

describe("Pol.is import and the tally command", () => {
  it("imports statements and last votes, hides moderated statements, and finds the bridging statement", async () => {
    const r = await importPolis(FIXTURE);
    expect(r).toMatchObject({ statements: 5, hidden: 1, voters: 24, agreeSign: 1 });
    const hidden = await db.proposal.findFirstOrThrow({ where: { reportId: r.reportId, externalId: "3" } });
    expect(hidden.status).toBe("hidden");
    const tally = await tallyReport(r.deliberation);
    // Five participants did not see statement 4: with 3 of the 4 statements they are not placed in a group (Pol.is:
    // min(7, statements) votes), but their votes count in every total below.
    expect(tally.groups.map((g) => g.size)).toEqual([11, 8]);
    expect(tally.clustered).toBe(19);
    expect(tally.participants).toHaveLength(19);
    expect(tally.proposals.map((p) => p.externalId)).not.toContain("3");
    // Statement 0 is agreed across both groups; 1 and 2 split them.
    expect(tally.proposals[0]).toMatchObject({ externalId: "0", agree: 24, disagree: 0 });
    const s2 = tally.proposals.find((p) => p.externalId === "2")!;
    // Participant 0's later "disagree" replaced the earlier "agree".
    expect(s2).toMatchObject({ agree: 10, disagree: 14 });
    const s4 = tally.proposals.find((p) => p.externalId === "4")!;
    expect(s4.groups.reduce((n, g) => n + g.votes, 0)).toBeLessThan(24); // not everyone saw it
    expect(tally.proposals.every((p, i, all) => i === 0 || (all[i - 1]!.consensus ?? 0) >= (p.consensus ?? 0))).toBe(true);
  });

  it("reads an older export where −1 means agree, by checking the counts in comments.csv", () => {
    const comments = [{ "comment-id": "1", agrees: 2, disagrees: 1 }];
    expect(detectAgreeSign(comments, [{ comment: "1", vote: 1 }, { comment: "1", vote: 1 }, { comment: "1", vote: -1 }])).toBe(1);
    expect(detectAgreeSign(comments, [{ comment: "1", vote: -1 }, { comment: "1", vote: -1 }, { comment: "1", vote: 1 }])).toBe(-1);
  });

  it("refuses a broken export with the line that is wrong, writing nothing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "polis-"));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(path.join(dir, "votes.csv"), readFileSync(path.join(dir, "votes.csv"), "utf8") + "garbage,x,notanumber,7,9\n");
    const before = await db.deliberation.count();
    await expect(importPolis(dir)).rejects.toMatchObject({ code: "errors.polis_bad_row", fields: { file: expect.stringMatching(/^votes\.csv line \d+$/) } });
    expect(await db.deliberation.count()).toBe(before);
  });

  it("works from the command line: import prints the deliberation, tally prints the JSON", async () => {
    const env = { ...process.env };
    const imported = await run("npx", ["--no-install", "tsx", "scripts/import-polis.ts", FIXTURE], { env });
    const last = imported.stdout.trim().split("\n").at(-1)!;
    const { deliberation } = JSON.parse(last) as { deliberation: string };
    expect(deliberation).toMatch(/^c/);
    const tallied = await run("npx", ["--no-install", "tsx", "scripts/tally.ts", "--deliberation", deliberation, "--json"], { env });
    const json = JSON.parse(tallied.stdout.trim().split("\n").at(-1)!) as { participants: { externalId: string; group: number }[]; groups: { id: number; size: number; repness: { externalId: string }[] }[]; proposals: { id: string; externalId: string; text: string; agree: number; disagree: number; pass: number; groups: unknown[]; consensus: number }[] };
    expect(json.groups.map((g) => g.size)).toEqual([11, 8]);
    expect(json.proposals[0]).toMatchObject({ externalId: "0", agree: 24 });
    // Each placed participant by their Pol.is voter-id, and what sets each group apart (statements 1 and 2 split them).
    expect(json.participants).toHaveLength(19);
    expect(new Set(json.participants.map((p) => p.group))).toEqual(new Set([0, 1]));
    expect(json.participants.every((p) => /^\d+$/.test(p.externalId))).toBe(true);
    for (const g of json.groups) expect(g.repness.map((r) => r.externalId)).toEqual(expect.arrayContaining([expect.stringMatching(/^[12]$/)]));
    expect(Object.keys(json.proposals[0]!)).toEqual(expect.arrayContaining(["id", "externalId", "text", "agree", "disagree", "pass", "groups", "consensus"]));
  }, 60_000);
});
