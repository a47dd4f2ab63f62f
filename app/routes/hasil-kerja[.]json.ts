import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { executionReport } from "~/services/results.server";
import { problemFrom } from "~/utils/problem.server";

// Open data: /hasil-kerja's figures as JSON (results per kelurahan, kecamatan and agency, and the late ones).
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    return json(await executionReport(), { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
  } catch (error) {
    return problemFrom(request, error);
  }
}
