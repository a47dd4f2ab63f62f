import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.users");
  return json({});
}

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <nav aria-label={t("admin.title")} className="admin-nav">
        <NavLink to="/admin/pengguna">{t("admin.users")}</NavLink>
        <NavLink to="/admin/instansi">{t("admin.agencies")}</NavLink>
        <NavLink to="/admin/kategori">{t("admin.categories")}</NavLink>
        <NavLink to="/admin/kiriman">{t("admin.deliveries")}</NavLink>
        <NavLink to="/admin/sistem">{t("hosts.title")}</NavLink>
        <NavLink to="/admin/layanan">{t("services.title")}</NavLink>
      </nav>
      <Outlet />
    </>
  );
}
