import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDashboard, parseScope } from "~/services/dashboard.server";
import { csvResponse, type CsvCell } from "~/utils/csv.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: the dashboard's figures for a scope as CSV, one row per figure (section, key, value), so a
// spreadsheet opens it as is. Same ?kota= / ?kecamatan= as /dasbor.
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const d = await getDashboard(await parseScope(new URL(request.url).searchParams));
    const rows: CsvCell[][] = [["bagian", "kunci", "nilai"]];
    rows.push(["ringkasan", "wilayah", d.scope], ["ringkasan", "dihitung", d.computedAt], ["ringkasan", "laporan", d.reports], ["ringkasan", "musyawarah_berjalan", d.activeDeliberations], ["ringkasan", "warga_ikut_serta", d.participants], ["ringkasan", "tingkat_jawaban", d.answerRate], ["ringkasan", "median_hari_menjawab", d.medianDaysToAnswer]);
    for (const [status, n] of Object.entries(d.reportsByStatus)) rows.push(["status", status, n]);
    d.months.forEach((m, i) => rows.push(["usulan_per_bulan", m, d.proposalsPerMonth[i]!], ["suara_per_bulan", m, d.votesPerMonth[i]!]));
    for (const a of d.agencies) rows.push([`instansi:${a.agencyName}`, "diterima", a.received], [`instansi:${a.agencyName}`, "dijawab", a.answered], [`instansi:${a.agencyName}`, "median_hari_menjawab", a.medianDaysToAnswer], [`instansi:${a.agencyName}`, "terlambat", a.overdue]);
    return csvResponse(rows, `musyawarah-${d.scope.replace(":", "-")}.csv`, { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" });
  } catch (error) {
    return problemFrom(request, error);
  }
}
