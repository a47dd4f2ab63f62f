import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Job } from "bullmq";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { exportDir } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { castBallot, computeTally, refreshTally } from "~/services/cases/ballots.server";
import { caseSelect } from "~/services/cases/case-records.server";
import { getCase } from "~/services/cases/case-view.server";
import { getExport, requestExport } from "~/services/exports.server";
import { importPolis } from "~/services/polis-import.server";
import { processExportJob } from "../../workers/processors/export";
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
    data.ballots.forEach((ballot, voter) => {
      if (data.groups[voter] !== 1) return;
      for (const [comment, vote] of ballot) votesOfGroup.set(String(comment), [...(votesOfGroup.get(String(comment)) ?? []), vote]);
    });
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
    // Refreshes that each see 6 % of the ballots changed: the first reuses the map and keeps its date, the second sees
    // 12 % changed since the map was made (not 6 % since the last refresh) and recomputes it.
    const modelAt = async () => JSON.parse((await db.deliberation.findUniqueOrThrow({ where: { id: deliberationId }, select: { opinionModel: true } })).opinionModel!).at as string;
    const made = await modelAt();
    const ballots = await db.ballot.findMany({ where: { deliberationId }, orderBy: { id: "asc" }, select: { id: true } });
    const touch = async (from: number, to: number) => {
      await new Promise((r) => setTimeout(r, 5));
      await db.ballot.updateMany({ where: { id: { in: ballots.slice(from, to).map((b) => b.id) } }, data: { updatedAt: new Date() } });
    };
    await touch(0, 24);
    expect((await computeTally(c)).reused).toBe(true);
    await refreshTally(deliberationId);
    expect(await modelAt()).toBe(made);
    await touch(24, 48);
    expect((await computeTally(c)).reused).toBe(false);
    await refreshTally(deliberationId);
    expect(await modelAt()).not.toBe(made);
    expect((await computeTally(c, db, { fresh: true })).reused).toBe(false);
  });

  it("prints each group's representative statements and the common ground in the DPRD member's dossier PDF", async () => {
    // The imported conversation's report is in Kecamatan 3173010 (Jakarta Barat).
    const u = await createUser("dprd");
    await db.userRegion.create({ data: { userId: u.id, regionCode: "3173010" } });
    const member = { id: u.id, role: "dprd" as const, agencyId: null, regionCodes: ["3173010"] };
    const id = await requestExport(member, { reportId });
    await processExportJob({ attemptsMade: 0, opts: { attempts: 5 }, updateProgress: async () => {} } as unknown as Job, { exportId: id });
    expect(await getExport(member, id)).toMatchObject({ status: "selesai" });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await readFile(path.join(exportDir(), `${id}.pdf`)))), { mergePages: true });
    expect(text).toContain("Yang membedakan kelompok ini dari yang lain");
    expect(text).toMatch(/kelompok ini (setuju|menolak), \d+ ?% di kelompok lain ·\s+bermakna \(z = \d+,\d\)/);
    expect(text).toContain("Yang disetujui semua kelompok");
  });
});
