import { describe, expect, it } from "vitest";
import { parseResultRecord, RESULT_CSV_COLUMNS, resultRecord, unchanged } from "~/domain/result-csv";

// The results CSV's rows: each cell checked with a message per column, and an exported row reading back as itself.
const stored = {
  id: "r1", parentId: "p1", weight: 0.7, title: "Perbaiki trotoar", description: "", kelurahanCode: "3171050001", agencyId: "ag1",
  unit: "Sudin Bina Marga", costRupiah: 45_000_000, periodMonth: "2026-03", status: "berjalan", progress: 60, reportId: "rep1",
};
const asCells = (r: Record<string, string | number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));

describe("the results CSV", () => {
  it("exports a row that imports back as the same result (a past period included)", () => {
    const record = resultRecord(stored);
    expect(Object.keys(record)).toEqual([...RESULT_CSV_COLUMNS]);
    const parsed = parseResultRecord(asCells(record));
    expect(parsed.ok && unchanged(parsed.row, stored)).toBe(true);
    // A changed progress is a change.
    const moved = parseResultRecord({ ...asCells(record), kemajuan: "80" });
    expect(moved.ok && unchanged(moved.row, stored)).toBe(false);
  });

  it("reads back a text the export guarded as a formula", () => {
    const parsed = parseResultRecord({ ...asCells(resultRecord(stored)), judul: "'=SUM(A1) bukan rumus" });
    expect(parsed.ok && parsed.row.title).toBe("=SUM(A1) bukan rumus");
  });

  it("names the problem of each bad cell", () => {
    const bad = parseResultRecord({ judul: "x", kelurahan: "317105", biaya_rupiah: "dua juta", periode: "2026-13", status: "hampir", kemajuan: "52.5", bobot: "-1", id: "a", induk_id: "a" });
    expect(bad).toEqual({
      ok: false,
      problems: [
        { field: "judul", code: "errors.item_title" },
        { field: "kelurahan", code: "errors.kelurahan_invalid" },
        { field: "biaya_rupiah", code: "errors.cost_invalid" },
        { field: "periode", code: "errors.period_invalid" },
        { field: "status", code: "errors.result_status" },
        { field: "kemajuan", code: "errors.progress_invalid" },
        { field: "bobot", code: "errors.weight_invalid" },
        { field: "induk_id", code: "errors.result_parent_self" },
      ],
    });
  });

  it("creates a row without an id, with defaults; done and 100 go together", () => {
    expect(parseResultRecord({ judul: "Pasang rambu", kelurahan: "3171050001" })).toEqual({
      ok: true,
      row: { id: null, parentId: null, weight: null, title: "Pasang rambu", description: "", kelurahanCode: "3171050001", agencyId: null, unit: "", costRupiah: null, periodMonth: null, status: "direncanakan", progress: 0 },
    });
    const done = parseResultRecord({ judul: "Pasang rambu", kelurahan: "3171050001", status: "berjalan", kemajuan: "100", bobot: "0,3" });
    expect(done.ok && [done.row.status, done.row.progress, done.row.weight]).toEqual(["selesai", 100, 0.3]);
  });
});
