import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { COMMENT_EDIT_WINDOW_MS } from "~/domain/deliberation";
import type { Actor } from "~/domain/roles";
import { dismissFlags, flagComment, hideComment, moderationQueue, restoreComment, suspendUser } from "~/services/moderation.server";
import { deliverOutboxMessage, planDailyDigests } from "~/services/outbox-delivery.server";
import { fanOutPending, listNotifications, setEmailMode } from "~/services/notifications.server";
import { dueOutboxIds } from "~/services/outbox.server";
import {
  addArgument, agreeWithArgument, createProposal, decideAmendment, editProposal, getProposal, listProposals, mergeProposals,
  proposalHistory, proposeAmendment, survivingProposalId,
} from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { agreeWithComment, commentHistory, commentSubtree, deleteComment, editComment, listThread, postComment } from "~/services/threads.server";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";
import { captureMail, mailText } from "../helpers/mail";

const actor = (u: { id: string }, role: Actor["role"] = "warga", regionCodes: string[] = []): Actor => ({ id: u.id, role, agencyId: null, regionCodes });
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { status?: number; code?: string; fields?: Record<string, string> }) => ({ status: e.status, code: e.code, fields: e.fields }));

let reportId: string;
let siti: Actor, budi: Actor, ani: Actor, fasil: Actor;
let mail: Awaited<ReturnType<typeof captureMail>>;

beforeAll(async () => {
  await prepareDatabase();
  const [a, b, c, f] = await Promise.all([createUser(), createUser(), createUser(), createUser("fasilitator")]);
  siti = actor(a); budi = actor(b); ani = actor(c); fasil = actor(f, "fasilitator", [KECAMATAN]);
  await db.user.update({ where: { id: a.id }, data: { name: "Siti Aminah" } });
  await db.user.update({ where: { id: b.id }, data: { name: "Budi Santoso" } });
  reportId = (await fileReport(siti.id, validReport, [])).id;
  mail = await captureMail();
});
afterAll(() => mail.close());

async function deliverAll() {
  await fanOutPending(); // the worker's notify.fanout jobs, run here
  const rows = await db.outboxMessage.findMany({ where: { status: "pending" }, select: { id: true } });
  for (const r of rows) await deliverOutboxMessage(r.id);
}

