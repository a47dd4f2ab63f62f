import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { castBallot, computeTally, refreshTally } from "~/services/cases/ballots.server";
import { caseSelect } from "~/services/cases/case-records.server";
import { getCase } from "~/services/cases/case-view.server";
import { importPolis } from "~/services/polis-import.server";
import { polisShaped, writePolisShaped } from "../../bench/polis-shaped";
import { createUser } from "../helpers/fixtures";

// "Where do I stand?" end to end through the services: a Pol.is-shaped conversation (two groups) imported into an
// open vote, a signed-in citizen who votes like the smaller group, the provisional tally in the worker's function,
// and the case as the report page reads it for that citizen, for a citizen without a ballot, and for a visitor.
let reportId: string;
let deliberationId: string;
const statementOf = new Map<string, string>(); // comment-id → proposal id
const data = polisShaped({ participants: 400, statements: 30, medianVotes: 14, groupShares: [0.6, 0.4], consensusStatements: 2, seed: 31 });

beforeAll(async () => {
  await prepareDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), "polis-map-"));
  writePolisShaped(dir, data);
  const r = await importPolis(dir);
  reportId = r.reportId;
  deliberationId = r.deliberation;
  for (const p of await db.proposal.findMany({ where: { reportId }, select: { id: true, externalId: true } })) statementOf.set(p.externalId!, p.id);
  await db.deliberation.update({ where: { id: deliberationId }, data: { showResultsBeforeClose: true } });
});

const actorOf = (u: { id: string }) => ({ id: u.id, role: "warga" as const, agencyId: null, regionCodes: [] });

describe("the opinion map and a voter's place on it", () => {
  it("places a voter in the group they vote like, shows nobody else's place, and asks a sparse voter for more votes", async () => {
    // Vote exactly as group 1 (the 40 % group) of the built conversation leans on every statement it saw most.
    const votesOfGroup = new Map<string, number[]>();
    for (const line of data.votesCsv.trim().split("\n").slice(1)) {
      const [, , comment, voter, vote] = line.split(",");
      if (data.groups[Number(voter)] !== 1) continue;
      votesOfGroup.set(comment!, [...(votesOfGroup.get(comment!) ?? []), Number(vote)]);
    }
    const choices: Record<string, string> = {};
    for (const [comment, votes] of votesOfGroup) {
      const id = statementOf.get(comment);
      if (!id || data.moderated.includes(comment)) continue;
      const mean = votes.reduce((a, b) => a + b, 0) / votes.length;
      choices[id] = mean > 0 ? "support" : "oppose";
    }
    const voter = await createUser();
    await castBallot(actorOf(voter), reportId, choices);
    const sparse = await createUser();
    await castBallot(actorOf(sparse), reportId, Object.fromEntries(Object.entries(choices).slice(0, 3)));
    expect(await refreshTally(deliberationId)).toBe("refreshed");

    const mine = await getCase(reportId, actorOf(voter));
    expect(mine.tally?.groups?.map((g) => g.size).length).toBe(2);
    expect(mine.myPlace).toMatchObject({ votes: Object.keys(choices).length, minVotes: 7 });
    const place = mine.myPlace as { group: number; position: [number, number] };
    // The group the voter was placed in is the one the built 40 % group mostly fell into.
    const built = await computeTally((await db.deliberation.findUniqueOrThrow({ where: { id: deliberationId }, select: caseSelect })), db, { fresh: true });
    const importedGroup1 = built.participants.filter((p) => p.externalId !== null && data.groups[Number(p.externalId)] === 1 && p.group >= 0);
    const majority = [0, 1].sort((a, b) => importedGroup1.filter((p) => p.group === b).length - importedGroup1.filter((p) => p.group === a).length)[0];
    expect(place.group).toBe(majority);

    expect(await getCase(reportId, actorOf(sparse))).toMatchObject({ myPlace: { group: null, votes: 3, minVotes: 7 } });
    expect((await getCase(reportId, actorOf(await createUser()))).myPlace).toBeNull();
    expect((await getCase(reportId, null)).myPlace).toBe(false);
    // What is published holds groups (centre, spread, size) and statements, never a voter's position or group.
    const published = (await db.deliberation.findUniqueOrThrow({ where: { id: deliberationId }, select: { tally: true } })).tally!;
    expect(published).not.toMatch(/"(labels|positions|participants|model)"/);
    expect(JSON.parse(published).groups[0]).toEqual(expect.objectContaining({ centre: expect.any(Array), spread: expect.any(Array), repness: expect.any(Array) }));
  });

  it("reuses the map while few ballots changed, recomputes it when many did, and counts afresh at the close", async () => {
    const c = await db.deliberation.findUniqueOrThrow({ where: { id: deliberationId }, select: caseSelect });
    const stored = await db.deliberation.findUniqueOrThrow({ where: { id: deliberationId }, select: { opinionModel: true } });
    expect(stored.opinionModel).toBeTruthy();
    // Nothing changed since the last refresh: the map is reused.
    expect((await computeTally(c)).reused).toBe(true);
    // A fifth of the ballots changed after the map was made: recomputed.
    const ballots = await db.ballot.findMany({ where: { deliberationId }, select: { id: true }, take: 100 });
    await db.ballot.updateMany({ where: { id: { in: ballots.map((b) => b.id) } }, data: { updatedAt: new Date(Date.now() + 60_000) } });
    expect((await computeTally(c)).reused).toBe(false);
    expect((await computeTally(c, db, { fresh: true })).reused).toBe(false);
  });
});
