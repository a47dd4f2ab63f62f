import { parseRupiah } from "./agency-reply";
import { isResultStatus, parseProgress, type ResultStatus } from "./results";

// The results CSV: one format for export (open data) and import (an agency's bulk update). Column names are
// Indonesian like the other open data; a row either updates the result its `id` names or, without an id, creates
// one. Pure: the checks of one row, and whether an imported row would change what is stored.

export const RESULT_CSV_COLUMNS = [
  "id", "induk_id", "bobot", "judul", "uraian", "kelurahan", "instansi_id", "unit", "biaya_rupiah", "periode", "status", "kemajuan", "laporan_id",
] as const;
export type ResultCsvColumn = (typeof RESULT_CSV_COLUMNS)[number];

/** A row as it will be stored (kecamatan and kota follow from the kelurahan). */
export interface ResultRow {
  id: string | null;
  parentId: string | null;
  weight: number | null;
  title: string;
  description: string;
  kelurahanCode: string;
  agencyId: string | null;
  unit: string;
  costRupiah: number | null;
  periodMonth: string | null;
  status: ResultStatus;
  progress: number;
}

export type RowProblem = { field: ResultCsvColumn | "baris"; code: string };

/**
 * A cell's text. Our export writes a text that starts like a formula (=, +, -, @…) with a leading quote
 * (csv.server.ts); reading it back drops that quote, so an exported file imports unchanged.
 */
const cell = (record: Record<string, unknown>, key: ResultCsvColumn) => {
  const text = typeof record[key] === "string" ? (record[key] as string).trim() : "";
  return /^'[=+\-@\t\r＝＋－＠]/.test(text) ? text.slice(1) : text;
};

/**
 * One CSV record's row, or its problems (i18n keys per column). An exported row reads back as itself: empty cells
 * are nulls, the period a YYYY-MM (past ones too: a late result is exported with its past month), progress an
 * integer 0–100 that "selesai" makes 100.
 */
export function parseResultRecord(record: Record<string, unknown>): { ok: true; row: ResultRow } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const title = cell(record, "judul");
  if (title.length < 3 || title.length > 200) problems.push({ field: "judul", code: "errors.item_title" });
  const description = cell(record, "uraian");
  if (description.length > 4000) problems.push({ field: "uraian", code: "errors.summary_too_long" });
  const kelurahanCode = cell(record, "kelurahan");
  if (!/^\d{10}$/.test(kelurahanCode)) problems.push({ field: "kelurahan", code: "errors.kelurahan_invalid" });
  const unit = cell(record, "unit");
  if (unit.length > 200) problems.push({ field: "unit", code: "errors.unit_required" });
  const rawCost = cell(record, "biaya_rupiah");
  const costRupiah = rawCost ? parseRupiah(rawCost) : null;
  if (rawCost && costRupiah === null) problems.push({ field: "biaya_rupiah", code: "errors.cost_invalid" });
  const periodMonth = cell(record, "periode") || null;
  if (periodMonth && !/^(20\d\d|2100)-(0[1-9]|1[0-2])$/.test(periodMonth)) problems.push({ field: "periode", code: "errors.period_invalid" });
  const status = cell(record, "status") || "direncanakan";
  if (!isResultStatus(status)) problems.push({ field: "status", code: "errors.result_status" });
  const rawProgress = cell(record, "kemajuan");
  const progress = rawProgress ? parseProgress(rawProgress) : 0;
  if (progress === null) problems.push({ field: "kemajuan", code: "errors.progress_invalid" });
  const rawWeight = cell(record, "bobot");
  const weight = rawWeight ? Number(rawWeight.replace(",", ".")) : null;
  if (weight !== null && !(Number.isFinite(weight) && weight > 0 && weight <= 1000)) problems.push({ field: "bobot", code: "errors.weight_invalid" });
  const id = cell(record, "id") || null;
  const parentId = cell(record, "induk_id") || null;
  if (parentId && parentId === id) problems.push({ field: "induk_id", code: "errors.result_parent_self" });
  if (problems.length > 0) return { ok: false, problems };
  const done = status === "selesai" || progress === 100;
  return {
    ok: true,
    row: {
      id, parentId, weight, title, description, kelurahanCode, agencyId: cell(record, "instansi_id") || null, unit, costRupiah, periodMonth,
      status: done && status !== "dihentikan" ? "selesai" : (status as ResultStatus), progress: done && status !== "dihentikan" ? 100 : progress!,
    },
  };
}

/** What a stored result holds of a row's fields (for "does this import change anything?"). */
export type StoredResult = Omit<ResultRow, "id" | "status"> & { status: string };

/** The fields an import writes: a row changes nothing when every one equals the stored result's. */
const IMPORTED_FIELDS = [
  "parentId", "weight", "title", "description", "kelurahanCode", "agencyId", "unit", "costRupiah", "periodMonth", "status", "progress",
] as const satisfies readonly (keyof StoredResult)[];

/** True when importing `row` over `stored` would change nothing. */
export function unchanged(row: ResultRow, stored: StoredResult): boolean {
  return IMPORTED_FIELDS.every((field) => row[field] === stored[field]);
}

/** A stored result as its CSV record (the export), the inverse of parseResultRecord. */
export function resultRecord(r: StoredResult & { id: string; reportId: string | null }): Record<ResultCsvColumn, string | number> {
  return {
    id: r.id, induk_id: r.parentId ?? "", bobot: r.weight ?? "", judul: r.title, uraian: r.description, kelurahan: r.kelurahanCode,
    instansi_id: r.agencyId ?? "", unit: r.unit, biaya_rupiah: r.costRupiah ?? "", periode: r.periodMonth ?? "", status: r.status, kemajuan: r.progress,
    laporan_id: r.reportId ?? "",
  };
}
