import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { HorizontalBars, MonthlyColumns } from "~/components/Charts";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { getDashboard, parseScope } from "~/services/dashboard.server";
import { referenceData, regionPath, regionTree } from "~/services/reference-data.server";
import { loaderError } from "~/utils/http.server";
import { ScrollTable } from "~/components/ScrollTable";
import { pageTitle } from "~/utils/meta";

// The public dashboard for all of Jakarta, a kota or a kecamatan: reports by status, active deliberations,
// participants, proposals and votes per month, and each agency's answer record. Read from a snapshot the worker
// keeps, so the page costs the same for a kecamatan and for the whole city.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const scope = await parseScope(params).catch(loaderError);
  const [data, ref] = await Promise.all([getDashboard(scope), referenceData()]);
  const tree = regionTree(ref, { kelurahan: false });
  const kota = scope.level === "kota" ? scope.code : scope.level === "kecamatan" ? ref.byCode.get(scope.code)?.parentCode ?? "" : "";
  return json(
    {
      data,
      scopeName: scope.level === "jakarta" ? null : regionPath(ref, scope.code),
      kota,
      kecamatan: scope.level === "kecamatan" ? scope.code : "",
      tree: tree.map((k) => ({ code: k.code, name: k.name, kecamatan: k.kecamatan.map((c) => ({ code: c.code, name: c.name })) })),
    },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
}

const STATUS_FILL: Record<string, string> = { menunggu: "#b42318", diproses: "#b7791f", selesai: "#17753a" };

export default function DashboardPage() {
  const { data, scopeName, kota, kecamatan, tree } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const pct = (x: number | null) => (x === null ? "—" : `${formatNumber(Math.round(x * 100), lng)}%`);
  const days = (x: number | null) => (x === null ? "—" : t("dashboard.days", { count: Math.round(x * 10) / 10 }));
  const kecamatanOptions = tree.find((k) => k.code === kota)?.kecamatan ?? [];
  const query = kecamatan ? `?kecamatan=${kecamatan}` : kota ? `?kota=${kota}` : "";
  return (
    <article className="dashboard">
      <h1>{t("dashboard.title")}</h1>
      <p className="lead">{scopeName ?? t("dashboard.jakarta")}</p>
      <Form method="get" className="filters card" aria-label={t("dashboard.scope")}>
        <div className="field">
          <label htmlFor="kota">{t("list.kota")}</label>
          <select id="kota" name="kota" defaultValue={kota}>
            <option value="">{t("dashboard.jakarta")}</option>
            {tree.map((k) => <option key={k.code} value={k.code}>{k.name}</option>)}
          </select>
        </div>
        {kecamatanOptions.length > 0 && (
          <div className="field">
            <label htmlFor="kecamatan">{t("list.kecamatan")}</label>
            <select id="kecamatan" name="kecamatan" defaultValue={kecamatan}>
              <option value="">{t("dashboard.wholeKota")}</option>
              {kecamatanOptions.map((k) => <option key={k.code} value={k.code}>{k.name}</option>)}
            </select>
          </div>
        )}
        <button type="submit">{t("dashboard.show")}</button>
      </Form>

      <ul className="figures">
        <li><strong>{formatNumber(data.reports, lng)}</strong> {t("dashboard.reports")}</li>
        <li>
          <Link to={`/?${new URLSearchParams({ fase: "berjalan", ...(kecamatan ? { kecamatan } : kota ? { kota } : {}) })}`}>
            <strong>{formatNumber(data.activeDeliberations, lng)}</strong> {t("dashboard.active")}
          </Link>
        </li>
        <li><strong>{formatNumber(data.participants, lng)}</strong> {t("dashboard.participants")}</li>
        <li><strong>{pct(data.answerRate)}</strong> {t("dashboard.answerRate")}</li>
        <li><strong>{days(data.medianDaysToAnswer)}</strong> {t("dashboard.medianAnswer")}</li>
      </ul>

      <section aria-labelledby="by-status">
        <h2 id="by-status">{t("dashboard.byStatus")}</h2>
        <div className="chart-pair">
          <HorizontalBars label={t("dashboard.byStatus")} items={Object.entries(data.reportsByStatus).map(([s, n]) => ({ label: t(`status.${s}`), value: n, colour: STATUS_FILL[s] ?? "#555" }))} />
          <table className="data">
            <caption className="visually-hidden">{t("dashboard.byStatus")}</caption>
            <thead><tr><th scope="col">{t("dashboard.status")}</th><th scope="col">{t("dashboard.count")}</th></tr></thead>
            <tbody>
              {Object.entries(data.reportsByStatus).map(([s, n]) => <tr key={s}><th scope="row">{t(`status.${s}`)}</th><td>{formatNumber(n, lng)}</td></tr>)}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="over-time">
        <h2 id="over-time">{t("dashboard.overTime")}</h2>
        <div className="chart-pair">
          <MonthlyColumns
            label={t("dashboard.overTime")}
            months={data.months}
            series={[{ name: t("dashboard.proposals"), values: data.proposalsPerMonth, colour: "#0b5d4b" }, { name: t("dashboard.votes"), values: data.votesPerMonth, colour: "#b7791f" }]}
          />
          <table className="data">
            <caption className="visually-hidden">{t("dashboard.overTime")}</caption>
            <thead><tr><th scope="col">{t("dashboard.month")}</th><th scope="col">{t("dashboard.proposals")}</th><th scope="col">{t("dashboard.votes")}</th></tr></thead>
            <tbody>
              {data.months.map((m, i) => (
                <tr key={m}><th scope="row">{m}</th><td>{formatNumber(data.proposalsPerMonth[i]!, lng)}</td><td>{formatNumber(data.votesPerMonth[i]!, lng)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="agencies">
        <h2 id="agencies">{t("dashboard.agencies")}</h2>
        {data.agencies.length === 0 ? <p>{t("dashboard.noAgencies")}</p> : (
          <ScrollTable label={t("dashboard.agencies")}>
            <table className="data">
              <caption className="visually-hidden">{t("dashboard.agencies")}</caption>
              <thead>
                <tr><th scope="col">{t("dashboard.agency")}</th><th scope="col">{t("dashboard.received")}</th><th scope="col">{t("dashboard.answerRate")}</th><th scope="col">{t("dashboard.medianAnswer")}</th><th scope="col">{t("dashboard.overdue")}</th></tr>
              </thead>
              <tbody>
                {data.agencies.map((a) => (
                  <tr key={a.agencyId}>
                    <th scope="row">{a.agencyName}</th>
                    <td>{formatNumber(a.received, lng)}</td>
                    <td>{pct(a.answerRate)}</td>
                    <td>{days(a.medianDaysToAnswer)}</td>
                    <td className={a.overdue ? "overdue-count" : undefined}>{formatNumber(a.overdue, lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
      <p className="muted">{t("dashboard.computedAt", { at: formatDateTime(data.computedAt, lng) })}</p>
      <p>
        {t("dashboard.download")} <a href={`/dasbor.csv${query}`} download>CSV</a> · <a href={`/dasbor.json${query}`}>JSON</a>
      </p>
      <p>
        {t("dashboard.outcomes")} <a href={`/hasil.csv${query}`} download>CSV</a> · <a href={`/hasil.json${query}`}>JSON</a>
      </p>
    </article>
  );
}
