import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { describedBy, FormErrorSummary } from "~/components/FormErrors";
import { afterLoginPath, authenticate } from "~/services/accounts.server";
import { isServiceError } from "~/services/errors";
import { assertNotBlocked, recordFailure, reset } from "~/services/rate-limit.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues, readFormData } from "~/utils/http.server";
import { clientIp } from "~/utils/client-ip.server";
import { getCurrentUser, startSession } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.loginTitle");


/** A refused log-in (429) says when to try again, for clients that read the header too. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) return redirect("/");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const values = formValues(formData, ["email"]);
  try {
    await verifyCsrf(request, formData);
    const ip = clientIp(request);
    const email = String(formData.get("email") ?? "").trim().toLowerCase().slice(0, 254);
    // Only failures count (OWASP): an address or account that used up its failures waits, successes cost nothing.
    await assertNotBlocked("loginFailIp", ip);
    await assertNotBlocked("loginFailAccount", email);
    let userId: string;
    try {
      userId = await authenticate(email, formData.get("password"));
    } catch (error) {
      if (isServiceError(error) && error.status === 401) {
        await recordFailure("loginFailIp", ip);
        await recordFailure("loginFailAccount", email);
      }
      throw error;
    }
    await reset("loginFailAccount", email);
    const cookie = await startSession(userId, request);
    return redirect(await afterLoginPath(userId, formData.get("kembali")), { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    return actionError(error, values);
  }
}

export default function Login() {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const failed = result && !result.ok;
  return (
    <div className="narrow">
      <h1>{t("auth.loginTitle")}</h1>
      {failed && <FormErrorSummary code={result.code} fields={result.fields} />}
      <Form method="post" className="card">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="kembali" value={params.get("kembali") ?? "/"} />
        <div className="field">
          <label htmlFor="email">{t("auth.email")}</label>
          <input id="email" name="email" type="email" autoComplete="email" required defaultValue={failed ? result.values.email : undefined}
            {...describedBy("email", { error: failed ? result.code : undefined })} />
        </div>
        <div className="field">
          <label htmlFor="password">{t("auth.password")}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" disabled={navigation.state === "submitting"}>{t("auth.submitLogin")}</button>
      </Form>
      <p>{t("auth.noAccount")} <Link to="/daftar">{t("nav.register")}</Link></p>
    </div>
  );
}
