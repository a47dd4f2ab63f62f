import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseDossierFilters, participation } from "~/domain/dossier";
import { jakartaDay } from "~/i18n/format";
import { findDossiers } from "~/services/dprd.server";
import { csvResponse, type CsvCell } from "~/utils/csv.server";
import { loaderError } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

// The desk's filtered list as CSV (same query string as /dprd), one row per dossier, for a spreadsheet.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const rows = await findDossiers(user, parseDossierFilters(url.searchParams)).catch(loaderError);
  const day = (d: Date | null) => (d ? jakartaDay(d) : "");
  const table: CsvCell[][] = [[
    "nomor", "judul", "fase", "wilayah", "kategori", "dilaporkan", "pemilih", "komentar", "usulan", "partisipasi",
    "instansi", "batas_jawaban", "terlambat", "jawaban", "hari_menjawab", "usulan_pilihan", "alasan_hasil", "dibawa_ke_rapat", "tautan",
  ]];
  for (const d of rows) {
    table.push([
      d.number, d.title, d.state, d.place, d.categorySlug, day(d.createdAt), d.voters, d.comments, d.proposals, participation(d),
      d.agencyName ?? "", day(d.dueAt), d.overdue ? "ya" : "tidak", d.answer ?? "", d.answerDays, d.winnerTitle ?? "", d.reason ?? "",
      day(d.hearingDate), `${url.origin}/laporan/${d.reportId}`,
    ]);
  }
  return csvResponse(table, "berkas-dprd.csv", { "Cache-Control": "private, no-store" }, { bom: true });
}
