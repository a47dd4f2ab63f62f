import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageCount, parsePage } from "~/domain/pagination";
import { listUsers } from "~/services/admin-users.server";
import { referenceData, regionPath } from "~/services/reference-data.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.users");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.users");
  const params = new URL(request.url).searchParams;
  const q = params.get("q") ?? undefined;
  const page = parsePage(params.get("halaman"));
  const [ref, result] = await Promise.all([referenceData(), listUsers(q, page)]);
  return json({
    q: q ?? "",
    page,
    pages: pageCount(result.total),
    users: result.users.map((u) => ({ ...u, home: regionPath(ref, u.homeKelurahanCode) })),
  });
}

export default function AdminUsers() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t("admin.users")}</h2>
      <Form method="get" role="search" className="field">
        <label htmlFor="q">{t("admin.searchUsers")}</label>
        <div style={{ display: "flex", gap: "0.5rem" }}>
          <input id="q" name="q" type="search" defaultValue={data.q} />
          <button type="submit">{t("list.search")}</button>
        </div>
      </Form>
      <ul className="user-list">
        {data.users.map((u) => (
          <li key={u.id} className="card">
            <div>
              <strong>{u.name}</strong> <span className="badge-role">{t(`roles.${u.role}`)}</span>
              <div className="muted">{u.email}</div>
              <div className="muted">{u.home}</div>
            </div>
            <Link className="button secondary" to={`/admin/pengguna/${u.id}`} aria-label={`${t("admin.editRole")}: ${u.name}`}>
              {t("admin.editRole")}
            </Link>
          </li>
        ))}
      </ul>
      {data.pages > 1 && (
        <p className="pagination">
          {data.page > 1 && <Link to={`?q=${encodeURIComponent(data.q)}&halaman=${data.page - 1}`}>‹ {t("list.prev")}</Link>}
          <span>{t("list.page", { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages && <Link to={`?q=${encodeURIComponent(data.q)}&halaman=${data.page + 1}`}>{t("list.next")} ›</Link>}
        </p>
      )}
    </section>
  );
}
