import type { LoaderFunctionArgs } from "@remix-run/node";
import { executionReport } from "~/services/results.server";
import { csvResponse, type CsvCell } from "~/utils/csv.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: /hasil-kerja's figures as CSV, one row per kelurahan, kecamatan or agency (level, code, name, results,
// done, executed share, mean progress, late, cost), so a spreadsheet opens it as is.
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const report = await executionReport();
    const rows: CsvCell[][] = [["tingkat", "kode", "nama", "hasil", "selesai", "terlaksana", "rata_rata_kemajuan", "terlambat", "biaya_rupiah"]];
    for (const [level, list] of [["instansi", report.byAgency], ["kecamatan", report.byKecamatan], ["kelurahan", report.byKelurahan]] as const) {
      for (const r of list) rows.push([level, r.key, r.name, r.results, r.done, Math.round(r.executedShare * 1000) / 1000, r.meanProgress, r.late, r.costRupiah]);
    }
    return csvResponse(rows, "hasil-kerja.csv", { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" });
  } catch (error) {
    return problemFrom(request, error);
  }
}
