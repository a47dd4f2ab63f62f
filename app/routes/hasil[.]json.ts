import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseScope } from "~/services/dashboard.server";
import { finishedOutcomes } from "~/services/outcomes.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: the outcome of every deliberation whose vote has closed, for Jakarta, a kota or a kecamatan.
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const url = new URL(request.url);
    const outcomes = await finishedOutcomes(await parseScope(url.searchParams), url.origin);
    return Response.json({ count: outcomes.length, outcomes }, { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
  } catch (error) {
    return problemFrom(request, error);
  }
}
