import type { LoaderFunctionArgs } from "@remix-run/node";
import { OUTCOME_LIST_HEADER, outcomeListRow } from "~/domain/outcome";
import { parseScope } from "~/services/dashboard.server";
import { finishedOutcomes } from "~/services/outcomes.server";
import { csvResponse } from "~/utils/csv.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: one row per finished deliberation (the JSON has every proposal's figures too).
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const url = new URL(request.url);
    const outcomes = await finishedOutcomes(await parseScope(url.searchParams), url.origin);
    return csvResponse([OUTCOME_LIST_HEADER, ...outcomes.map(outcomeListRow)], "hasil-musyawarah.csv", { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" }, { bom: true });
  } catch (error) {
    return problemFrom(request, error);
  }
}
