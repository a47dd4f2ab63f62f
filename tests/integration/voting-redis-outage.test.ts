import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app";
import { HttpClient } from "../helpers/http-client";
import { freePort, startRedis, stopRedis } from "../helpers/redis-server";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

// Redis stops in the middle of a vote (a private redis-server this file kills and restarts, empty, as after a
// crash without persistence). The real web server and worker run against it. Votes must keep being accepted
// and stored, the web must stay up, and once Redis is back the published tally and the push to the agency
// must catch up with nothing lost.
let redisPort: number;
let redisProcess: ChildProcess;
let app: RunningApp;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secret = "";

beforeAll(async () => {
  redisPort = await freePort();
  redisProcess = await startRedis(redisPort);
  process.env.REDIS_URL = `redis://127.0.0.1:${redisPort}`;
  receiver = await startWebhookReceiver({ secret: () => secret, status: () => 204 });
  app = await startApp({ REDIS_URL: `redis://127.0.0.1:${redisPort}`, OUTBOX_LEASE_MS: "2000", SWEEP_EVERY_MS: "1000" });
});

afterAll(async () => {
  await app?.stop();
  receiver?.close();
  if (redisProcess) await stopRedis(redisProcess);
});

describe("voting while Redis is down", () => {
  it("accepts and stores every vote, and the tally and the agency push catch up when Redis returns", async () => {
    const { db } = await import("~/db.server");
    const { setAgencyWebhook } = await import("~/services/agency-push.server");
    const { advancePhase } = await import("~/services/cases/case-steps.server");
    const { configureCase } = await import("~/services/cases/case-setup.server");
    const { createProposal } = await import("~/services/proposals.server");
    const { fileReport } = await import("~/services/reports.server");
    const { createUser, KECAMATAN, validReport, waitFor } = await import("../helpers/fixtures");
    const hours = (h: number) => new Date(Date.now() + h * 3600_000);

    const agency = await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } });
    secret = (await setAgencyWebhook(agency.id, { url: `${receiver.url}/hook` })).secret!;
    const fasil = { ...(await createUser("fasilitator")), role: "fasilitator" as const, agencyId: null, regionCodes: [KECAMATAN] };
    const voters = await Promise.all(Array.from({ length: 20 }, () => createUser()));
    const reportId = (await fileReport(voters[0]!.id, validReport, [])).id;
    const proposal = (await createProposal({ id: voters[0]!.id, role: "warga", agencyId: null, regionCodes: [] }, reportId, { title: "Perbaiki saluran", text: "Keruk dan tutup saluran." })).id;
    await configureCase(fasil, reportId, { type: "approval", quorum: 10, minSupportPercent: 50, eligibility: "semua", votingOpensAt: hours(1).toISOString(), votingClosesAt: hours(48).toISOString() });
    const c = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    await advancePhase(c.id, "open_voting", c.planVersion, hours(2));
    // Voting has been open for a while (the dates are the record; moving them stands in for waiting).
    await db.deliberation.update({ where: { id: c.id }, data: { votingOpensAt: new Date(Date.now() - 60_000) } });

    const page = `/laporan/${reportId}`;
    const clients = await Promise.all(voters.map((v) => HttpClient.signedIn(app.url, v.id)));
    const vote = async (client: HttpClient) => {
      const csrf = await client.csrfToken(page);
      const started = Date.now();
      const res = await client.post(page, { csrf, intent: "case.vote", [`stance-${proposal}`]: "support" });
      return { status: res.status, location: res.res.headers.get("location") ?? "", ms: Date.now() - started };
    };
    const publishedVoters = async () => {
      const row = await db.deliberation.findUniqueOrThrow({ where: { id: c.id }, select: { tally: true } });
      return row.tally ? (JSON.parse(row.tally) as { voters: number }).voters : 0;
    };

    // Redis up: five votes, and the published tally follows within the debounce.
    for (const client of clients.slice(0, 5)) expect((await vote(client)).location).toContain("ok=voted");
    await waitFor(async () => (await publishedVoters()) === 5, 20_000);

    // Redis down: fifteen more votes are accepted at once and stored; the pages still answer.
    await stopRedis(redisProcess);
    for (const client of clients.slice(5)) {
      const result = await vote(client);
      expect(result.status).toBe(302);
      expect(result.location).toContain("ok=voted");
      expect(result.ms).toBeLessThan(3000);
    }
    expect(await db.ballot.count({ where: { deliberationId: c.id } })).toBe(20);
    expect((await clients[0]!.get(page)).status).toBe(200);
    expect(await publishedVoters()).toBe(5); // no worker could be told

    // Voting's closing time passes while Redis is still down: its job cannot even be planned.
    await db.deliberation.update({ where: { id: c.id }, data: { votingClosesAt: new Date(Date.now() - 1000) } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(0);

    // Redis comes back empty: the worker re-declares its sweeper, which closes the vote from the dates,
    // counts all twenty ballots, and the push reaches the agency, signed.
    redisProcess = await startRedis(redisPort);
    await waitFor(async () => receiver.received.length > 0, 30_000);
    const closed = await db.deliberation.findUniqueOrThrow({ where: { id: c.id }, select: { state: true, winnerProposalId: true } });
    expect(closed.winnerProposalId).toBe(proposal);
    expect(closed.state).not.toBe("pemungutan_suara");
    expect(await publishedVoters()).toBe(20);
    expect(receiver.received.every((r) => r.verified && JSON.parse(r.body).type === "case.sent_to_agency")).toBe(true);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
  });

  it("catches a stale tally up while voting stays open", async () => {
    const { db } = await import("~/db.server");
    const { castBallot } = await import("~/services/cases/ballots.server");
    const { configureCase } = await import("~/services/cases/case-setup.server");
    const { advancePhase } = await import("~/services/cases/case-steps.server");
    const { createProposal } = await import("~/services/proposals.server");
    const { fileReport } = await import("~/services/reports.server");
    const { createUser, KECAMATAN, validReport, waitFor } = await import("../helpers/fixtures");
    const hours = (h: number) => new Date(Date.now() + h * 3600_000);
    const fasil = { ...(await createUser("fasilitator")), role: "fasilitator" as const, agencyId: null, regionCodes: [KECAMATAN] };
    const voters = await Promise.all(Array.from({ length: 4 }, () => createUser()));
    const warga = (u: { id: string }) => ({ id: u.id, role: "warga" as const, agencyId: null, regionCodes: [] });
    const reportId = (await fileReport(voters[0]!.id, validReport, [])).id;
    const p = (await createProposal(warga(voters[0]!), reportId, { title: "Pasang lampu", text: "Lampu jalan baru." })).id;
    await configureCase(fasil, reportId, { type: "approval", quorum: 2, minSupportPercent: 50, eligibility: "semua", votingOpensAt: hours(1).toISOString(), votingClosesAt: hours(48).toISOString() });
    const c = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    await advancePhase(c.id, "open_voting", c.planVersion, hours(2));

    // Ballots stored while the refresh job could not be queued (Redis down), some seconds ago.
    await stopRedis(redisProcess);
    for (const v of voters) await castBallot(warga(v), reportId, { [p]: "support" }, hours(3));
    await db.ballot.updateMany({ where: { deliberationId: c.id }, data: { updatedAt: new Date(Date.now() - 60_000) } });
    redisProcess = await startRedis(redisPort);
    await waitFor(async () => {
      const row = await db.deliberation.findUniqueOrThrow({ where: { id: c.id }, select: { tally: true } });
      return row.tally !== null && (JSON.parse(row.tally) as { voters: number }).voters === 4;
    }, 30_000);
  });
});
