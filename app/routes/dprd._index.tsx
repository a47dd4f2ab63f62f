import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { FormErrorSummary } from "~/components/FormErrors";
import { Pagination } from "~/components/Pagination";
import { RegionFilterSelects } from "~/components/RegionSelects";
import { CASE_STATES } from "~/domain/case-workflow";
import { DOSSIER_PAGE_SIZE, DOSSIER_SORTS, dossierQuery, parseDossierFilters, treeWithin } from "~/domain/dossier";
import { pageCount, parsePage } from "~/domain/pagination";
import { formatDate, formatNumber } from "~/i18n/format";
import { dossierPage, requireDprd } from "~/services/dprd.server";
import { recentExports, requestExport } from "~/services/exports.server";
import { consume } from "~/services/rate-limit.server";
import { referenceData, regionTree } from "~/services/reference-data.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, loaderError, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

// The DPRD desk: the dossiers of the member's regions, filtered and ordered for a hearing, with CSV and PDF.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dprd.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    requireDprd(user);
    const params = new URL(request.url).searchParams;
    const filters = parseDossierFilters(params);
    // A page past the last shows the last (desk.page), never "326 berkas" over an empty list.
    const [desk, ref, exports] = await Promise.all([dossierPage(user, filters, parsePage(params.get("halaman"))), referenceData(), recentExports(user)]);
    const tree = regionTree(ref);
    return json({
      filters,
      pages: pageCount(desk.total, DOSSIER_PAGE_SIZE),
      ...desk,
      dossiers: desk.dossiers.map((d) => ({ ...d, createdAt: d.createdAt.toISOString(), dueAt: d.dueAt?.toISOString() ?? null, votingClosesAt: d.votingClosesAt?.toISOString() ?? null, hearingDate: d.hearingDate?.toISOString() ?? null, category: ref.categoryBySlug.get(d.categorySlug) ?? null })),
      isAdmin: user.role === "admin",
      tree: user.role === "admin" ? tree : treeWithin(tree, user.regionCodes),
      categories: ref.categories,
      exports,
    });
  } catch (error) {
    return loaderError(error);
  }
}

