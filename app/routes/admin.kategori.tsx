import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { FormErrorSummary } from "~/components/FormErrors";
import { ScrollTable } from "~/components/ScrollTable";
import { listAgencies, saveCategoryDefaults } from "~/services/agencies.server";
import { consume } from "~/services/rate-limit.server";
import { referenceData } from "~/services/reference-data.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, readFormData } from "~/utils/http.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.categories");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.categories");
  const [ref, agencies] = await Promise.all([referenceData(), listAgencies()]);
  return json({
    saved: new URL(request.url).searchParams.has("tersimpan"),
    categories: ref.categories,
    // A category's default is a city-wide agency; kelurahan offices are routed by region instead.
    agencies: agencies.filter((a) => a.kind !== "kelurahan").map((a) => ({ id: a.id, name: a.name })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin.categories");
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    await consume("write", admin.id);
    const input: Record<string, string> = {};
    for (const [key, value] of formData) if (key.startsWith("default:")) input[key.slice(8)] = String(value);
    await saveCategoryDefaults(input);
    return redirect("/admin/kategori?tersimpan=1");
  } catch (error) {
    return actionError(error);
  }
}

export default function AdminCategories() {
  const { categories, agencies, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  return (
    <section>
      <h2>{t("admin.categories")}</h2>
      {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} />}
      {saved && !result && <p className="alert alert-ok" role="status">{t("admin.saved")}</p>}
      <Form method="post">
        <AuthenticityTokenInput name="csrf" />
        <ScrollTable label={t("admin.categories")}>
          <table>
            <thead><tr><th>{t("newReport.category")}</th><th>{t("admin.defaultAgency")}</th></tr></thead>
            <tbody>
              {categories.map((c) => (
                <tr key={c.slug}>
                  <td><label htmlFor={`default-${c.slug}`}>{i18n.language === "en" ? c.nameEn : c.nameId}</label></td>
                  <td>
                    <select id={`default-${c.slug}`} name={`default:${c.slug}`} defaultValue={c.defaultAgencyId ?? ""}>
                      <option value="">{t("admin.kinds.kelurahan")}</option>
                      {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
        <p><button type="submit">{t("admin.save")}</button></p>
      </Form>
    </section>
  );
}
