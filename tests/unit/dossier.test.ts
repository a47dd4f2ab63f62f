import { describe, expect, it } from "vitest";
import { compareDossiers, dossierQuery, jakartaDayStart, notesForMeeting, parseDossierFilters, participation, treeWithin, urgencyTier, type DossierFacts } from "~/domain/dossier";

const facts = (over: Partial<DossierFacts>): DossierFacts => ({
  state: "musyawarah", overdue: false, dueAt: null, votingClosesAt: null, voters: 0, comments: 0, proposals: 0,
  createdAt: new Date("2026-11-01T00:00:00Z"), ...over,
});

describe("the DPRD desk's rules", () => {
  it("reads days in Jakarta time and refuses impossible dates", () => {
    expect(jakartaDayStart("2026-11-21")?.toISOString()).toBe("2026-11-20T17:00:00.000Z");
    expect(jakartaDayStart("2026-02-31")).toBeNull();
    expect(jakartaDayStart("21-11-2026")).toBeNull();
    expect(jakartaDayStart("")).toBeNull();
  });

  it("parses the query string, dropping what it does not know", () => {
    const f = parseDossierFilters(new URLSearchParams("kota=3171&fase=ke_instansi&terlambat=1&dari=2026-11-01&sampai=2026-13-01&urut=partisipasi&kategori=jalan-rusak"));
    expect(f).toEqual({ kota: "3171", kecamatan: undefined, kelurahan: undefined, category: "jalan-rusak", phase: "ke_instansi", agency: undefined, overdue: true, from: "2026-11-01", to: undefined, sort: "partisipasi" });
    expect(parseDossierFilters(new URLSearchParams("fase=<script>&urut=drop")).phase).toBeUndefined();
    // "dari" after "sampai" is a mistake to name, not a filter: neither day is applied, both are kept to show.
    const reversed = parseDossierFilters(new URLSearchParams("dari=2026-11-30&sampai=2026-11-01&kota=3171"));
    expect(reversed).toMatchObject({ kota: "3171", reversedRange: { from: "2026-11-30", to: "2026-11-01" } });
    expect([reversed.from, reversed.to]).toEqual([undefined, undefined]);
    expect(dossierQuery(reversed)).toBe("kota=3171");
    expect(parseDossierFilters(new URLSearchParams("dari=2026-11-01&sampai=2026-11-01")).reversedRange).toBeUndefined();
    expect(parseDossierFilters(new URLSearchParams("urut=drop")).sort).toBe("urgensi");
    // The query string round-trips (the default sort is left out).
    expect(parseDossierFilters(new URLSearchParams(dossierQuery(f)))).toEqual(f);
    expect(dossierQuery(parseDossierFilters(new URLSearchParams("")))).toBe("");
  });

  it("puts overdue answers first, then answers due, decided cases, open votes, discussions and the rest", () => {
    expect(urgencyTier(facts({ state: "ke_instansi", overdue: true }))).toBeLessThan(urgencyTier(facts({ state: "ke_instansi" })));
    const rows = [
      facts({ state: "selesai" }),
      facts({ state: "pemungutan_suara", votingClosesAt: new Date("2026-11-30") }),
      facts({ state: "pemungutan_suara", votingClosesAt: new Date("2026-11-25") }),
      facts({ state: "ke_instansi", dueAt: new Date("2026-12-01") }),
      facts({ state: "ke_instansi", overdue: true, dueAt: new Date("2026-11-10") }),
      facts({ state: "ke_instansi", overdue: true, dueAt: new Date("2026-11-01") }),
      facts({ state: "musyawarah" }),
      facts({ state: "mufakat" }),
    ];
    const order = [...rows].sort(compareDossiers("urgensi")).map((r) => `${r.state}${r.overdue ? "!" : ""}@${(r.dueAt ?? r.votingClosesAt)?.toISOString().slice(5, 10) ?? ""}`);
    expect(order).toEqual(["ke_instansi!@11-01", "ke_instansi!@11-10", "ke_instansi@12-01", "mufakat@", "pemungutan_suara@11-25", "pemungutan_suara@11-30", "musyawarah@", "selesai@"]);
  });

  it("orders by participation (ballots, comments and proposals together), newest first on a tie", () => {
    const a = facts({ voters: 3, comments: 1, proposals: 1 });
    const b = facts({ voters: 1, comments: 5, proposals: 0, createdAt: new Date("2026-11-05") });
    const c = facts({ voters: 1, comments: 4, proposals: 1, createdAt: new Date("2026-11-02") });
    expect(participation(a)).toBe(5);
    expect([a, c, b].sort(compareDossiers("partisipasi"))).toEqual([b, c, a]);
    expect([a, c, b].sort(compareDossiers("terbaru"))).toEqual([b, c, a]);
  });

  it("cuts the region tree down to the member's regions", () => {
    const tree = [
      { code: "3171", name: "Selatan", kecamatan: [{ code: "3171050", name: "Kebayoran Lama", kelurahan: [{ code: "3171050001", name: "Pondok Pinang" }, { code: "3171050002", name: "Kebayoran Lama Utara" }] }, { code: "3171060", name: "Pesanggrahan", kelurahan: [{ code: "3171060001", name: "Bintaro" }] }] },
      { code: "3173", name: "Pusat", kecamatan: [{ code: "3173010", name: "Gambir", kelurahan: [{ code: "3173010001", name: "Gambir" }] }] },
    ];
    expect(treeWithin(tree, ["3173"]).map((k) => k.code)).toEqual(["3173"]);
    const kec = treeWithin(tree, ["3171060"]);
    expect(kec[0]!.kecamatan.map((k) => k.code)).toEqual(["3171060"]);
    const kel = treeWithin(tree, ["3171050002", "3173"]);
    expect(kel.map((k) => k.code)).toEqual(["3171", "3173"]);
    expect(kel[0]!.kecamatan[0]!.kelurahan.map((k) => k.code)).toEqual(["3171050002"]);
    expect(treeWithin(tree, [])).toEqual([]);
  });

  it("prints only public statements in a PDF for a meeting, never a private note", () => {
    const notes = [{ visibility: "private", body: "a" }, { visibility: "public", body: "b" }, { visibility: "private", body: "c" }];
    expect(notesForMeeting(notes).map((n) => n.body)).toEqual(["b"]);
    expect(notesForMeeting([])).toEqual([]);
  });
});
