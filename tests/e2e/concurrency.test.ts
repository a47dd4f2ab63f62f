import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { postComment } from "~/services/threads.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";
import { HttpClient } from "../helpers/http-client";

// Every check-then-write of the case, raced by parallel requests against the real web server and worker, many
// rounds over: a ballot cast while the vote closes, a task's capacity, one person's parallel ballots, and racing
// comment edits and a delete. Nothing accepted may be lost or overbooked.
const ROUNDS = Number(process.env.CONCURRENCY_ROUNDS ?? 20);
const DAY = 86_400_000;
const warga = (id: string) => ({ id, role: "warga" as const, agencyId: null, regionCodes: [] });

let app: RunningApp;
let fasil: HttpClient;
let agencyId: string;

beforeAll(async () => {
  await prepareDatabase();
  agencyId = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  const f = await createUser("fasilitator");
  await db.userRegion.create({ data: { userId: f.id, regionCode: KECAMATAN } });
  app = await startApp();
  fasil = await HttpClient.signedIn(app.url, f.id);
}, 120_000);
afterAll(() => app?.stop());

/** A report whose vote is open now (opened an hour ago, closing in a day), with two proposals. */
async function openVote(author: string) {
  const reportId = (await fileReport(author, validReport, [])).id;
  const proposals = [
    (await createProposal(warga(author), reportId, { title: "Tambal dengan aspal dingin", text: "Tambal minggu ini." })).id,
    (await createProposal(warga(author), reportId, { title: "Aspal ulang seluruh ruas", text: "Aspal ulang 200 meter." })).id,
  ];
  const now = Date.now();
  const deliberation = await db.deliberation.create({
    data: { reportId, state: "pemungutan_suara", votingOpensAt: new Date(now - 3600_000), votingClosesAt: new Date(now + DAY), quorum: 1, minSupportPercent: 0, planVersion: 1 },
    select: { id: true },
  });
  return { reportId, proposals, deliberationId: deliberation.id };
}

const receiptOf = (res: { status: number; res: Response }) => (res.status === 302 ? /[?&]tanda=([0-9a-f]{24})/.exec(res.res.headers.get("location") ?? "")?.[1] ?? null : null);