describe("comment threads", () => {
  it("posts the same form once however often it is sent, and a different text under a used token as a new comment", async () => {
    const formToken = "tok_0123456789abcdefXYZ";
    const sent = await Promise.all(Array.from({ length: 5 }, () => postComment(siti, { reportId, text: "Dikirim dua kali karena sinyal lemah.", formToken })));
    expect(new Set(sent.map((c) => c.id)).size).toBe(1);
    expect(await db.comment.count({ where: { reportId, text: "Dikirim dua kali karena sinyal lemah." } })).toBe(1);
    const other = await postComment(siti, { reportId, text: "Komentar kedua sebelum halaman dimuat ulang.", formToken });
    expect(other.id).not.toBe(sent[0]!.id);
    // Someone else's token is theirs: the same token from another author is another comment.
    const budis = await postComment(budi, { reportId, text: "Dikirim dua kali karena sinyal lemah.", formToken });
    expect(budis.id).not.toBe(sent[0]!.id);
  });

  it("posts, nests replies, notifies the parent's author and mentioned people, and e-mails through the outbox", async () => {
    const top = await postComment(budi, { reportId, text: "Lubangnya makin dalam sejak hujan kemarin." });
    const reply = await postComment(siti, { reportId, parentId: top.id, text: "Betul. @Budi Santoso, sudah difoto?" });
    expect(reply.depth).toBe(1);
    // Notifications are written by the worker's fan-out job, after the request (run here).
    expect(await listNotifications(budi.id)).toMatchObject({ items: [] });
    await fanOutPending();
    const notes = await listNotifications(budi.id);
    // Budi gets a reply notification, not a second one for the mention in the same comment.
    expect(notes.items.map((n) => n.kind)).toEqual(["reply"]);
    const third = await postComment(ani, { reportId, text: "Saya lihat juga, @Siti Aminah." });
    await fanOutPending();
    expect((await listNotifications(siti.id)).items.map((n) => n.kind)).toContain("mention");
    // The outbox rows were written with the notifications; delivering them sends real SMTP mail.
    await deliverAll();
    const budiEmail = (await db.user.findUniqueOrThrow({ where: { id: budi.id } })).email;
    const toBudi = mail.inbox.filter((m) => m.to.includes(budiEmail));
    // One for Siti's reply; one because Budi now follows the report (he commented) and Ani commented.
    expect(toBudi.map((m) => mailText(m.raw).split("\n")[0])).toEqual([
      expect.stringContaining("Siti Aminah membalas komentar Anda"),
      expect.stringContaining("berkomentar di"),
    ]);
    expect(mailText(toBudi[0]!.raw)).toContain(`/laporan/${reportId}#k-${reply.id}`);
    // Delivering again sends nothing more (idempotent on the row).
    const before = mail.inbox.length;
    await deliverAll();
    for (const r of await db.outboxMessage.findMany({ select: { id: true } })) expect(await deliverOutboxMessage(r.id)).toBe("skipped");
    expect(mail.inbox.length).toBe(before);
    expect(third.html).toContain('<span class="mention">@Siti Aminah</span>');
  });

  it("refuses empty text, replies to deleted comments, a second agree and agreeing with oneself, changing nothing", async () => {
    const count = await db.comment.count();
    expect(await errorOf(postComment(budi, { reportId, text: "   " }))).toMatchObject({ status: 422, fields: { body: "errors.richtext_empty" } });
    const c = await postComment(budi, { reportId, text: "Akan saya hapus." });
    await deleteComment(budi, c.id);
    expect(await errorOf(postComment(ani, { reportId, parentId: c.id, text: "Balasan" }))).toMatchObject({ status: 409, code: "errors.parent_unavailable" });
    const d = await postComment(budi, { reportId, text: "Setujui ini." });
    expect(await agreeWithComment(ani, d.id)).toBe(1);
    expect(await errorOf(agreeWithComment(ani, d.id))).toMatchObject({ status: 409, code: "errors.already_agreed" });
    expect(await errorOf(agreeWithComment(budi, d.id))).toMatchObject({ status: 409, code: "errors.agree_own" });
    expect((await db.comment.findUniqueOrThrow({ where: { id: d.id } })).agreeCount).toBe(1);
    expect(await db.comment.count()).toBe(count + 2);
    const gone = await db.comment.findUniqueOrThrow({ where: { id: c.id } });
    expect(gone).toMatchObject({ status: "deleted", html: "", text: "" });
  });

  it("keeps an edit history inside the window and refuses edits after it", async () => {
    const c = await postComment(ani, { reportId, text: "Versi pertama." });
    await editComment(ani, c.id, { text: "Versi kedua." });
    const history = await commentHistory(c.id);
    expect(history.comment.html).toBe("<p>Versi kedua.</p>");
    expect(history.revisions.map((r) => r.html)).toEqual(["<p>Versi pertama.</p>"]);
    const later = new Date(Date.now() + COMMENT_EDIT_WINDOW_MS + 1000);
    expect(await errorOf(editComment(ani, c.id, { text: "Terlambat." }, later))).toMatchObject({ status: 403, code: "errors.edit_window_closed" });
    expect(await errorOf(editComment(budi, c.id, { text: "Bukan milik saya." }))).toMatchObject({ status: 404 });
  });

  it("pages top-level comments by cursor, sorts by agreement and stops nesting at three levels", async () => {
    let parent = await postComment(budi, { reportId, text: "Level 0" });
    const root = parent;
    for (let level = 1; level <= 4; level++) parent = await postComment(ani, { reportId, parentId: parent.id, text: `Level ${level}` });
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listThread>> = await listThread(reportId, "terlama", cursor);
      page.comments.forEach((c) => seen.add(c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.has(root.id)).toBe(true);
    expect((await listThread(reportId, "terlama", null)).total).toBe(await db.comment.count({ where: { threadId: reportId } }));
    const page = await listThread(reportId, "terbaru", null);
    const shown = page.comments.find((c) => c.id === root.id)!;
    expect(shown.replies[0]!.replies[0]!.replies).toEqual([]);
    expect(shown.replies[0]!.replies[0]!.replyCount).toBe(1);
    const deeper = await commentSubtree(shown.replies[0]!.replies[0]!.id);
    expect(deeper.comment.replies[0]!.replies[0]!.depth).toBe(4);
    const agreed = await listThread(reportId, "disetujui", null);
    expect(agreed.comments[0]!.agreeCount).toBeGreaterThanOrEqual(agreed.comments[1]!.agreeCount);
  });

  it("mentions only people taking part: a crafted mention of anyone else stays plain text and notifies nobody", async () => {
    const outsider = await createUser();
    const mention = (userId: string, text: string) => ({ type: "mention", userId, text, version: 1 });
    const body = JSON.stringify({ root: { type: "root", children: [{ type: "paragraph", children: [mention(outsider.id, "@Orang Luar"), mention(siti.id, "@Siti")] }] } });
    const before = (await listNotifications(outsider.id)).items.length;
    const c = await postComment(budi, { reportId, body });
    expect(c.html).not.toMatch(/class="mention">@Orang Luar/);
    await fanOutPending();
    expect((await listNotifications(outsider.id)).items.length).toBe(before);
    expect((await listNotifications(siti.id)).items.some((n) => n.kind === "mention" && n.commentId === c.id)).toBe(true);
  });
});

describe("moderation", () => {
  it("flags once per person, hides with a public reason, restores, and lists the queue in the fasilitator's region", async () => {
    const c = await postComment(budi, { reportId, text: "Komentar kasar." });
    await flagComment(ani, c.id, { reason: "kasar" });
    expect(await errorOf(flagComment(ani, c.id, { reason: "kasar" }))).toMatchObject({ status: 409, code: "errors.already_flagged" });
    expect(await errorOf(flagComment(siti, c.id, { reason: "bukan-alasan" }))).toMatchObject({ status: 422 });
    expect((await moderationQueue(fasil)).map((q) => q.id)).toContain(c.id);
    const elsewhere = actor(await createUser("fasilitator"), "fasilitator", ["3173"]);
    expect((await moderationQueue(elsewhere)).map((q) => q.id)).not.toContain(c.id);
    expect(await errorOf(hideComment(elsewhere, c.id, { reason: "bukan wilayah saya" }))).toMatchObject({ status: 403 });
    expect(await errorOf(hideComment(siti, c.id, { reason: "saya bukan fasilitator" }))).toMatchObject({ status: 403 });
    expect(await errorOf(hideComment(fasil, c.id, { reason: "x" }))).toMatchObject({ status: 422 });
    await hideComment(fasil, c.id, { reason: "Bahasa kasar" });
    const page = await listThread(reportId, "terbaru", null);
    const hidden = page.comments.find((x) => x.id === c.id)!;
    expect(hidden).toMatchObject({ status: "hidden", html: null, hiddenReason: "Bahasa kasar" });
    expect((await moderationQueue(fasil)).map((q) => q.id)).not.toContain(c.id);
    expect(await errorOf(postComment(ani, { reportId, parentId: c.id, text: "balas" }))).toMatchObject({ code: "errors.parent_unavailable" });
    await restoreComment(fasil, c.id);
    expect((await db.comment.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("visible");
    const events = await db.auditEvent.findMany({ where: { reportId, type: { in: ["comment.hidden", "comment.restored"] } } });
    expect(events.map((e) => e.type).sort()).toEqual(["comment.hidden", "comment.restored"]);
    await flagComment(siti, c.id, { reason: "spam" });
    await dismissFlags(fasil, c.id);
    expect((await moderationQueue(fasil)).map((q) => q.id)).not.toContain(c.id);
  });

  it("suspends a user from the region's forums until the date, within the fasilitator's regions only", async () => {
    const troll = actor(await createUser());
    expect(await errorOf(suspendUser(fasil, troll.id, { regionCode: "3173", days: 7, reason: "Spam berulang" }))).toMatchObject({ status: 403 });
    expect(await errorOf(suspendUser(fasil, troll.id, { regionCode: KECAMATAN, days: 0, reason: "Spam berulang" }))).toMatchObject({ status: 422 });
    await suspendUser(fasil, troll.id, { regionCode: KECAMATAN, days: 7, reason: "Spam berulang" });
    const refused = await errorOf(postComment(troll, { reportId, text: "Saya kembali!" }));
    expect(refused).toMatchObject({ status: 403, code: "errors.suspended" });
    expect(new Date(refused!.fields!.until!).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    expect(await errorOf(createProposal(troll, reportId, { title: "Usulan troll", text: "isi usulan" }))).toMatchObject({ code: "errors.suspended" });
  });
});

describe("solution proposals", () => {
  it("creates with validation, keeps versions, takes amendments with a decision in the history", async () => {
    expect(await errorOf(createProposal(budi, reportId, { title: "abc", text: "", costRupiah: "dua juta" }))).toMatchObject({
      status: 422,
      fields: { title: "errors.title_too_short", body: "errors.richtext_empty", costRupiah: "errors.cost_invalid" },
    });
    const p = await createProposal(budi, reportId, { title: "Tambal dengan aspal dingin", text: "Tambal lubang dengan aspal dingin.", costRupiah: "Rp 2.500.000", jointAction: "Kerja bakti Sabtu 07.00" });
    const stored = await db.proposal.findUniqueOrThrow({ where: { id: p.id } });
    expect(stored.costRupiah).toBe(2_500_000);
    // Report followers (the reporter Siti) hear about the new proposal (once the worker has fanned it out).
    await fanOutPending();
    expect((await listNotifications(siti.id)).items.map((n) => n.kind)).toContain("proposal");
    expect(await errorOf(editProposal(ani, p.id, { title: "Bukan milik Ani", text: "x x x" }))).toMatchObject({ status: 403 });
    await editProposal(budi, p.id, { title: "Tambal dengan aspal dingin", text: "Tambal lubang dengan aspal dingin dan pasang rambu.", costRupiah: "2500000" });
    expect(await errorOf(proposeAmendment(budi, p.id, { title: "Sendiri", text: "tidak boleh", explanation: "sendiri" }))).toMatchObject({ code: "errors.amend_own" });
    const a = await proposeAmendment(ani, p.id, { title: "Tambal dan beri pembatas", text: "Tambal lubang, pasang rambu dan pembatas sementara.", explanation: "Agar motor tidak masuk lubang malam hari." });
    expect(await errorOf(decideAmendment(ani, a.id, "accept", ""))).toMatchObject({ status: 403 });
    await decideAmendment(budi, a.id, "accept", "Terima kasih");
    expect(await errorOf(decideAmendment(budi, a.id, "decline", ""))).toMatchObject({ code: "errors.amendment_decided" });
    const declined = await proposeAmendment(siti, p.id, { title: "Ganti total", text: "Aspal ulang seluruh jalan.", explanation: "Lebih tahan lama." });
    await decideAmendment(budi, declined.id, "decline", "Terlalu mahal untuk sekarang");
    const history = await proposalHistory(p.id);
    expect(history.versions.map((v) => [v.version, v.change])).toEqual([[3, "amendment_accepted"], [2, "edited"], [1, "created"]]);
    expect(history.versions[0]!.amendedBy).toBeTruthy();
    expect(history.versions[0]!.diff.some((d) => d.kind === "added" && d.text.includes("pembatas"))).toBe(true);
    expect(history.declined).toMatchObject([{ title: "Ganti total", note: "Terlalu mahal untuk sekarang" }]);
    expect((await db.proposal.findUniqueOrThrow({ where: { id: p.id } })).title).toBe("Tambal dan beri pembatas");
  });

  it("lists arguments for and against with one agree per person", async () => {
    const p = await createProposal(ani, reportId, { title: "Pasang lampu jalan", text: "Pasang dua lampu jalan tenaga surya." });
    const pro = await addArgument(budi, p.id, { side: "pro", text: "Malam hari gelap sekali." });
    await addArgument(siti, p.id, { side: "con", text: "Lampu tidak menambal lubang." });
    expect(await errorOf(addArgument(siti, p.id, { side: "maybe", text: "???" }))).toMatchObject({ status: 422 });
    await agreeWithArgument(siti, pro.id);
    expect(await errorOf(agreeWithArgument(siti, pro.id))).toMatchObject({ code: "errors.already_agreed" });
    const view = await getProposal(p.id, siti.id);
    if ("merged" in view) throw new Error("not merged");
    expect(view.proposal.arguments.map((x) => [x.side, x.agreeCount])).toEqual([["pro", 1], ["con", 0]]);
    expect(view.proposal.agreedArgumentIds).toEqual([pro.id]);
  });

  it("merges a duplicate: followers, arguments and thread move; the old id leads to the survivor", async () => {
    const keep = await createProposal(budi, reportId, { title: "Perbaiki saluran air", text: "Bersihkan dan perbaiki saluran." });
    const dup = await createProposal(ani, reportId, { title: "Bersihkan got", text: "Got di sini mampet." });
    await addArgument(siti, dup.id, { side: "pro", text: "Got mampet bikin banjir." });
    const c = await postComment(siti, { reportId, proposalId: dup.id, text: "Saya ikut kerja bakti." });
    expect(await errorOf(mergeProposals(siti, dup.id, { intoId: keep.id }))).toMatchObject({ status: 403 });
    expect(await errorOf(mergeProposals(fasil, dup.id, { intoId: dup.id }))).toMatchObject({ status: 422 });
    await mergeProposals(fasil, dup.id, { intoId: keep.id, note: "Usulan yang sama" });
    expect(await survivingProposalId(dup.id)).toBe(keep.id);
    const old = await getProposal(dup.id);
    expect("merged" in old && old.merged?.into).toBe(keep.id);
    const survivor = await getProposal(keep.id);
    if ("merged" in survivor) throw new Error("survivor merged");
    expect(survivor.proposal.arguments.map((a) => a.text)).toContain("Got mampet bikin banjir.");
    expect((await db.comment.findUniqueOrThrow({ where: { id: c.id } })).threadId).toBe(keep.id);
    expect((await listThread(keep.id, "terlama", null)).total).toBe(1);
    expect((await listThread(dup.id, "terlama", null)).total).toBe(0);
    const followers = await db.follow.findMany({ where: { targetType: "proposal", targetId: keep.id }, select: { userId: true } });
    expect(followers.map((f) => f.userId)).toEqual(expect.arrayContaining([ani.id, siti.id, budi.id]));
    expect((await listProposals(reportId)).map((p) => p.id)).not.toContain(dup.id);
    expect(await errorOf(postComment(ani, { reportId, proposalId: dup.id, text: "masih di sini?" }))).toMatchObject({ code: "errors.proposal_merged" });
    expect(await db.auditEvent.count({ where: { reportId, type: "proposal.merged" } })).toBe(1);
  });
});

describe("outbox delivery failures", () => {
  it("keeps the row when SMTP is down, backs off, and delivers on a later attempt", async () => {
    await mail.close();
    const c = await postComment(budi, { reportId, text: "Pesan saat server surat mati." });
    const row = await db.outboxMessage.findFirstOrThrow({ where: { status: "pending" }, orderBy: { createdAt: "desc" } });
    expect(await deliverOutboxMessage(row.id)).toBe("retry");
    const after = await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "pending", attempts: 1 });
    expect(after.lastError).toBeTruthy();
    expect(after.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Not due yet; due once its time has come (the sweeper rings due rows). Age the row past its own ring.
    await db.outboxMessage.update({ where: { id: row.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await dueOutboxIds()).not.toContain(row.id);
    expect(await dueOutboxIds(new Date(Date.now() + 60_000))).toContain(row.id);
    mail = await captureMail();
    expect(await deliverOutboxMessage(row.id)).toBe("sent");
    expect(mail.inbox.length).toBeGreaterThanOrEqual(1);
    expect(c.id).toBeTruthy();
  });
});

describe("e-mail preferences", () => {
  it("sends nothing instantly to a daily-digest user, then one digest a day with everything", async () => {
    await setEmailMode(ani.id, "daily");
    expect(await errorOf(setEmailMode(ani.id, "hourly"))).toMatchObject({ status: 422 });
    const mine = await postComment(ani, { reportId, text: "Komentar Ani untuk dibalas." });
    await postComment(budi, { reportId, parentId: mine.id, text: "Balasan pertama untuk Ani." });
    await postComment(siti, { reportId, parentId: mine.id, text: "Balasan kedua untuk Ani." });
    const aniEmail = (await db.user.findUniqueOrThrow({ where: { id: ani.id } })).email;
    await deliverAll();
    const instant = mail.inbox.filter((m) => m.to.includes(aniEmail)).length;
    const digests = await planDailyDigests();
    expect(await planDailyDigests()).toEqual([]); // once per day
    expect(digests.length).toBeGreaterThanOrEqual(1);
    await deliverAll();
    const got = mail.inbox.filter((m) => m.to.includes(aniEmail));
    expect(got.length).toBe(instant + 1);
    const text = mailText(got.at(-1)!.raw);
    expect(text).toContain("Balasan pertama untuk Ani.");
    expect(text).toContain("Balasan kedua untuk Ani.");
    expect(await db.notification.count({ where: { userId: ani.id, emailedAt: null } })).toBe(0);
  });
});
