import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { RegionCheckboxTree, treeLabels } from "~/components/RegionSelects";
import { AGENCY_KINDS } from "~/domain/agencies";
import { setAgencyWebhook } from "~/services/agency-push.server";
import { getAgency, saveAgency } from "~/services/agencies.server";
import { consume } from "~/services/rate-limit.server";
import { referenceData, regionTree } from "~/services/reference-data.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, loaderError, readFormData } from "~/utils/http.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.editAgency");

const NEW = "baru";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.agencies");
  const ref = await referenceData();
  const agency =
    params.id === NEW
      ? { id: null, name: "", kind: "skpd", email: "", slaDays: 14, regionCodes: [] as string[], categorySlugs: [] as string[], webhookUrl: null, webhookDisabledAt: null }
      : await getAgency(params.id ?? "").catch(loaderError);
  return json({
    agency,
    saved: new URL(request.url).searchParams.has("tersimpan"),
    tree: regionTree(ref),
    categories: ref.categories,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin.agencies");
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    await consume("write", admin.id);
    if (formData.get("intent") === "webhook" && params.id && params.id !== NEW) {
      // The secret is shown in this one response and never again.
      const { secret } = await setAgencyWebhook(params.id, { url: formData.get("webhookUrl"), regenerate: formData.get("regenerate") });
      return json({ ok: true as const, secret });
    }
    const id = await saveAgency(params.id === NEW ? null : (params.id ?? null), {
      name: formData.get("name"),
      kind: formData.get("kind"),
      email: formData.get("email") ?? "",
      slaDays: formData.get("slaDays"),
      regionCodes: formData.getAll("regionCodes").map(String),
      categorySlugs: formData.getAll("categorySlugs").map(String),
    });
    return redirect(`/admin/instansi/${id}?tersimpan=1`);
  } catch (error) {
    return actionError(error);
  }
}

export default function AdminAgency() {
  const { agency, tree, categories, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const errors: Record<string, string> = result && !result.ok ? result.fields : {};
  return (
    <section className="narrow">
      <p><Link to="/admin/instansi">← {t("admin.agencies")}</Link></p>
      <h2>{agency.id ? t("admin.editAgency") : t("admin.newAgency")}</h2>
      {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} />}
      {saved && !result && <p className="alert alert-ok" role="status">{t("admin.saved")}</p>}
      <Form method="post" className="card">
        <AuthenticityTokenInput name="csrf" />
        <div className="field">
          <label htmlFor="name">{t("admin.agencyName")}</label>
          <input id="name" name="name" type="text" required defaultValue={agency.name} {...describedBy("name", { error: errors.name })} />
          <FieldError id="name" message={errors.name} />
        </div>
        <div className="row two">
          <div className="field">
            <label htmlFor="kind">{t("admin.kind")}</label>
            <select id="kind" name="kind" defaultValue={agency.kind}>
              {AGENCY_KINDS.map((k) => <option key={k} value={k}>{t(`admin.kinds.${k}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="slaDays">{t("admin.slaDays")}</label>
            <input id="slaDays" name="slaDays" type="number" min={1} max={365} required defaultValue={agency.slaDays}
              {...describedBy("slaDays", { error: errors.slaDays })} />
            <FieldError id="slaDays" message={errors.slaDays} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="email">{t("admin.agencyEmail")}</label>
          <input id="email" name="email" type="email" defaultValue={agency.email ?? ""} {...describedBy("email", { error: errors.email })} />
          <FieldError id="email" message={errors.email} />
        </div>
        <fieldset aria-describedby={errors.regionCodes ? "regionCodes-error" : undefined}>
          <legend>{t("admin.coveredRegions")}</legend>
          <RegionCheckboxTree tree={tree} name="regionCodes" selected={agency.regionCodes} withProvince withKelurahan labels={treeLabels(t)} />
          <FieldError id="regionCodes" message={errors.regionCodes} />
        </fieldset>
        <fieldset>
          <legend>{t("admin.routedCategories")}</legend>
          <div className="checkbox-grid">
            {categories.map((c) => (
              <label key={c.slug}>
                <input type="checkbox" name="categorySlugs" value={c.slug} defaultChecked={agency.categorySlugs.includes(c.slug)} />
                {i18n.language === "en" ? c.nameEn : c.nameId}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit">{t("admin.save")}</button>
      </Form>
      {agency.id && (
        <Form method="post" className="card" aria-labelledby="webhook-title">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="webhook" />
          <h3 id="webhook-title">{t("admin.webhook")}</h3>
          <p className="hint">{t("admin.webhookHint")}</p>
          {agency.webhookDisabledAt && <p className="alert alert-error">{t("admin.webhookDisabled")}</p>}
          {result && result.ok && result.secret && (
            <div className="alert alert-ok" role="status">
              <p>{t("admin.webhookSecret")}</p>
              <p><code>{result.secret}</code></p>
            </div>
          )}
          <div className="field">
            <label htmlFor="webhookUrl">{t("admin.webhookUrl")}</label>
            <input id="webhookUrl" name="webhookUrl" type="url" inputMode="url" defaultValue={agency.webhookUrl ?? ""} placeholder="https://" {...describedBy("webhookUrl", { error: errors.webhookUrl })} />
            <FieldError id="webhookUrl" message={errors.webhookUrl} />
          </div>
          <label className="check"><input type="checkbox" name="regenerate" /> {t("admin.webhookRegenerate")}</label>
          <button type="submit" className="secondary">{t("admin.webhookSave")}</button>
        </Form>
      )}
    </section>
  );
}