describe("concurrency against the real server", () => {
  it(`counts every accepted ballot when voting closes during a burst of votes (${ROUNDS} rounds)`, async () => {
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const author = await createUser();
      const vote = await openVote(author.id);
      const citizens = await Promise.all(Array.from({ length: 15 }, async () => HttpClient.signedIn(app.url, (await createUser()).id)));
      const page = `/laporan/${vote.reportId}`;
      const tokens = await Promise.all(citizens.map((c) => c.csrfToken(page)));
      const closeToken = await fasil.csrfToken(page);
      // The votes arrive over ~300 ms and the close lands somewhere inside them, at a different moment each round.
      const spacingMs = 20;
      const closeAfterMs = 40 + ((round * 53) % (spacingMs * (citizens.length - 4)));
      const votesSent = citizens.map((c, i) =>
        new Promise((r) => setTimeout(r, i * spacingMs)).then(() => c.post(page, { csrf: tokens[i]!, intent: "case.vote", [`stance-${vote.proposals[i % 2]!}`]: "support" })),
      );
      await new Promise((r) => setTimeout(r, closeAfterMs));
      const close = await fasil.post(page, { csrf: closeToken, intent: "case.step", event: "close_voting" });
      const votes = await Promise.all(votesSent);
      expect(close.status).toBe(302);
      const c = await db.deliberation.findUniqueOrThrow({ where: { id: vote.deliberationId }, select: { state: true, tally: true } });
      expect(["mufakat", "ke_instansi", "tidak_mufakat"]).toContain(c.state);
      const tally = JSON.parse(c.tally!) as { voters: number; receipts: string[] };
      const receipts = votes.map(receiptOf).filter((r): r is string => !!r);
      // Accepted means counted: every receipt handed out is in the final tally, and the tally holds nothing else.
      expect([...tally.receipts].sort()).toEqual([...receipts].sort());
      expect(tally.voters).toBe(receipts.length);
      expect(await db.ballot.count({ where: { deliberationId: vote.deliberationId } })).toBe(receipts.length);
      // Refused means told so, in words: 409 with the "voting closed" message.
      for (const v of votes.filter((r) => r.status !== 302)) {
        expect(v.status).toBe(409);
        expect(v.html).toContain("Pemungutan suara sedang tidak dibuka.");
      }
      accepted += receipts.length;
      refused += votes.length - receipts.length;
    }
    // The race must really have been run: some ballots landed before the close and some after it.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    console.info(`[concurrency] close vs ballots: ${ROUNDS} rounds, ${accepted} ballots accepted and counted, ${refused} refused as late, 0 lost`);
  }, 600_000);

  it(`never signs up more people than a task has places (${ROUNDS} rounds)`, async () => {
    const author = await createUser();
    const reportId = (await fileReport(author.id, validReport, [])).id;
    const deliberation = await db.deliberation.create({ data: { reportId, state: "aksi_bersama", answer: "diterima", agencyId, planVersion: 1 }, select: { id: true } });
    const citizens = await Promise.all(Array.from({ length: 15 }, async () => HttpClient.signedIn(app.url, (await createUser()).id)));
    const page = `/laporan/${reportId}`;
    const tokens = await Promise.all(citizens.map((c) => c.csrfToken(page)));
    for (let round = 0; round < ROUNDS; round++) {
      const task = await db.jointTask.create({ data: { deliberationId: deliberation.id, title: `Kerja bakti ronde ${round}`, when: "Sabtu pagi", capacity: 3, createdById: author.id }, select: { id: true } });
      const results = await Promise.all(citizens.map((c, i) => c.post(page, { csrf: tokens[i]!, intent: "case.join", target: task.id })));
      expect(await db.taskSignup.count({ where: { taskId: task.id } })).toBe(3);
      expect(results.filter((r) => r.status === 302)).toHaveLength(3);
      for (const r of results.filter((x) => x.status !== 302)) {
        expect(r.status).toBe(409);
        expect(r.html).toContain("Kegiatan ini sudah penuh.");
      }
    }
  }, 600_000);

  it(`gives one person one ballot and one receipt however many they send at once (${ROUNDS} rounds)`, async () => {
    const author = await createUser();
    const vote = await openVote(author.id);
    const page = `/laporan/${vote.reportId}`;
    for (let round = 0; round < ROUNDS; round++) {
      const person = await createUser();
      const voter = await HttpClient.signedIn(app.url, person.id);
      const token = await voter.csrfToken(page);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => voter.post(page, { csrf: token, intent: "case.vote", [`stance-${vote.proposals[i % 2]!}`]: "support" })),
      );
      const receipts = new Set(results.map(receiptOf));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(302));
      expect(receipts.size).toBe(1);
      const mine = await db.ballot.findMany({ where: { deliberationId: vote.deliberationId, userId: person.id }, select: { receipt: true } });
      expect(mine).toHaveLength(1);
      expect(receipts.has(mine[0]!.receipt)).toBe(true);
    }
    expect(await db.ballot.count({ where: { deliberationId: vote.deliberationId } })).toBe(ROUNDS);
  }, 600_000);

  it(`keeps every edit's history exactly once and no text in a deleted comment (${ROUNDS} rounds)`, async () => {
    const reportId = (await fileReport((await createUser()).id, validReport, [])).id;
    const page = `/laporan/${reportId}`;
    let deletedRounds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // A new author each round: the per-person write limit is not what this test is about.
      const author = await createUser();
      const client = await HttpClient.signedIn(app.url, author.id);
      const token = await client.csrfToken(page);
      const comment = await postComment(warga(author.id), { reportId, text: `Versi awal ronde ${round}` });
      const edits = Array.from({ length: 8 }, (_, i) => `Versi ${i + 1} ronde ${round}`);
      // Every other round a delete races the edits.
      const withDelete = round % 2 === 1;
      const results = await Promise.all([
        ...edits.map((text) => client.post(page, { csrf: token, intent: "comment.edit", target: comment.id, text })),
        ...(withDelete ? [client.post(page, { csrf: token, intent: "comment.delete", target: comment.id })] : []),
      ]);
      const row = await db.comment.findUniqueOrThrow({ where: { id: comment.id }, select: { status: true, text: true, body: true, html: true, revisions: { select: { html: true } } } });
      if (row.status === "deleted") {
        deletedRounds += 1;
        expect({ text: row.text, body: row.body, html: row.html, revisions: row.revisions.length }).toEqual({ text: "", body: "", html: "", revisions: 0 });
        continue;
      }
      expect(withDelete && results.at(-1)!.status === 302).toBe(false);
      const applied = edits.filter((_, i) => results[i]!.status === 302);
      for (const r of results.filter((x) => x.status !== 302)) expect(r.status).toBe(409);
      // The wordings kept are the first and every applied edit but the current one, each once.
      const words = [...row.revisions.map((r) => r.html), row.html].map((h) => h.replace(/<[^>]+>/g, ""));
      expect(new Set(words).size).toBe(words.length);
      expect([...words].sort()).toEqual([`Versi awal ronde ${round}`, ...applied].sort());
    }
    console.info(`[concurrency] comment edits: ${ROUNDS} rounds, the delete won ${deletedRounds} of ${Math.floor(ROUNDS / 2)} races`);
  }, 600_000);
});
