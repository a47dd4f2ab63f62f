import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { QUEUE_NAME } from "~/jobs";
import type { Actor } from "~/domain/roles";
import { fanOut, pendingFanoutIds, purgeDoneFanouts, setFollowing } from "~/services/notifications.server";
import { createProposal, mergeProposals } from "~/services/proposals.server";
import { enqueue } from "~/services/queue.server";
import { fileReport } from "~/services/reports.server";
import { postComment } from "~/services/threads.server";
import { processJob } from "../../workers/dispatch";
import { sweepPending } from "../../workers/processors/sweep";
import { createUser, KECAMATAN, validReport, waitFor } from "../helpers/fixtures";

// A request records who must hear of an event (one NotificationFanout row, in its own transaction); the worker's
// notify.fanout job writes the notifications and their e-mail rows, exactly once however often it runs.

const as = (u: { id: string }, role: Actor["role"] = "warga", regionCodes: string[] = []): Actor => ({ id: u.id, role, agencyId: null, regionCodes });
const notificationsOf = (commentId: string) => db.notification.findMany({ where: { commentId }, select: { userId: true, kind: true }, orderBy: { userId: "asc" } });
const emailsFor = async (commentId: string) => {
  const ids = (await db.notification.findMany({ where: { commentId }, select: { id: true } })).map((n) => n.id);
  return db.outboxMessage.count({ where: { kind: "email.notification", OR: ids.map((id) => ({ payload: { contains: id } })) } });
};

let reporter: Actor, author: Actor, followers: Actor[];
let reportId: string;

beforeAll(async () => {
  await prepareDatabase();
  reporter = as(await createUser());
  author = as(await createUser());
  followers = (await Promise.all(Array.from({ length: 20 }, () => createUser()))).map((u) => as(u));
  reportId = (await fileReport(reporter.id, validReport, [])).id;
  for (const f of followers) await setFollowing(f.id, "report", reportId, true);
  // Followers since an hour ago: a fan-out reaches those who followed by its event, and one test ages its event.
  await db.follow.updateMany({ where: { targetId: reportId }, data: { createdAt: new Date(Date.now() - 3600_000) } });
});