/** "Ekspor PDF" of the filtered list: queued for the worker, then the progress page. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    await consume("write", user.id);
    const filters = parseDossierFilters(new URLSearchParams(String(formData.get("query") ?? "")));
    const id = await requestExport(user, { filters });
    return redirect(`/dprd/ekspor/${id}`);
  } catch (error) {
    return actionError(error);
  }
}

export default function DprdDesk() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const lng = i18n.language;
  const f = data.filters;
  const query = dossierQuery(f);
  const narrowed = Boolean(f.kota || f.kecamatan || f.kelurahan || f.category || f.phase || f.agency || f.overdue || f.from || f.to || f.reversedRange);
  const reversed = f.reversedRange;
  const pageHref = (p: number) => `/dprd?${dossierQuery(f, p > 1 ? { halaman: String(p) } : {})}`;

  return (
    <article>
      <h1>{t("dprd.title")}</h1>
      <p className="muted">{data.isAdmin ? t("dprd.introAdmin") : t("dprd.intro", { regions: data.regionNames.join(", ") })}</p>

      {/* Above the filters, where a phone shows it first; the date fields point to it. */}
      {reversed && (
        <p className="alert alert-error" role="alert" id="tanggal-error">
          {t("dprd.rangeReversed", { from: formatDate(`${reversed.from}T12:00:00+07:00`, lng), to: formatDate(`${reversed.to}T12:00:00+07:00`, lng) })}
        </p>
      )}
      <Form method="get" className="card filters" role="search" aria-label={t("dprd.filters")} key={query}>
        <details open={narrowed || f.sort !== "urgensi"}>
        <summary>{t("dprd.filters")}{narrowed ? ` (${t("list.active")})` : ""}</summary>
        <div className="filter-grid">
          <RegionFilterSelects tree={data.tree} value={f} />
          <div>
            <label htmlFor="kategori">{t("list.category")}</label>
            <select id="kategori" name="kategori" defaultValue={f.category ?? ""}>
              <option value="">{t("list.anyCategory")}</option>
              {data.categories.map((c) => <option key={c.slug} value={c.slug}>{lng === "en" ? c.nameEn : c.nameId}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="fase">{t("dprd.phase")}</label>
            <select id="fase" name="fase" defaultValue={f.phase ?? ""}>
              <option value="">{t("dprd.anyPhase")}</option>
              {CASE_STATES.filter((s) => s !== "laporan").map((s) => <option key={s} value={s}>{t(`case.steps.${s}`)}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="instansi">{t("dprd.agency")}</label>
            <select id="instansi" name="instansi" defaultValue={f.agency ?? ""}>
              <option value="">{t("dprd.anyAgency")}</option>
              {data.agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="dari">{t("dprd.from")}</label>
            <input id="dari" name="dari" type="date" defaultValue={f.from ?? reversed?.from ?? ""} aria-invalid={reversed ? true : undefined} aria-describedby={reversed ? "tanggal-error" : undefined} />
          </div>
          <div>
            <label htmlFor="sampai">{t("dprd.to")}</label>
            <input id="sampai" name="sampai" type="date" defaultValue={f.to ?? reversed?.to ?? ""} aria-invalid={reversed ? true : undefined} aria-describedby={reversed ? "tanggal-error" : undefined} />
          </div>
          <div>
            <label htmlFor="urut">{t("dprd.sort")}</label>
            <select id="urut" name="urut" defaultValue={f.sort}>
              {DOSSIER_SORTS.map((s) => <option key={s} value={s}>{t(`dprd.sorts.${s}`)}</option>)}
            </select>
          </div>
          <div className="checkbox-field">
            <input id="terlambat" name="terlambat" type="checkbox" value="1" defaultChecked={!!f.overdue} />
            <label htmlFor="terlambat">{t("dprd.overdueOnly")}</label>
          </div>
        </div>
        <div className="actions">
          <button type="submit">{t("dprd.apply")}</button>
          {narrowed && <Link to="/dprd">{t("dprd.reset")}</Link>}
        </div>
        </details>
      </Form>

      <div className="summary-line">
        <p aria-live="polite">
          <strong>{t("dprd.summary", { count: data.total, overdue: formatNumber(data.overdue, lng) })}</strong>
          {navigation.state === "loading" ? " …" : ""}
        </p>
        {data.total > 0 && (
          <div className="inline-actions">
            <a className="button secondary" href={`/dprd/berkas.csv${query ? `?${query}` : ""}`} download>{t("dprd.downloadCsv")}</a>
            <Form method="post">
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="query" value={query} />
              <button type="submit" title={t("dprd.exportPdfHint")}>{t("dprd.exportPdf")}</button>
            </Form>
          </div>
        )}
      </div>
      {actionData && !actionData.ok && <FormErrorSummary code={actionData.code} fields={actionData.fields} />}

      {data.dossiers.length === 0 ? (
        <p className="card">{t("dprd.empty")}</p>
      ) : (
        <ol className="desk-list">
          {data.dossiers.map((d) => (
            <li key={d.reportId} className={`card${d.overdue ? " overdue" : ""}`}>
              <h2><Link to={`/dprd/berkas/${d.reportId}`}>#{d.number} {d.title}</Link></h2>
              <p className="meta">
                <span className="phase">{t(`case.steps.${d.state}`)}</span>
                <span>{d.category ? (lng === "en" ? d.category.nameEn : d.category.nameId) : d.categorySlug}</span>
                <span>{d.place.split(", ").slice(0, 2).join(", ")}</span>
                <time dateTime={d.createdAt}>{formatDate(d.createdAt, lng)}</time>
              </p>
              <p className="meta">
                <span>{t("dprd.participation", { voters: formatNumber(d.voters, lng), comments: formatNumber(d.comments, lng), proposals: formatNumber(d.proposals, lng) })}</span>
                {d.agencyName && <span>{d.agencyName}</span>}
                {d.dueAt && (d.state === "ke_instansi" || d.state === "dibuka_kembali") && (
                  <span className={d.overdue ? "field-error" : ""}>{d.overdue ? t("dprd.overdue", { date: formatDate(d.dueAt, lng) }) : t("dprd.due", { date: formatDate(d.dueAt, lng) })}</span>
                )}
                {d.state === "pemungutan_suara" && d.votingClosesAt && <span>{t("dprd.votingCloses", { date: formatDate(d.votingClosesAt, lng) })}</span>}
                {d.answer && <span>{t(`case.answers.${d.answer}`)}{d.answerDays !== null ? ` · ${t("dprd.answeredIn", { days: formatNumber(d.answerDays, lng, 1) })}` : ""}</span>}
                {d.hearingDate && <span className="pill">{t("dprd.hearingOn", { date: formatDate(d.hearingDate, lng) })}</span>}
              </p>
              {d.winnerTitle && <p>{t("case.deskSolution")}: {d.winnerTitle}</p>}
            </li>
          ))}
        </ol>
      )}

      <Pagination page={data.page} pages={data.pages} href={pageHref} />

      {data.exports.length > 0 && (
        <section aria-labelledby="ekspor" className="card">
          <h2 id="ekspor">{t("exports.recent")}</h2>
          <ul>
            {data.exports.map((e) => (
              <li key={e.id}>
                <Link to={`/dprd/ekspor/${e.id}`}>{e.kind === "list" ? t("exports.kinds.list", { count: e.total }) : t("exports.title")}</Link>{" "}
                · {t(`exports.status.${e.status}`)} · {formatDate(e.createdAt, lng)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
