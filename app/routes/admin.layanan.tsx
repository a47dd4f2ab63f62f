import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { deleteServiceMapping, listServiceMappings, saveServiceMapping } from "~/services/open311.server";
import { consume } from "~/services/rate-limit.server";
import { referenceData } from "~/services/reference-data.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

// Open311 service codes and the category each files under (intake from 311 clients, and the importer).
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "services.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.categories");
  const [mappings, ref] = await Promise.all([listServiceMappings(), referenceData()]);
  return json({ mappings, categories: ref.categories.map((c) => ({ slug: c.slug, nameId: c.nameId, nameEn: c.nameEn })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin.categories");
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    await consume("write", admin.id);
    if (formData.get("intent") === "delete") await deleteServiceMapping(String(formData.get("serviceCode") ?? ""));
    else await saveServiceMapping({ serviceCode: formData.get("serviceCode"), categorySlug: formData.get("categorySlug"), name: formData.get("name") });
    return redirect("/admin/layanan?tersimpan=1");
  } catch (error) {
    return actionError(error);
  }
}

export default function ServiceMappings() {
  const { mappings, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const errors: Record<string, string> = result && !result.ok ? result.fields : {};
  const categoryName = (slug: string) => {
    const c = categories.find((x) => x.slug === slug);
    return c ? (i18n.language === "en" ? c.nameEn : c.nameId) : slug;
  };
  return (
    <section>
      <h2>{t("services.title")}</h2>
      <p className="hint">{t("services.intro")}</p>
      {params.has("tersimpan") && !result && <p className="alert alert-ok" role="status">{t("admin.saved")}</p>}
      {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} />}
      <ul className="token-list">
        {mappings.map((m) => (
          <li key={m.serviceCode}>
            <p><code>{m.serviceCode}</code> → <strong>{categoryName(m.categorySlug)}</strong></p>
            <p className="meta"><span>{t("services.name")}: {m.name}</span></p>
            <Form method="post" className="inline-form">
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="serviceCode" value={m.serviceCode} />
              <button type="submit" className="secondary small">{t("services.delete")}<span className="visually-hidden"> {m.serviceCode}</span></button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="card stack" aria-labelledby="service-new">
        <h3 id="service-new">{t("services.add")}</h3>
        <p className="hint">{t("services.addHint")}</p>
        <AuthenticityTokenInput name="csrf" />
        <div className="field">
          <label htmlFor="serviceCode">{t("services.code")}</label>
          <input id="serviceCode" name="serviceCode" required {...describedBy("serviceCode", { error: errors.serviceCode })} />
          <FieldError id="serviceCode" message={errors.serviceCode} />
        </div>
        <div className="field">
          <label htmlFor="categorySlug">{t("services.category")}</label>
          <select id="categorySlug" name="categorySlug" required {...describedBy("categorySlug", { error: errors.categorySlug })}>
            {categories.map((c) => <option key={c.slug} value={c.slug}>{i18n.language === "en" ? c.nameEn : c.nameId}</option>)}
          </select>
          <FieldError id="categorySlug" message={errors.categorySlug} />
        </div>
        <div className="field">
          <label htmlFor="name">{t("services.name")}</label>
          <input id="name" name="name" required {...describedBy("name", { error: errors.name })} />
          <FieldError id="name" message={errors.name} />
        </div>
        <button type="submit">{t("admin.save")}</button>
      </Form>
    </section>
  );
}
