import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db, prepareDatabase } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { exportResults, listResultImports, runResultImport, startResultImport } from "~/services/result-import.server";
import { toCsv } from "~/utils/csv.server";
import { createUser, KELURAHAN } from "../helpers/fixtures";

// The results CSV round trip on the real database, run as the worker runs it: an exported file imports with no
// change, edited rows update, bad rows are listed with their problems while the rest go in, an officer imports
// only their agency's rows, parents follow their weighted items, and 5,000 rows import in under a minute.

let admin: Actor, petugas: Actor, binaMarga: string, sda: string;

beforeAll(async () => {
  await prepareDatabase();
  binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } })).id;
  sda = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Sumber Daya Air" }, select: { id: true } })).id;
  admin = { id: (await createUser("admin")).id, role: "admin", agencyId: null, regionCodes: [] };
  petugas = { id: (await createUser("petugas", { agencyId: binaMarga })).id, role: "petugas", agencyId: binaMarga, regionCodes: [] };
});

/** Uploads `rows` (a header row first) as `actor` and runs the worker's import; returns the import as listed. */
async function importRows(actor: Actor, rows: readonly (readonly (string | number)[])[]) {
  const id = await startResultImport(actor, "hasil.csv", toCsv(rows));
  await runResultImport(id);
  return (await listResultImports(actor)).find((i) => i.id === id)!;
}

const HEADER = ["id", "induk_id", "bobot", "judul", "uraian", "kelurahan", "instansi_id", "unit", "biaya_rupiah", "periode", "status", "kemajuan", "laporan_id"];
const newRow = (title: string, over: Partial<Record<string, string | number>> = {}) => {
  const r: Record<string, string | number> = { id: "", induk_id: "", bobot: "", judul: title, uraian: "", kelurahan: KELURAHAN, instansi_id: binaMarga, unit: "Sudin Bina Marga", biaya_rupiah: "1000000", periode: "2027-06", status: "direncanakan", kemajuan: "0", laporan_id: "", ...over };
  return HEADER.map((h) => r[h] ?? "");
};
const exported = async () => parse(toCsv(await exportResults()), { columns: false }) as string[][];

describe("the results CSV import", () => {
  it("imports new rows, changes nothing on an exported file, and lists bad rows while the rest go in", async () => {
    const first = await importRows(admin, [HEADER, newRow("Perbaiki trotoar =SUM(A1)"), newRow("=HYPERLINK(\"x\") judul rumus"), newRow("Bersihkan saluran", { instansi_id: sda, biaya_rupiah: "" })]);
    expect(first).toMatchObject({ status: "selesai", total: 3, created: 3, updated: 0, unchanged: 0, failed: 0 });

    // The round trip: exported, imported again, nothing changes.
    const file = await exported();
    const before = await db.result.findMany({ orderBy: { id: "asc" } });
    const again = await importRows(admin, file);
    expect(again).toMatchObject({ status: "selesai", total: file.length - 1, created: 0, updated: 0, unchanged: file.length - 1, failed: 0 });
    expect(await db.result.findMany({ orderBy: { id: "asc" } })).toEqual(before);

    // Edited in a spreadsheet: one moved, two broken; the good one goes in.
    const [header, ...rows] = file;
    const col = (name: string) => header!.indexOf(name);
    const edited = rows.map((r) => [...r]);
    edited[0]![col("kemajuan")] = "60";
    edited[0]![col("status")] = "berjalan";
    edited[1]![col("kemajuan")] = "52.5";
    edited[2]![col("kelurahan")] = "9999999999";
    const third = await importRows(admin, [header!, ...edited]);
    expect(third).toMatchObject({ status: "selesai", total: 3, updated: 1, failed: 2 });
    expect(third.errors).toEqual([
      { row: 3, field: "kemajuan", code: "errors.progress_invalid" },
      { row: 4, field: "kelurahan", code: "errors.kelurahan_invalid" },
    ]);
    expect(await db.result.findUniqueOrThrow({ where: { id: rows[0]![col("id")]! } })).toMatchObject({ progress: 60, status: "berjalan" });
    expect(await db.result.findUniqueOrThrow({ where: { id: rows[1]![col("id")]! } })).toMatchObject({ progress: 0 });

    // A file that is not a CSV at all fails as a whole, saying so.
    const broken = await startResultImport(admin, "rusak.csv", 'id,judul\n"tidak ditutup');
    await runResultImport(broken);
    expect((await listResultImports(admin)).find((i) => i.id === broken)).toMatchObject({ status: "gagal", errors: [{ code: "errors.csv_unreadable" }] });
    // A second run of the same job does nothing.
    expect(await runResultImport(broken)).toBeNull();
  });

  it("lets an officer import their own agency's results only", async () => {
    const mine = await importRows(petugas, [HEADER, newRow("Tambal lubang RT 03"), newRow("Keruk kali", { instansi_id: sda })]);
    expect(mine).toMatchObject({ created: 1, failed: 1, errors: [{ row: 3, field: "instansi_id", code: "errors.result_other_agency" }] });
    const citizen: Actor = { id: (await createUser()).id, role: "warga", agencyId: null, regionCodes: [] };
    await expect(startResultImport(citizen, "x.csv", toCsv([HEADER, newRow("Apa saja")]))).rejects.toMatchObject({ status: 403 });
  });

  it("moves a parent with its weighted items (100 and 0 weighted 0.7 and 0.3 → 70)", async () => {
    const parent = await db.result.create({ data: { title: "Perbaikan jalan lingkungan", kelurahanCode: KELURAHAN, kecamatanCode: "3171050", kotaCode: "3171", agencyId: binaMarga } });
    const done = await importRows(admin, [HEADER, newRow("Tambal", { induk_id: parent.id, bobot: "0.7", status: "selesai", kemajuan: "100" }), newRow("Marka", { induk_id: parent.id, bobot: "0,3" })]);
    expect(done).toMatchObject({ created: 2, failed: 0 });
    // Another agency's result is no parent of this one's, nor is an item (one level).
    const item = await db.result.findFirstOrThrow({ where: { parentId: parent.id } });
    const wrong = await importRows(admin, [HEADER, newRow("Rambu", { induk_id: parent.id, instansi_id: sda }), newRow("Cat", { induk_id: item.id })]);
    expect(wrong).toMatchObject({ created: 0, failed: 2, errors: [{ field: "induk_id", code: "errors.result_parent_invalid" }, { field: "induk_id", code: "errors.result_parent_invalid" }] });
    expect(await db.result.findUniqueOrThrow({ where: { id: parent.id } })).toMatchObject({ progress: 70, status: "berjalan" });
  });

  it("imports 5,000 rows in under a minute, and the same 5,000 again with no change", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => newRow(`Hasil nomor ${i + 1}`, { kemajuan: String(i % 101), status: i % 101 === 100 ? "selesai" : "berjalan" }));
    let started = performance.now();
    const created = await importRows(admin, [HEADER, ...rows]);
    const createMs = performance.now() - started;
    expect(created).toMatchObject({ status: "selesai", created: 5000, failed: 0 });
    const file = await exported();
    started = performance.now();
    const again = await importRows(admin, file);
    const againMs = performance.now() - started;
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: file.length - 1 });
    console.log(`[result-import] 5,000 new rows: ${Math.round(createMs)} ms; ${file.length - 1} exported rows again: ${Math.round(againMs)} ms`);
    expect(createMs).toBeLessThan(60_000);
    expect(againMs).toBeLessThan(60_000);
  }, 180_000);
});