describe("notification fan-out", () => {
  it("a comment writes one fan-out row and no notification in its request; the fan-out writes each follower's once", async () => {
    const c = await postComment(author, { reportId, text: "Airnya sudah surut, tapi lumpurnya belum dibersihkan." });
    expect(await notificationsOf(c.id)).toEqual([]);
    const [row] = await db.notificationFanout.findMany({ where: { commentId: c.id } });
    expect(row).toMatchObject({ reportId, actorId: author.id, doneAt: null });

    // Two workers run the same job at once (a stalled job run again): one writes, the other finds it done.
    const outcomes = await Promise.all([fanOut(row!.id), fanOut(row!.id), fanOut(row!.id)]);
    expect(outcomes.sort()).toEqual(["already", "already", "done"]);
    const written = await notificationsOf(c.id);
    // The 20 followers, never the author (who follows the report from their first comment on).
    expect(written).toHaveLength(20);
    expect(new Set(written.map((n) => n.userId)).size).toBe(20);
    expect(written.every((n) => n.kind === "comment" && n.userId !== author.id)).toBe(true);
    expect(await emailsFor(c.id)).toBe(20);
    expect(await fanOut(row!.id)).toBe("already");
    expect(await notificationsOf(c.id)).toHaveLength(20);
  });

  it("someone in two audiences hears once, by the first: a reply to a follower who is also mentioned is a reply", async () => {
    const parent = await postComment(followers[0]!, { reportId, text: "Siapa yang bisa bantu kerja bakti Minggu?" });
    const body = JSON.stringify({ root: { type: "root", children: [{ type: "paragraph", children: [
      { type: "text", text: "Saya bisa, ", format: 0, version: 1 },
      { type: "mention", userId: followers[0]!.id, text: "@Pengguna", version: 1 },
    ] }] } });
    const reply = await postComment(author, { reportId, parentId: parent.id, body });
    expect(reply.html).toContain('class="mention"');
    for (const id of await pendingFanoutIds(0, new Date(Date.now() + 1))) await fanOut(id);
    const toParentAuthor = (await notificationsOf(reply.id)).filter((n) => n.userId === followers[0]!.id);
    expect(toParentAuthor).toEqual([{ userId: followers[0]!.id, kind: "reply" }]);
  });

  it("a lost job is rung again by the sweeper once the row is older than a lease, and the real worker writes it once", async () => {
    const connection = new Redis(env().REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection, prefix: env().QUEUE_PREFIX });
    let worker = new Worker(QUEUE_NAME, processJob, { connection, prefix: env().QUEUE_PREFIX });
    try {
      // A job rung after its commit runs in the worker.
      const c = await postComment(author, { reportId, text: "Lampu jalan di gang 5 mati lagi sejak kemarin." });
      await waitFor(async () => (await notificationsOf(c.id)).length === 20);
      // Posted while no worker runs, then Redis loses the job (wiped): only the row remembers.
      await worker.close();
      const lost = await postComment(author, { reportId, text: "Got sudah tersumbat sampah plastik lagi." });
      const lostRow = await db.notificationFanout.findFirstOrThrow({ where: { commentId: lost.id }, select: { id: true } });
      await queue.obliterate({ force: true });
      worker = new Worker(QUEUE_NAME, processJob, { connection, prefix: env().QUEUE_PREFIX });
      // Younger than a lease, the row is left to its own ring; older, the sweeper rings it.
      expect(await pendingFanoutIds()).not.toContain(lostRow.id);
      await db.notificationFanout.update({ where: { id: lostRow.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
      expect(await pendingFanoutIds()).toContain(lostRow.id);
      expect(await notificationsOf(lost.id)).toEqual([]);
      expect(await sweepPending()).toMatchObject({ fanoutsDue: 1 });
      await waitFor(async () => (await notificationsOf(lost.id)).length === 20);
      // Rung once more after it ran (a sweeper racing the job): nothing doubles.
      await enqueue("notify.fanout", { fanoutId: lostRow.id }, `${lostRow.id}-again`);
      await waitFor(async () => {
        const left = await queue.getJobCounts("waiting", "active");
        return (left.waiting ?? 0) + (left.active ?? 0) === 0;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(await notificationsOf(lost.id)).toHaveLength(20);
      expect(await emailsFor(lost.id)).toBe(20);
      expect(await pendingFanoutIds(0, new Date(Date.now() + 1))).not.toContain(lostRow.id);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });

  it("one job fans out the other events still waiting in the same transaction, each once", async () => {
    const posted = [];
    for (const n of [1, 2, 3, 4, 5]) posted.push(await postComment(followers[n]!, { reportId, text: `Komentar serentak nomor ${n} tentang got.` }));
    const rows = await db.notificationFanout.findMany({ where: { commentId: { in: posted.map((c) => c.id) } }, select: { id: true } });
    expect(await fanOut(rows[2]!.id)).toBe("done");
    expect(await db.notificationFanout.count({ where: { id: { in: rows.map((r) => r.id) }, doneAt: null } })).toBe(0);
    for (const r of rows) expect(await fanOut(r.id)).toBe("already");
    // Each comment: the other 19 followers and the author, never the one who wrote it.
    for (const c of posted) {
      const written = await notificationsOf(c.id);
      expect(written).toHaveLength(20);
      expect(new Set(written.map((n) => n.userId)).size).toBe(20);
      expect(written.some((n) => n.userId === c.authorId)).toBe(false);
    }
  });

  it("a merge tells the merged proposal's followers, named in the request (they are moved over in it)", async () => {
    const fasil = as(await createUser("fasilitator"), "fasilitator", [KECAMATAN]);
    const from = await createProposal(followers[1]!, reportId, { title: "Pasang lampu baru di gang 5", text: "Lampu LED tenaga surya." });
    const into = await createProposal(followers[2]!, reportId, { title: "Ganti lampu jalan gang 5", text: "Lampu LED dari PLN." });
    await setFollowing(followers[3]!.id, "proposal", from.id, true);
    await mergeProposals(fasil, from.id, { intoId: into.id, note: "Usulan yang sama" });
    for (const id of await pendingFanoutIds(0, new Date(Date.now() + 1))) await fanOut(id);
    const merged = await db.notification.findMany({ where: { kind: "merged", proposalId: into.id }, select: { userId: true } });
    expect(merged.map((n) => n.userId).sort()).toEqual([followers[1]!.id, followers[3]!.id].sort());
  });

  it("done rows are kept a week, then purged", async () => {
    const done = await db.notificationFanout.count({ where: { doneAt: { not: null } } });
    expect(done).toBeGreaterThan(0);
    expect(await purgeDoneFanouts()).toBe(0);
    expect(await purgeDoneFanouts(new Date(Date.now() + 8 * 86_400_000))).toBe(done);
  });
});

