import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { configureCase } from "~/services/cases/case-setup.server";
import { advancePhase } from "~/services/cases/case-steps.server";
import { createHostSystem, setHostWebhook } from "~/services/host-systems.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, KELURAHAN, waitFor } from "../helpers/fixtures";
import { TinyHostApp } from "../helpers/host-app";
import { HttpClient } from "../helpers/http-client";

// The plugin end to end: a tiny host app pushes a report, citizens propose and vote on Musyawarah's own pages,
// the tally reaches mufakat, and the host receives the signed outcome and shows it under its report.
let app: RunningApp;
let host: TinyHostApp;

beforeAll(async () => {
  app = await startApp({ OUTBOX_LEASE_MS: "2000", SWEEP_EVERY_MS: "1000" });
  const system = await createHostSystem({ slug: "qlue", name: "Aplikasi pelaporan kota" });
  host = new TinyHostApp(app.url, "qlue", system.inboundSecret);
  const url = await host.listen();
  host.useSecret((await setHostWebhook(system.id, { url })).secret!);
});
afterAll(async () => {
  await app?.stop();
  host?.close();
});

describe("a host system's report, deliberated", () => {
  it("goes from the host's push to a signed outcome the host shows under its report", async () => {
    const pushed = await host.push("report.upserted", {
      externalId: "QLUE-77", category: "pencegahan-banjir", title: "Saluran tersumbat di Gang Haji Naim", description: "Air meluap ke jalan setiap hujan deras, sampah menumpuk di gorong-gorong.", lat: -6.2442, lng: 106.8003, kelurahan: KELURAHAN,
    });
    expect(pushed.status).toBe(200);
    const reportId = pushed.body.result.id;
    const page = `/laporan/${reportId}`;

    // Citizens propose on Musyawarah's own pages.
    const citizens = await Promise.all(Array.from({ length: 4 }, () => createUser()));
    const clients = await Promise.all(citizens.map((c) => HttpClient.signedIn(app.url, c.id)));
    const propose = async (client: HttpClient, title: string) => {
      const form = `${page}/usulan-baru`;
      const res = await client.post(form, { csrf: await client.csrfToken(form), title, text: `${title}. Warga RT 05 siap membantu kerja bakti.`, costRupiah: "", agencyId: "", jointAction: "Kerja bakti" });
      expect(res.status, res.html.slice(0, 300)).toBe(302);
    };
    await propose(clients[0]!, "Keruk gorong-gorong dan pasang saringan sampah");
    await propose(clients[1]!, "Perlebar saluran di mulut gang");

    // A fasilitator opens the deliberation and voting.
    const fasil: Actor = { ...(await createUser("fasilitator")), role: "fasilitator", agencyId: null, regionCodes: [KECAMATAN] };
    const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    await configureCase(fasil, reportId, { type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua", votingOpensAt: at(1), votingClosesAt: at(48) });
    const c = await db.deliberation.findUniqueOrThrow({ where: { reportId } });
    await advancePhase(c.id, "open_voting", c.planVersion, new Date(Date.now() + 2 * 3600_000));
    await db.deliberation.update({ where: { id: c.id }, data: { votingOpensAt: new Date(Date.now() - 60_000) } });
    await waitFor(async () => host.shownUnder.get("QLUE-77") === "Warga sedang memberi suara", 20_000);

    // Citizens vote through the page's ballot form.
    const proposals = await db.proposal.findMany({ where: { reportId }, orderBy: { createdAt: "asc" }, select: { id: true } });
    for (const client of clients) {
      const res = await client.post(page, { csrf: await client.csrfToken(page), intent: "case.vote", [`stance-${proposals[0]!.id}`]: "support", [`stance-${proposals[1]!.id}`]: "oppose" });
      expect(res.res.headers.get("location")).toContain("ok=voted");
    }
    // Voting closes on its date (the worker's phase job or sweeper): mufakat goes to the agency.
    await db.deliberation.update({ where: { id: c.id }, data: { votingClosesAt: new Date(Date.now() - 1000) } });
    const outcome = await waitFor(async () => host.received.find((e) => e.data.outcome?.solution), 30_000);
    expect(outcome.data.outcome).toMatchObject({ reason: "mufakat", voters: 4, solution: { title: "Keruk gorong-gorong dan pasang saringan sampah" } });
    expect(["mufakat", "ke_instansi"]).toContain(outcome.data.phase);
    await waitFor(async () => host.shownUnder.get("QLUE-77") === "Usulan warga dikirim ke instansi", 20_000);
    expect(host.rejected).toEqual([]);
    expect(host.received.map((e) => e.data.phase)).toEqual(expect.arrayContaining(["musyawarah", "pemungutan_suara", "ke_instansi"]));
  });
});
