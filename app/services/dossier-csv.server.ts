import { DOSSIER_CSV_COLUMNS, participation } from "~/domain/dossier";
import { jakartaDay } from "~/i18n/format";
import { fixedT } from "~/i18n/translate";
import type { CsvCell } from "~/utils/csv.server";
import type { DossierRow } from "./dprd.server";
import { referenceData } from "./reference-data.server";

// The DPRD desk's list as a spreadsheet for people: headings, phases, categories, answers and outcomes in the
// member's language, days as YYYY-MM-DD (Jakarta). The codes a machine joins on (phase, kelurahan, category,
// answer, outcome) follow in their own columns, named as codes, after everything a reader needs.

export async function dossierCsvTable(rows: readonly DossierRow[], lng: string, origin: string): Promise<CsvCell[][]> {
  const t = fixedT(lng);
  const ref = await referenceData();
  const day = (d: Date | null) => (d ? jakartaDay(d) : "");
  const table: CsvCell[][] = [DOSSIER_CSV_COLUMNS.map((c) => t(`dprd.csv.columns.${c}`))];
  for (const d of rows) {
    const category = ref.categoryBySlug.get(d.categorySlug);
    table.push([
      d.number, d.title, t(`case.steps.${d.state}`), d.place,
      category ? (lng === "en" ? category.nameEn : category.nameId) : d.categorySlug,
      day(d.createdAt), d.voters, d.comments, d.proposals, participation(d),
      d.agencyName ?? "", day(d.dueAt), t(d.overdue ? "dprd.csv.yes" : "dprd.csv.no"),
      d.answer ? t(`case.answers.${d.answer}`, { defaultValue: d.answer }) : "", d.answerDays,
      d.winnerTitle ?? "", d.reason ? t(`dprd.csv.outcomes.${d.reason}`, { defaultValue: d.reason }) : "",
      day(d.hearingDate), `${origin}/laporan/${d.reportId}`,
      d.state, d.kelurahanCode, d.categorySlug, d.answer ?? "", d.reason ?? "",
    ]);
  }
  return table;
}
