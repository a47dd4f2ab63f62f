import { stringify } from "csv-stringify/sync";

// Every CSV the app writes goes through here. A cell that starts with =, +, -, @, a tab or a carriage return (or
// their full-width forms) is a formula to Excel, LibreOffice and Google Sheets: `=HYPERLINK(…)` in a report title
// would become a link, `+cmd|…` worse. csv-stringify's `escape_formulas` prefixes such text cells with a single
// quote, so the spreadsheet shows the text as written. Cells that are numbers (e.g. -3) stay numbers.

export type CsvCell = string | number | boolean | null | undefined;

export function toCsv(rows: readonly (readonly CsvCell[])[], opts: { bom?: boolean } = {}): string {
  return stringify(rows as CsvCell[][], { bom: opts.bom ?? false, escape_formulas: true });
}

/** A CSV download: UTF-8 with the given file name; cache and CORS headers as the caller asks. */
export function csvResponse(rows: readonly (readonly CsvCell[])[], filename: string, headers: Record<string, string> = {}, opts: { bom?: boolean } = {}): Response {
  return new Response(toCsv(rows, opts), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      ...headers,
    },
  });
}
