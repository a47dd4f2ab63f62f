import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseDossierFilters } from "~/domain/dossier";
import { i18next } from "~/i18n/i18next.server";
import { dossierCsvTable } from "~/services/dossier-csv.server";
import { findDossiers } from "~/services/dprd.server";
import { csvResponse } from "~/utils/csv.server";
import { loaderError } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

// The desk's filtered list as CSV (same query string as /dprd), one row per dossier, in the member's language.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const rows = await findDossiers(user, parseDossierFilters(url.searchParams)).catch(loaderError);
  const table = await dossierCsvTable(rows, await i18next.getLocale(request), url.origin);
  return csvResponse(table, "berkas-dprd.csv", { "Cache-Control": "private, no-store" }, { bom: true });
}
