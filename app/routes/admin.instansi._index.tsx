import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ScrollTable } from "~/components/ScrollTable";
import { AGENCY_KINDS } from "~/domain/agencies";
import { listAgencies } from "~/services/agencies.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.agencies");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.agencies");
  const kind = new URL(request.url).searchParams.get("jenis");
  const all = await listAgencies();
  const selected = (AGENCY_KINDS as readonly string[]).includes(kind ?? "") ? kind : "skpd";
  return json({ kind: selected, agencies: all.filter((a) => a.kind === selected) });
}

export default function AdminAgencies() {
  const { agencies, kind } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t("admin.agencies")}</h2>
      <div className="summary-line">
        <Form method="get" className="field" style={{ display: "flex", gap: "0.5rem", alignItems: "end" }}>
          <div>
            <label htmlFor="jenis">{t("admin.filterKind")}</label>
            <select id="jenis" name="jenis" defaultValue={kind ?? "skpd"}>
              {AGENCY_KINDS.map((k) => <option key={k} value={k}>{t(`admin.kinds.${k}`)}</option>)}
            </select>
          </div>
          <button type="submit">{t("list.apply")}</button>
        </Form>
        <Link className="button" to="/admin/instansi/baru">{t("admin.newAgency")}</Link>
      </div>
      <ScrollTable label={t("admin.agencies")}>
        <table>
          <thead>
            <tr><th>{t("admin.agencyName")}</th><th>{t("admin.kind")}</th><th>{t("admin.slaDays")}</th><th></th></tr>
          </thead>
          <tbody>
            {agencies.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/admin/instansi/${a.id}`}>{a.name}</Link>
                  <div className="muted">{t("admin.counts", { regions: a._count.regions, categories: a._count.categories, officers: a._count.officers })}</div>
                </td>
                <td>{t(`admin.kinds.${a.kind}`)}</td>
                <td>{a.slaDays}</td>
                <td><Link to={`/admin/instansi/${a.id}`} aria-label={`${t("admin.editAgency")}: ${a.name}`}>{t("admin.editAgency")}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}
