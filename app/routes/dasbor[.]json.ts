import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDashboard, parseScope } from "~/services/dashboard.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: the dashboard's figures for a scope as JSON (same ?kota= / ?kecamatan= as /dasbor).
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const data = await getDashboard(await parseScope(new URL(request.url).searchParams));
    return Response.json(data, { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
  } catch (error) {
    return problemFrom(request, error);
  }
}
