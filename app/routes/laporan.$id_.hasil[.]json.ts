import type { LoaderFunctionArgs } from "@remix-run/node";
import { outcomeOf } from "~/services/outcomes.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: one deliberation's outcome, once its vote has closed.
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const outcome = await outcomeOf(params.id ?? "", new URL(request.url).origin);
    return Response.json(outcome, { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
  } catch (error) {
    return problemFrom(request, error);
  }
}
