import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { AuthenticityTokenInput, AuthenticityTokenProvider } from "remix-utils/csrf/react";
import { isLanguage } from "~/i18n/config";
import { i18next, languageCookie } from "~/i18n/i18next.server";
import { commitCsrfToken } from "~/utils/csrf.server";
import { useNonce } from "~/utils/nonce";
import { unreadCount } from "~/services/notifications.server";
import { getCurrentUser } from "~/utils/session.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Musyawarah" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, [csrf, csrfCookie]] = await Promise.all([
    i18next.getLocale(request),
    getCurrentUser(request),
    commitCsrfToken(request),
  ]);
  const headers = new Headers();
  if (csrfCookie) headers.append("Set-Cookie", csrfCookie);
  const asked = new URL(request.url).searchParams.get("lng");
  if (isLanguage(asked)) headers.append("Set-Cookie", await languageCookie.serialize(asked));
  const unread = user ? await unreadCount(user.id) : 0;
  return json(
    { locale, csrf, user: user ? { name: user.name, role: user.role, unread } : null },
    { headers },
  );
}

export type RootData = typeof loader;

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.set("lng", i18n.language === "en" ? "id" : "en");
  return (
    <Link className="lang" to={`${location.pathname}?${params}`} hrefLang={i18n.language === "en" ? "id" : "en"} reloadDocument>
      {t("app.switchTo")}
    </Link>
  );
}

function Header() {
  const { t } = useTranslation();
  const data = useRouteLoaderData<RootData>("root");
  const user = data?.user;
  // "Musyawarah aktif" is the report list with a phase filter: the header marks one of the two, not both.
  const location = useLocation();
  const activePhaseList = location.pathname === "/" && new URLSearchParams(location.search).get("fase") === "aktif";
  const reportsActive = location.pathname === "/" && !activePhaseList;
  return (
    <header className="site-header">
      <div className="wrap header-row">
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand-mark">◆</span> Musyawarah
        </Link>
        <nav aria-label="Menu">
          <ul className="nav">
            <li><Link to="/" className={reportsActive ? "active" : ""} aria-current={reportsActive ? "page" : undefined}>{t("nav.reports")}</Link></li>
            <li><Link to="/?fase=aktif" className={activePhaseList ? "active" : ""} aria-current={activePhaseList ? "page" : undefined}>{t("nav.active")}</Link></li>
            <li><NavLink to="/laporan/baru">{t("nav.newReport")}</NavLink></li>
            <li><NavLink to="/peta">{t("map.nav")}</NavLink></li>
            <li><NavLink to="/dasbor">{t("nav.dashboard")}</NavLink></li>
            <li><NavLink to="/hasil-kerja">{t("nav.results")}</NavLink></li>
            {user && (
              <li>
                <NavLink to="/notifikasi">
                  {t("notifications.nav")}
                  {user.unread > 0 && <span className="count-badge" aria-label={t("notifications.unread", { count: user.unread })}>{user.unread}</span>}
                </NavLink>
              </li>
            )}
            {(user?.role === "fasilitator" || user?.role === "admin") && <li><NavLink to="/moderasi">{t("moderation.nav")}</NavLink></li>}
            {(user?.role === "petugas" || user?.role === "admin") && <li><NavLink to="/instansi">{t("case.desk")}</NavLink></li>}
            {(user?.role === "dprd" || user?.role === "admin") && <li><NavLink to="/dprd">{t("dprd.nav")}</NavLink></li>}
            {user?.role === "admin" && <li><NavLink to="/admin">{t("nav.admin")}</NavLink></li>}
            {user ? (
              <li className="nav-user">
                <span className="who">
                  <span className="visually-hidden">{t("nav.signedInAs")} </span>
                  {user.name} · {t(`roles.${user.role}`)}
                </span>
                <Form method="post" action="/keluar">
                  <AuthenticityTokenInput name="csrf" />
                  <button type="submit" className="link-button">{t("nav.logout")}</button>
                </Form>
              </li>
            ) : (
              <>
                <li><NavLink to="/masuk">{t("nav.login")}</NavLink></li>
                <li><NavLink to="/daftar">{t("nav.register")}</NavLink></li>
              </>
            )}
            <li><LanguageSwitch /></li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const locale = data?.locale ?? "id";
  const nonce = useNonce();
  const { t } = useTranslation();
  useChangeLanguage(locale);
  // Pages embedded in a host system's site (handle.bare) show no header, footer or skip link of ours.
  const bare = useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5d4b" />
        <Meta />
        <Links />
      </head>
      <body className={bare ? "bare" : undefined}>
        {!bare && <a className="skip-link" href="#isi">{t("app.skip")}</a>}
        <AuthenticityTokenProvider token={data?.csrf ?? ""}>
          {!bare && <Header />}
          <main id="isi" className="wrap" tabIndex={-1}>
            {children}
          </main>
        </AuthenticityTokenProvider>
        {!bare && (
          <footer className="site-footer wrap">
            <p>{t("app.tagline")}</p>
            <p className="muted">{t("app.footer")}</p>
          </footer>
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const code =
    isRouteErrorResponse(error) && typeof error.data?.code === "string"
      ? error.data.code
      : status === 404
        ? "errors.not_found"
        : "errors.unexpected";
  return (
    <section className="card error-page" role="alert">
      <h1>{status}</h1>
      <p>{t(code)}</p>
      <p><Link to="/">{t("report.backToList")}</Link></p>
    </section>
  );
}
