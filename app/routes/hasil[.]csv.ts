import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { OUTCOME_LIST_HEADER, outcomeListRow } from "~/domain/outcome";
import { parseScope } from "~/services/dashboard.server";
import { finishedOutcomes } from "~/services/outcomes.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: one row per finished deliberation (the JSON has every proposal's figures too).
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const url = new URL(request.url);
    const outcomes = await finishedOutcomes(await parseScope(url.searchParams), url.origin);
    return new Response(stringify([OUTCOME_LIST_HEADER, ...outcomes.map(outcomeListRow)], { bom: true }), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="hasil-musyawarah.csv"', "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" },
    });
  } catch (error) {
    return problemFrom(request, error);
  }
}
