import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { FieldError, FormErrorSummary } from "~/components/FormErrors";
import { RegionCheckboxTree, treeLabels } from "~/components/RegionSelects";
import { ROLES } from "~/domain/roles";
import { assignRole, getUserForAdmin } from "~/services/admin-users.server";
import { listAgencies } from "~/services/agencies.server";
import { consume } from "~/services/rate-limit.server";
import { referenceData, regionPath, regionTree } from "~/services/reference-data.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, loaderError, readFormData } from "~/utils/http.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.editRole");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.users");
  const [ref, user, agencies] = await Promise.all([
    referenceData(),
    getUserForAdmin(params.id ?? "").catch(loaderError),
    listAgencies(),
  ]);
  return json({
    saved: new URL(request.url).searchParams.has("tersimpan"),
    user: { ...user, home: regionPath(ref, user.homeKelurahanCode) },
    agencies: agencies.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    // A fasilitator or DPRD seat covers a kota or a kecamatan.
    tree: regionTree(ref, { kelurahan: false }),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin.users");
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    await consume("write", admin.id);
    await assignRole(admin.id, {
      userId: params.id,
      role: formData.get("role"),
      agencyId: formData.get("agencyId") ?? undefined,
      regionCodes: formData.getAll("regionCodes").map(String),
    });
    return redirect(`/admin/pengguna/${params.id}?tersimpan=1`);
  } catch (error) {
    return actionError(error);
  }
}

export default function AdminUserRole() {
  const { user, agencies, tree, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = result && !result.ok ? result.fields : {};
  const groups = ["skpd", "other", "kelurahan"] as const;
  return (
    <section className="narrow">
      <p><Link to="/admin/pengguna">← {t("admin.users")}</Link></p>
      <h2>{user.name}</h2>
      <p className="muted">{user.email} · {user.home}</p>
      {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} />}
      {saved && !result && <p className="alert alert-ok" role="status">{t("admin.saved")}</p>}
      <Form method="post" className="card">
        <AuthenticityTokenInput name="csrf" />
        <div className="field">
          <label htmlFor="role">{t("admin.role")}</label>
          <select id="role" name="role" defaultValue={user.role}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="agencyId">{t("admin.agency")}</label>
          <select id="agencyId" name="agencyId" defaultValue={user.agencyId ?? ""}>
            <option value="">{t("admin.noAgency")}</option>
            {groups.map((g) => (
              <optgroup key={g} label={t(`admin.kinds.${g}`)}>
                {agencies.filter((a) => a.kind === g).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        <fieldset aria-describedby={errors.binding ? "binding-error" : undefined}>
          <legend>{t("admin.regions")}</legend>
          <RegionCheckboxTree tree={tree} name="regionCodes" selected={user.regionCodes} labels={treeLabels(t)} />
          <FieldError id="binding" message={errors.binding} />
        </fieldset>
        <button type="submit">{t("admin.save")}</button>
      </Form>
    </section>
  );
}
