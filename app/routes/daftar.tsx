import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { KelurahanSelect } from "~/components/RegionSelects";
import { PASSWORD_MIN } from "~/domain/password-policy";
import { registerCitizen } from "~/services/accounts.server";
import { consume } from "~/services/rate-limit.server";
import { referenceData, regionTree } from "~/services/reference-data.server";
import { clientIp } from "~/utils/client-ip.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues, readFormData } from "~/utils/http.server";
import { getCurrentUser, startSession } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.registerTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) return redirect("/");
  return json({ tree: regionTree(await referenceData()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const values = formValues(formData, ["name", "email", "homeKelurahanCode"]);
  try {
    await verifyCsrf(request, formData);
    await consume("register", clientIp(request));
    const user = await registerCitizen({ ...values, password: formData.get("password") ?? undefined });
    const cookie = await startSession(user.id, request);
    return redirect("/", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    return actionError(error, values);
  }
}

export default function Register() {
  const { tree } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const errors = result && !result.ok ? result.fields : {};
  const values = result && !result.ok ? result.values : {};
  return (
    <div className="narrow">
      <h1>{t("auth.registerTitle")}</h1>
      <p className="muted">{t("auth.registerIntro")}</p>
      {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} />}
      <Form method="post" className="card">
        <AuthenticityTokenInput name="csrf" />
        <div className="field">
          <label htmlFor="name">{t("auth.name")}</label>
          <input id="name" name="name" type="text" autoComplete="name" required maxLength={80} defaultValue={values.name}
            {...describedBy("name", { error: errors.name })} />
          <FieldError id="name" message={errors.name} />
        </div>
        <div className="field">
          <label htmlFor="email">{t("auth.email")}</label>
          <input id="email" name="email" type="email" autoComplete="email" required defaultValue={values.email}
            {...describedBy("email", { error: errors.email })} />
          <FieldError id="email" message={errors.email} />
        </div>
        <div className="field">
          <label htmlFor="password">{t("auth.password")}</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN}
            {...describedBy("password", { hint: true, error: errors.password })} />
          <span className="hint" id="password-hint">{t("auth.passwordHint")}</span>
          <FieldError id="password" message={errors.password} />
        </div>
        <div className="field">
          <label htmlFor="homeKelurahanCode">{t("auth.homeKelurahan")}</label>
          <KelurahanSelect tree={tree} id="homeKelurahanCode" name="homeKelurahanCode" placeholder={t("newReport.chooseKelurahan")}
            defaultValue={values.homeKelurahanCode} {...describedBy("homeKelurahanCode", { error: errors.homeKelurahanCode })} />
          <FieldError id="homeKelurahanCode" message={errors.homeKelurahanCode} />
        </div>
        <button type="submit" disabled={navigation.state === "submitting"}>{t("auth.submitRegister")}</button>
      </Form>
      <p>{t("auth.haveAccount")} <Link to="/masuk">{t("nav.login")}</Link></p>
    </div>
  );
}
