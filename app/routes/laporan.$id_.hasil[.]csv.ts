import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { OUTCOME_PROPOSAL_HEADER, outcomeProposalRows } from "~/domain/outcome";
import { outcomeOf } from "~/services/outcomes.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: one deliberation's outcome as CSV, one row per proposal.
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const outcome = await outcomeOf(params.id ?? "", new URL(request.url).origin);
    return new Response(stringify([OUTCOME_PROPOSAL_HEADER, ...outcomeProposalRows(outcome)], { bom: true }), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="hasil-laporan-${outcome.report.number}.csv"`, "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" },
    });
  } catch (error) {
    return problemFrom(request, error);
  }
}
