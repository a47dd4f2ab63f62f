import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { alive, startWebCluster, until } from "../helpers/cluster";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";
import { HttpClient } from "../helpers/http-client";

// WEB_CONCURRENCY=2 for real (scripts/web-cluster.ts: two web processes on one port, under the supervisor) on this
// file's SQLite database: kill -9 one of them while citizens vote. The other keeps answering, the dead one is
// started again, and every ballot that got a receipt is in the final tally.
const CITIZENS = 50;
const warga = (id: string) => ({ id, role: "warga" as const, agencyId: null, regionCodes: [] });
let cluster: Awaited<ReturnType<typeof startWebCluster>>;

beforeAll(async () => {
  await prepareDatabase();
  cluster = await startWebCluster(2);
}, 120_000);
afterAll(() => cluster?.stop());

const receiptOf = (res: { status: number; res: Response }) => (res.status === 302 ? /[?&]tanda=([0-9a-f]{24})/.exec(res.res.headers.get("location") ?? "")?.[1] ?? null : null);

describe("two web processes", () => {
  it("keeps serving and counts every ballot that got a receipt when one web process is killed with -9 during a vote", async () => {
    const fasilitator = await createUser("fasilitator");
    await db.userRegion.create({ data: { userId: fasilitator.id, regionCode: KECAMATAN } });
    const author = await createUser();
    const reportId = (await fileReport(author.id, validReport, [])).id;
    const proposals = [
      (await createProposal(warga(author.id), reportId, { title: "Tambal dengan aspal dingin", text: "Tambal minggu ini." })).id,
      (await createProposal(warga(author.id), reportId, { title: "Aspal ulang seluruh ruas", text: "Aspal ulang 200 meter." })).id,
    ];
    const deliberation = await db.deliberation.create({
      data: { reportId, state: "pemungutan_suara", votingOpensAt: new Date(Date.now() - 3600_000), votingClosesAt: new Date(Date.now() + 86_400_000), quorum: 1, minSupportPercent: 0, planVersion: 1 },
      select: { id: true },
    });
    const page = `/laporan/${reportId}`;
    const citizens = await Promise.all(Array.from({ length: CITIZENS }, async () => HttpClient.signedIn(cluster.url, (await createUser()).id)));
    const tokens = await Promise.all(citizens.map((c) => c.csrfToken(page)));
    const vote = (i: number) =>
      citizens[i]!.post(page, { csrf: tokens[i]!, intent: "case.vote", [`stance-${proposals[i % 2]!}`]: "support" }).then(
        (r) => ({ status: r.status, receipt: receiptOf(r), at: Date.now() }),
        (e: Error) => ({ status: 0, receipt: null, at: Date.now(), error: e.message }),
      );

    // A home-page poll every 50 ms, and one ballot every 40 ms, with a burst of ten at 480 ms; web-1 is killed at
    // 500 ms, while the burst is being served by both processes.
    const polls: { at: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const at = Date.now();
        polls.push({ at, status: await fetch(`${cluster.url}/`).then((r) => r.status, () => 0) });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const [victim] = cluster.pids("web-1");
    const killAt = Date.now() + 500;
    const killed = new Promise((r) => setTimeout(r, killAt - Date.now())).then(() => process.kill(victim!, "SIGKILL"));
    const first = await Promise.all(
      Array.from({ length: CITIZENS }, (_, i) =>
        new Promise((r) => setTimeout(r, i < 12 ? i * 40 : i < 22 ? 480 : 480 + (i - 21) * 40)).then(async () => ({ i, sentAt: Date.now(), ...(await vote(i)) })),
      ),
    );
    await killed;

    // The supervisor in the cluster primary starts web-1 again; both serve.
    await until(() => cluster.pids("web-1").length === 2 && cluster.listening() === 3, 60_000, "web-1 to come back");
    polling = false;
    await poller;
    expect(cluster.output()).toMatch(/\[start\] web-1 was killed \(SIGKILL\); restarting in 1 s/);
    expect(alive(cluster.pids("web-1")[1]!)).toBe(true);
    expect(alive(cluster.pids("web-2")[0]!)).toBe(true);

    // What failed failed with the process it was on: only requests sent before the primary knew it was gone (well
    // under a second, even on a loaded machine). Every ballot and every poll sent from 1 s after the kill was
    // answered by the other process.
    const lost = first.filter((r) => r.status !== 302);
    expect(lost.every((r) => r.status === 0 && r.sentAt < killAt + 1000)).toBe(true);
    const ballotsAfter = first.filter((r) => r.sentAt >= killAt + 1000);
    expect(ballotsAfter.length).toBeGreaterThan(0);
    expect(ballotsAfter.every((r) => r.status === 302 && r.receipt)).toBe(true);
    const pollsAfter = polls.filter((p) => p.at >= killAt + 1000);
    expect(pollsAfter.length).toBeGreaterThan(5);
    expect(pollsAfter.every((p) => p.status === 200)).toBe(true);

    // A citizen whose request died with web-1 sends it again, as a browser's user would: one ballot, one receipt
    // (the one already stored, if the first request got that far).
    const storedBeforeRetry = await db.ballot.count({ where: { deliberationId: deliberation.id } });
    const committedButDied = storedBeforeRetry - (first.length - lost.length);
    const retried = await Promise.all(lost.map(async (r) => ({ i: r.i, ...(await vote(r.i)) })));
    expect(retried.every((r) => r.status === 302 && r.receipt)).toBe(true);
    const receipts = [...first, ...retried].map((r) => r.receipt).filter((x): x is string => !!x);

    const fasil = await HttpClient.signedIn(cluster.url, fasilitator.id);
    const close = await fasil.post(page, { csrf: await fasil.csrfToken(page), intent: "case.step", event: "close_voting" });
    expect(close.status).toBe(302);
    const c = await db.deliberation.findUniqueOrThrow({ where: { id: deliberation.id }, select: { tally: true } });
    const tally = JSON.parse(c.tally!) as { voters: number; receipts: string[] };
    // Every receipt handed out is counted; every citizen voted once.
    expect(receipts.filter((r) => !tally.receipts.includes(r))).toEqual([]);
    expect(new Set(receipts).size).toBe(CITIZENS);
    expect(tally.voters).toBe(CITIZENS);
    expect(await db.ballot.count({ where: { deliberationId: deliberation.id } })).toBe(CITIZENS);
    console.info(`[web-processes] kill -9 of web-1 during ${CITIZENS} ballots: ${lost.length} requests died with it (${committedButDied} of them after their ballot was stored; resent, each got its receipt), ${pollsAfter.length} polls after the kill all 200, web-1 back as pid ${cluster.pids("web-1")[1]}; all ${CITIZENS} receipts counted`);
  }, 180_000);
});
