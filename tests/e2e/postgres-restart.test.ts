import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { db as Db } from "~/db.server";
import type { RunningApp, startApp as StartApp } from "../helpers/app";
import type * as Fixtures from "../helpers/fixtures";
import type { HttpClient } from "../helpers/http-client";
import { preparedDatabase, startPrivatePostgres, type PrivatePostgres } from "../helpers/postgres-server";

// PostgreSQL restarted in the middle of a vote (a private cluster started here, never the machine's own server):
// while it is down every request is answered at once with a clear 503, when it is back the same web and worker
// processes carry on without a restart, and every ballot that got a receipt is counted at the close.
// This file's app runs on the private cluster: the app's modules are imported only after DATABASE_URL names it.

let cluster: PrivatePostgres;
let app: RunningApp;
let mod: {
  db: typeof Db;
  fixtures: typeof Fixtures;
  HttpClient: typeof HttpClient;
  startApp: typeof StartApp;
};

beforeAll(async () => {
  cluster = await startPrivatePostgres();
  process.env.DATABASE_URL = await preparedDatabase(cluster, "musyawarah");
  mod = {
    db: (await import("~/db.server")).db,
    fixtures: await import("../helpers/fixtures"),
    HttpClient: (await import("../helpers/http-client")).HttpClient,
    startApp: (await import("../helpers/app")).startApp,
  };
  app = await mod.startApp();
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await mod?.db.$disconnect();
  cluster?.destroy();
});

const receiptOf = (res: { status: number; res: Response }) => (res.status === 302 ? /[?&]tanda=([0-9a-f]{24})/.exec(res.res.headers.get("location") ?? "")?.[1] ?? null : null);

describe("PostgreSQL restarted during a vote", () => {
  it("answers 503 at once while it is down, carries on without a restart, and counts every receipted ballot", async () => {
    const { db, fixtures, HttpClient } = mod;
    const author = await fixtures.createUser();
    const fasilitator = await fixtures.createUser("fasilitator");
    await db.userRegion.create({ data: { userId: fasilitator.id, regionCode: fixtures.KECAMATAN } });
    const { fileReport } = await import("~/services/reports.server");
    const report = await fileReport(author.id, fixtures.validReport, []);
    const proposal = await db.proposal.create({ data: { reportId: report.id, authorId: author.id, title: "Tambal dengan aspal dingin", body: "{}", html: "", text: "Tambal minggu ini." }, select: { id: true } });
    const now = Date.now();
    await db.deliberation.create({ data: { reportId: report.id, state: "pemungutan_suara", votingOpensAt: new Date(now - 3600_000), votingClosesAt: new Date(now + 86_400_000), quorum: 1, minSupportPercent: 0, planVersion: 1 } });
    const page = `/laporan/${report.id}`;
    const voters = await Promise.all(Array.from({ length: 20 }, async () => HttpClient.signedIn(app.url, (await fixtures.createUser()).id)));
    const tokens = await Promise.all(voters.map((v) => v.csrfToken(page)));
    const fasil = await HttpClient.signedIn(app.url, fasilitator.id);
    const closeToken = await fasil.csrfToken(page);
    const vote = (i: number) => voters[i]!.post(page, { csrf: tokens[i]!, intent: "case.vote", [`stance-${proposal.id}`]: "support" });

    const before = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(vote));
    const receipts = before.map(receiptOf);
    expect(receipts.every(Boolean)).toBe(true);

    cluster.stop();
    // While it is down: no request hangs. After the first request finds the database gone, every page is a 503
    // with the page that says so, answered at once.
    const started = Date.now();
    const first = await voters[8]!.get(page);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect([500, 503]).toContain(first.status);
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      const res = await voters[9]!.get(page);
      expect(res.status).toBe(503);
      expect(res.html).toContain("Musyawarah sedang tidak tersedia");
      expect(res.res.headers.get("retry-after")).toBe("5");
      expect(Date.now() - t).toBeLessThan(1_000);
    }
    const during = await vote(10);
    expect(during.status).toBe(503);
    expect(receiptOf(during)).toBeNull();

    cluster.start();
    // Back without restarting anything: the next probe finds it, pages and votes work again.
    const until = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      status = (await voters[11]!.get(page)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    const after = await Promise.all([10, 11, 12, 13, 14, 15].map(vote));
    receipts.push(...after.map(receiptOf));
    expect(receipts.every(Boolean)).toBe(true);

    const close = await fasil.post(page, { csrf: closeToken, intent: "case.step", event: "close_voting" });
    expect(close.status).toBe(302);
    const c = await db.deliberation.findUniqueOrThrow({ where: { reportId: report.id }, select: { tally: true } });
    const tally = JSON.parse(c.tally!) as { receipts: string[] };
    expect([...tally.receipts].sort()).toEqual([...(receipts as string[])].sort());
    console.info(`[postgres-restart] ${receipts.length} receipted ballots counted; while down, pages answered 503 in under 1 s`);
  }, 180_000);
});
