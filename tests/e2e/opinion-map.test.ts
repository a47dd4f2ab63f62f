import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import { castBallot, refreshTally } from "~/services/cases/ballots.server";
import { importPolis } from "~/services/polis-import.server";
import { polisShaped, writePolisShaped } from "../../bench/polis-shaped";
import { launchBrowser, shot, signInBrowser, startApp, type RunningApp } from "../helpers/app";
import { audit } from "../helpers/axe";
import { createUser } from "../helpers/fixtures";

// "Di mana posisi saya?" in a real browser: the report page of an open vote with two opinion groups (a Pol.is-shaped
// conversation imported, results shown while voting), for the voter (their own point and group), for a visitor (the
// groups only), at a phone's width, with no serious accessibility issue.
let app: RunningApp;
let browser: Browser;
let reportId: string;
let voter: { id: string; email: string };

beforeAll(async () => {
  await prepareDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), "polis-map-"));
  writePolisShaped(dir, polisShaped({ participants: 300, statements: 20, medianVotes: 12, groupShares: [0.6, 0.4], consensusStatements: 2, seed: 41 }));
  const r = await importPolis(dir);
  reportId = r.reportId;
  await db.deliberation.update({ where: { id: r.deliberation }, data: { showResultsBeforeClose: true } });
  voter = await createUser();
  const proposals = await db.proposal.findMany({ where: { reportId, status: "active" }, orderBy: { createdAt: "asc" }, select: { id: true } });
  await castBallot({ id: voter.id, role: "warga", agencyId: null, regionCodes: [] }, reportId, Object.fromEntries(proposals.slice(0, 12).map((p, i) => [p.id, i % 2 ? "support" : "oppose"])));
  await refreshTally(r.deliberation);
  app = await startApp();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the opinion map in the browser", () => {
  it("shows a voter their own place and group, a visitor only the groups, on a phone, accessibly", async () => {
    const { context, page, errors } = await signInBrowser(browser, app.url, voter.email);
    await page.goto(`${app.url}/laporan/${reportId}`, { waitUntil: "networkidle" });
    const map = page.locator(".opinion-map svg");
    await expect.poll(() => map.count()).toBe(1);
    expect(await map.locator("ellipse").count()).toBe(2);
    // Exactly one point: the voter's own.
    expect(await map.locator("circle").count()).toBe(1);
    expect(await map.getAttribute("aria-label")).toMatch(/Posisi Anda ditandai, di Kelompok [12]\./);
    await expect.poll(() => page.getByText(/Anda berada di Kelompok [12] \(\d+ orang\)/).count()).toBe(1);
    expect(await page.locator(".group-card").count()).toBe(2);
    expect(await page.locator(".group-card.mine").count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.locator(".opinion-groups").screenshot({ path: shot("opinion-map-voter-phone") });
    expect(await audit(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    const guest = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const guestPage = await guest.newPage();
    await guestPage.goto(`${app.url}/laporan/${reportId}`, { waitUntil: "networkidle" });
    expect(await guestPage.locator(".opinion-map svg ellipse").count()).toBe(2);
    expect(await guestPage.locator(".opinion-map svg circle").count()).toBe(0);
    expect(await guestPage.getByText(/Anda berada di Kelompok/).count()).toBe(0);
    await guestPage.locator(".opinion-groups").screenshot({ path: shot("opinion-map-visitor-desktop") });
    await guest.close();
  });
});
