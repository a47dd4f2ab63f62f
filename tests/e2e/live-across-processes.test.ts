import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { closeLive, publishThreadEvent } from "~/services/live.server";
import { fileReport } from "~/services/reports.server";
import { openEvents, startWebProcess, until, type Proc } from "../helpers/cluster";
import { createUser, validReport } from "../helpers/fixtures";
import { HttpClient } from "../helpers/http-client";

// Live updates across two real web processes (each its own port, so the test chooses which one a request reaches),
// sharing this file's database and Redis: a comment posted through one reaches a browser connected to the other
// within 1 s; a page's first connection starts where the page read its comments; a reconnect to either with
// Last-Event-ID gets exactly what it missed, or "reset" when the stream no
// longer reaches back that far; each process holds one subscriber connection however many browsers follow; and an
// admin's edit of cached reference data on one process shows on the other.
let a: Proc & { url: string };
let b: Proc & { url: string };
let redis: Redis;
let reportId: string;
let citizen: HttpClient;
let csrf: string;

const streamUrl = (base: string, id = reportId) => `${base}/laporan/${id}/langsung`;
const channel = (id: string) => `${env().QUEUE_PREFIX}:live:report:${id}`;
async function subscribers(id: string): Promise<number> {
  const [, n] = (await redis.pubsub("NUMSUB", channel(id))) as [string, number];
  return Number(n);
}

/** Posts a comment through `base` as the citizen; returns its text. */
async function post(base: string, text: string) {
  const client = base === b.url ? citizen : await HttpClient.signedIn(base, (await createUser()).id);
  const token = base === b.url ? csrf : await client.csrfToken(`/laporan/${reportId}`);
  const res = await client.post(`/laporan/${reportId}`, { csrf: token, intent: "comment.post", text });
  expect(res.status).toBeLessThan(400);
  return text;
}
const textOf = (data: string) => (JSON.parse(data) as { html: string }).html.replace(/<[^>]+>/g, "");

beforeAll(async () => {
  await prepareDatabase();
  [a, b] = await Promise.all([startWebProcess(), startWebProcess()]);
  redis = new Redis(env().REDIS_URL);
  const user = await createUser();
  reportId = (await fileReport(user.id, validReport, [])).id;
  citizen = await HttpClient.signedIn(b.url, (await createUser()).id);
  csrf = await citizen.csrfToken(`/laporan/${reportId}`);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  redis?.disconnect();
  await closeLive();
});

