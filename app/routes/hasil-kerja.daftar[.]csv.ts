import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportResults } from "~/services/result-import.server";
import { csvResponse } from "~/utils/csv.server";
import { problemFrom } from "~/utils/problem.server";

// Open data and the agencies' round trip: every result, one row each, in the columns the import reads back
// (/instansi/hasil). Importing this file unchanged changes nothing.
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    return csvResponse(await exportResults(), "hasil-kerja-daftar.csv", { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" });
  } catch (error) {
    return problemFrom(request, error);
  }
}
