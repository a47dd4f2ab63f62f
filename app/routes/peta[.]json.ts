import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseReportFilters } from "~/domain/report-filters";
import { reportPoints } from "~/services/reports.server";

// The map's points for the list's filters (public data, like the list), briefly cacheable.
export async function loader({ request }: LoaderFunctionArgs) {
  const result = await reportPoints(parseReportFilters(new URL(request.url).searchParams));
  return json(result, { headers: { "Cache-Control": "public, max-age=30" } });
}