describe("live updates across web processes", () => {
  let lastId = "";

  it("brings a comment posted through one web process to a citizen connected to another within 1 s", async () => {
    const stream = await openEvents(streamUrl(a.url));
    await until(async () => (await subscribers(reportId)) === 1, 5000, "a's subscription");
    const text = await post(b.url, "Lubangnya makin besar setelah hujan");
    await stream.waitFor(1, 5000);
    const [event] = stream.events;
    expect(event!.event).toBe("comment");
    expect(textOf(event!.data)).toContain(text);
    expect(event!.id).toMatch(/^\d+-\d+$/);
    // From the commit (the comment's createdAt) to its arrival at a browser connected to the other process.
    const latencyMs = event!.at - Date.parse((JSON.parse(event!.data) as { createdAt: string }).createdAt);
    console.info(`[live] a comment committed through web B reached a browser on web A after ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(1000);
    lastId = event!.id!;
    await stream.close();
  });

  it("replays what a browser missed when it reconnects, with Last-Event-ID, to either process", async () => {
    await until(async () => (await subscribers(reportId)) === 0, 5000, "a's unsubscription");
    const missed = [];
    for (const text of ["Sudah ada yang lapor ke RT?", "Besok saya foto lagi", "Tolong dipasang tanda bahaya"]) missed.push(await post(b.url, text));
    // Back on the process it did not miss them on: b.
    const stream = await openEvents(streamUrl(b.url), { lastEventId: lastId });
    await stream.waitFor(3, 5000);
    expect(stream.events.map((e) => e.event)).toEqual(["comment", "comment", "comment"]);
    expect(stream.events.map((e) => textOf(e.data))).toEqual(missed);
    const ids = stream.events.map((e) => e.id!);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]! > lastId).toBe(true);
    // And then live, from the other process, never twice.
    await until(async () => (await subscribers(reportId)) === 1, 5000, "b's subscription");
    await post(a.url, "Warga RW 05 siap kerja bakti");
    await stream.waitFor(4, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.events.map((e) => textOf(e.data))).toEqual([...missed, "Warga RW 05 siap kerja bakti"]);
    await stream.close();
  });

  it("brings a comment posted while the page was on its way: the page names its place in the stream (?sejak=)", async () => {
    const html = await (await fetch(`${a.url}/laporan/${reportId}`)).text();
    const liveFrom = /"liveFrom":"(\d+-\d+)"/.exec(html)?.[1];
    expect(liveFrom, "the page's data carries its place in the live stream").toBeTruthy();
    // Posted after the page read its comments, before the browser connects: a connection "from now" would miss it.
    const text = await post(b.url, "Ada yang menambal sebagian tadi pagi");
    const stream = await openEvents(`${streamUrl(a.url)}?sejak=${liveFrom}`);
    await stream.waitFor(1, 5000);
    expect(stream.events.map((e) => textOf(e.data))).toEqual([text]);
    await stream.close();
  });

  it("says 'reset' to a browser further behind than the stream reaches, then carries on live", async () => {
    const stream = await openEvents(streamUrl(a.url), { lastEventId: "1-0" });
    await stream.waitFor(1, 5000);
    expect(stream.events[0]).toMatchObject({ event: "reset", id: null });
    await until(async () => (await subscribers(reportId)) === 1, 5000, "a's subscription");
    await post(b.url, "Sudah ditambal sementara");
    await stream.waitFor(2, 5000);
    expect(stream.events[1]!.event).toBe("comment");
    await stream.close();
  });

  it("catches a process up from the stream after its own subscriber connection was cut", async () => {
    const stream = await openEvents(streamUrl(a.url));
    await until(async () => (await subscribers(reportId)) === 1, 5000, "a's subscription");
    const subscriberOf = async (pid: number) =>
      ((await redis.client("LIST")) as string).split("\n").find((l) => l.includes(`name=${env().QUEUE_PREFIX}-live-${pid} `))?.match(/^id=(\d+) /)?.[1];
    const id = await subscriberOf(a.child.pid!);
    expect(id).toBeDefined();
    await redis.client("KILL", "ID", id!);
    // Published at once, as any process would, while a's subscriber is (most likely) still reconnecting.
    const view = (text: string) => ({ type: "comment", comment: { id: text, html: `<p>${text}</p>`, createdAt: new Date().toISOString() } });
    await publishThreadEvent(reportId, view("Selama koneksi putus 1"));
    const away = (await subscribers(reportId)) === 0;
    await publishThreadEvent(reportId, view("Selama koneksi putus 2"));
    await stream.waitFor(2, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(stream.events.map((e) => textOf(e.data))).toEqual(["Selama koneksi putus 1", "Selama koneksi putus 2"]);
    console.info(`[live] subscriber connection of web A cut; ${away ? "published while it was away" : "it was back before the publish"}: both events arrived once, in order`);
    await stream.close();
  });

  it("holds one subscriber connection per process, however many browsers and reports it follows", async () => {
    const other = (await fileReport((await createUser()).id, validReport, [])).id;
    const streams = await Promise.all([
      ...[1, 2, 3].map(() => openEvents(streamUrl(a.url))),
      ...[1, 2].map(() => openEvents(streamUrl(a.url, other))),
      ...[1, 2].map(() => openEvents(streamUrl(b.url))),
    ]);
    await until(async () => (await subscribers(reportId)) === 2 && (await subscribers(other)) === 1, 5000, "subscriptions");
    const list = (await redis.client("LIST")) as string;
    const named = (pid: number) => list.split("\n").filter((l) => l.includes(`name=${env().QUEUE_PREFIX}-live-${pid} `));
    expect(named(a.child.pid!)).toHaveLength(1);
    expect(named(b.child.pid!)).toHaveLength(1);
    // a follows two reports (and the reference-data announcements) on its one connection.
    expect(named(a.child.pid!)[0]).toMatch(/ sub=3 /);
    await Promise.all(streams.map((s) => s.close()));
  });

  it("shows an admin's edit of the category defaults, saved through one process, on the other", async () => {
    const admin = await createUser("admin");
    const onA = await HttpClient.signedIn(a.url, admin.id);
    const onB = await HttpClient.signedIn(b.url, admin.id);
    const selected = async () => /<select[^>]*name="default:jalan-rusak"[\s\S]*?<\/select>/.exec((await onA.get("/admin/kategori")).html)?.[0].match(/<option[^>]*value="([^"]*)"[^>]*selected/)?.[1] ?? "";
    const before = await selected(); // a has the reference data in memory now
    const agency = await db.agency.findFirstOrThrow({ where: { kind: { not: "kelurahan" }, NOT: { id: before || undefined } }, select: { id: true } });
    const token = await onB.csrfToken("/admin/kategori");
    expect((await onB.post("/admin/kategori", { csrf: token, "default:jalan-rusak": agency.id })).status).toBe(302);
    await until(async () => (await selected()) === agency.id, 3000, "a's copy to be dropped");
  });
});
