import type { LoaderFunctionArgs } from "@remix-run/node";
import { OUTCOME_PROPOSAL_HEADER, outcomeProposalRows } from "~/domain/outcome";
import { outcomeOf } from "~/services/outcomes.server";
import { csvResponse } from "~/utils/csv.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: one deliberation's outcome as CSV, one row per proposal.
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const outcome = await outcomeOf(params.id ?? "", new URL(request.url).origin);
    return csvResponse([OUTCOME_PROPOSAL_HEADER, ...outcomeProposalRows(outcome)], `hasil-laporan-${outcome.report.number}.csv`, { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" }, { bom: true });
  } catch (error) {
    return problemFrom(request, error);
  }
}
