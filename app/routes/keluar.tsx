import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, readFormData } from "~/utils/http.server";
import { endSession } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
  } catch (error) {
    return actionError(error);
  }
  return redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}
