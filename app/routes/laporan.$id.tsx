import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { useHydrated } from "remix-utils/use-hydrated";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { ReportMap } from "~/components/ReportMap";
import { PhaseBadge } from "~/components/PhaseBadge";
import { StatusBadge } from "~/components/StatusBadge";
import { env } from "~/config.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { referenceData, regionPath } from "~/services/reference-data.server";
import { REPORT_STATUSES, STATUS_NOTE_MAX } from "~/domain/report-status";
import { mayUpdateReportStatus } from "~/domain/roles";
import { consume } from "~/services/rate-limit.server";
import { changeReportStatus, getReport } from "~/services/reports.server";
import { responsibleAgency } from "~/services/routing.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues, loaderError, readFormData } from "~/utils/http.server";
import { titled } from "~/utils/meta";
import { getCurrentUser, requireUser } from "~/utils/session.server";
import { Notice } from "~/components/Notice";
import { Thread, type ThreadError } from "~/components/Thread";
import { formatDate, formatRupiah } from "~/i18n/format";
import { isFollowing } from "~/services/notifications.server";
import { listProposals } from "~/services/proposals.server";
import { discussionAction } from "~/utils/discussion-actions.server";
import { loadThread } from "~/utils/thread-loader.server";
import { CasePanel } from "~/components/CasePanel";
import { Timeline } from "~/components/Timeline";
import { FINISHED_STATES } from "~/domain/outcome";
import { mayModerate } from "~/domain/deliberation";
import { listAgencies } from "~/services/agencies.server";
import { getCase } from "~/services/cases/case-view.server";
import { caseAction } from "~/utils/case-actions.server";
import { publicDprdView } from "~/services/dprd.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [...titled(data.report.title), { name: "description", content: data.report.description.slice(0, 160) }] : [];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const report = await getReport(params.id ?? "").catch(loaderError);
  const [ref, agency, user] = await Promise.all([referenceData(), responsibleAgency(report), getCurrentUser(request)]);
  const canConfigure = mayModerate(user, report);
  const [thread, proposals, following, caseView, agencies, dprd] = await Promise.all([
    loadThread(request, report.id, report, user),
    listProposals(report.id),
    isFollowing(user?.id, "report", report.id),
    getCase(report.id, user, undefined, { report, routedAgency: agency }),
    canConfigure ? listAgencies() : Promise.resolve([]),
    publicDprdView(report.id),
  ]);
  return json({
    dprd,
    caseView,
    agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
    signedIn: !!user,
    thread,
    proposals,
    following,
    report,
    agency,
    canUpdateStatus: mayUpdateReportStatus(user, agency?.id ?? null),
    place: regionPath(ref, report.kelurahanCode),
    category: ref.categoryBySlug.get(report.categorySlug) ?? null,
    map: { tileUrl: env().MAP_TILE_URL, attribution: env().MAP_ATTRIBUTION },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent.startsWith("case.") || intent.startsWith("fix.")) return caseAction(request, formData, params.id ?? "");
  if (formData.has("intent")) return discussionAction(request, formData, { reportId: params.id ?? "", back: `/laporan/${params.id}` });
  try {
    await verifyCsrf(request, formData);
    await consume("write", user.id);
    await changeReportStatus(user, params.id ?? "", formData.get("status"), formData.get("note"));
    return redirect(`/laporan/${params.id}?status=1#riwayat`);
  } catch (error) {
    return actionError(error, formValues(formData, ["status", "note"]));
  }
}

function StatusForm({ current }: { current: string }) {
  const { t } = useTranslation();
  const data = useActionData<typeof action>();
  const result = data && "ok" in data && !data.values.intent ? data : undefined;
  const errors = result && !result.ok ? result.fields : {};
  const values = result && !result.ok ? result.values : {};
  return (
    <section className="card" aria-labelledby="ubah-status">
      <h2 id="ubah-status">{t("report.changeStatus")}</h2>
      {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} />}
      <Form method="post" preventScrollReset>
        <AuthenticityTokenInput name="csrf" />
        <div className="field">
          <label htmlFor="status">{t("report.newStatus")}</label>
          <select id="status" name="status" defaultValue={values.status ?? current} {...describedBy("status", { error: errors.status })}>
            {REPORT_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
          <FieldError id="status" message={errors.status} />
        </div>
        <div className="field">
          <label htmlFor="note">{t("report.note")}</label>
          <textarea id="note" name="note" maxLength={STATUS_NOTE_MAX} rows={3} defaultValue={values.note}
            {...describedBy("note", { hint: true, error: errors.note })} />
          <span className="hint" id="note-hint">{t("report.noteHint")}</span>
          <FieldError id="note" message={errors.note} />
        </div>
        <button type="submit">{t("report.saveStatus")}</button>
      </Form>
    </section>
  );
}

export default function ReportPage() {
  const { report, place, category, map, agency, canUpdateStatus, thread, proposals, following, caseView, agencies, signedIn, dprd } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const threadError = actionData && "ok" in actionData && !actionData.ok && actionData.values.intent && !actionData.values.intent.startsWith("case.") ? (actionData as ThreadError) : null;
  const caseError = actionData && "ok" in actionData && !actionData.ok && (actionData.values.intent?.startsWith("case.") || actionData.values.intent?.startsWith("fix.")) ? (actionData as ThreadError) : null;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const hydrated = useHydrated();
  const [search] = useSearchParams();
  const coords = `${formatNumber(report.lat, "en", 6)}, ${formatNumber(report.lng, "en", 6)}`;
  // While the vote is open the ballot is what a visitor came for: the case panel goes first, before the photos and
  // the map (on a phone it was ~1,900 px down).
  const votingFirst = caseView.state === "pemungutan_suara";
  const casePanel = <CasePanel view={caseView} proposals={proposals.map((p) => ({ id: p.id, title: p.title }))} signedIn={signedIn} agencies={agencies} error={caseError} />;

  return (
    <article>
      <p><Link to="/">← {t("report.backToList")}</Link></p>
      {search.get("baru") === "1" && <p className="alert alert-ok" role="status">{t("report.filedNotice")}</p>}
      {search.get("status") === "1" && <p className="alert alert-ok" role="status">{t("report.statusSaved")}</p>}
      <Notice />
      <header className="report-head">
        <div className="meta">
          <StatusBadge status={report.status} />
          <PhaseBadge phase={caseView.exists ? caseView.state : null} votingClosesAt={caseView.votingClosesAt} />
          <span>{category ? (lng === "en" ? category.nameEn : category.nameId) : report.categorySlug}</span>
          <span>{t("report.number", { number: report.number })}</span>
        </div>
        <h1>{report.title}</h1>
        <p className="meta">
          {report.reporter && <span>{t("report.reportedBy", { name: report.reporter.name })}</span>}
          {report.source === "host" && report.hostSystem && (
            <span>{t("report.fromHost", { system: report.hostSystem, id: report.externalId })}</span>
          )}
          <time dateTime={report.createdAt}>{formatDateTime(report.createdAt, lng)}</time>
        </p>
      </header>

      {caseView.votingOpen && caseView.votingClosesAt && (
        <p className="alert alert-vote">
          {t("case.voteNow", { date: formatDateTime(caseView.votingClosesAt, lng) })} <a href="#suara">{t("case.voteNowLink")}</a>
        </p>
      )}

      <div className="report-layout">
        <div>
          {votingFirst && casePanel}
          <section className="card" aria-labelledby="uraian">
            <h2 id="uraian">{t("report.description")}</h2>
            <p className="description">{report.description}</p>
          </section>

          {report.photos.length > 0 && (
            <section aria-labelledby="foto">
              <h2 id="foto">{t("report.photos")}</h2>
              <div className="photos">
                {report.photos.map((p, i) =>
                  p.status === "ready" && p.imagePath && p.thumbPath ? (
                    <figure key={p.id}>
                      <a href={`/uploads/${p.imagePath}`}>
                        <img src={`/uploads/${p.thumbPath}`} alt={t("report.photoAlt", { n: i + 1, title: report.title })} width={360} height={360} loading="lazy" />
                      </a>
                    </figure>
                  ) : (
                    <div key={p.id} className="photo-placeholder" role="img" aria-label={t(p.status === "failed" ? "report.photoFailed" : "report.photoPending")}>
                      {t(p.status === "failed" ? "report.photoFailed" : "report.photoPending")}
                    </div>
                  ),
                )}
              </div>
            </section>
          )}

          <section aria-labelledby="lokasi">
            <h2 id="lokasi">{t("report.location")}</h2>
            <dl className="facts">
              <dt>{t("list.kelurahan")}</dt>
              <dd>{place}</dd>
              <dt>{t("report.coordinates")}</dt>
              <dd>
                {coords} ·{" "}
                <a href={`https://www.openstreetmap.org/?mlat=${report.lat}&mlon=${report.lng}#map=17/${report.lat}/${report.lng}`} rel="noopener noreferrer">
                  {t("report.openMap")}
                </a>
              </dd>
            </dl>
            {hydrated ? (
              <ReportMap lat={report.lat} lng={report.lng} config={map} label={t("report.map")} />
            ) : (
              <p className="muted">{t("report.mapLoading")}</p>
            )}
          </section>

          {(dprd.statements.length > 0 || dprd.hearings.length > 0) && (
            <section className="card dprd-response" aria-labelledby="dprd">
              <h2 id="dprd">{t("dprd.publicTitle")}</h2>
              {dprd.hearings.map((h) => (
                <p key={h.id} className="hearing"><strong>{t("dprd.publicHearing", { date: formatDate(h.date, lng), forum: h.forum ? ` (${h.forum})` : "" })}</strong></p>
              ))}
              {dprd.statements.map((s) => (
                <blockquote key={s.id}>
                  <p className="description">{s.body}</p>
                  <footer>{t("dprd.statementBy", { name: s.authorName })} · <time dateTime={s.createdAt}>{formatDateTime(s.createdAt, lng)}</time></footer>
                </blockquote>
              ))}
            </section>
          )}

          {!votingFirst && casePanel}

          {(FINISHED_STATES as readonly string[]).includes(caseView.state) && (
            <p className="muted">
              {t("case.openData")} <a href={`/laporan/${report.id}/hasil.csv`} download>CSV</a> · <a href={`/laporan/${report.id}/hasil.json`}>JSON</a>
            </p>
          )}

          <section aria-labelledby="usulan" className="proposals">
            <div className="section-head">
              <h2 id="usulan">{t("proposals.title")}</h2>
              {caseView.proposalsOpen && <Link className="button" to={`/laporan/${report.id}/usulan-baru`}>{t("proposals.new")}</Link>}
            </div>
            <p className="muted">{caseView.proposalsOpen ? t("proposals.intro") : t("errors.proposals_closed")}</p>
            {proposals.length === 0 ? (
              <p>{t("proposals.empty")}</p>
            ) : (
              <ol className="proposal-list">
                {proposals.map((p) => (
                  <li key={p.id} className="card proposal-card">
                    <h3><Link to={`/usulan/${p.id}`}>{p.title}</Link></h3>
                    <p className="meta">
                      <span>{t("proposals.by", { name: p.authorName })}</span>
                      <span>{t("proposals.version", { version: p.version })}</span>
                      {p.costRupiah !== null && <span>{formatRupiah(p.costRupiah, lng)}</span>}
                      <span>{t("proposals.arguments", { count: p.argumentCount })}</span>
                      {p.pendingAmendments > 0 && <span>{t("proposals.pendingAmendments", { count: p.pendingAmendments })}</span>}
                    </p>
                    <p>{p.summary}</p>
                    {dprd.endorsedBy[p.id] && <p className="endorsed">{t("dprd.publicEndorsed", { names: dprd.endorsedBy[p.id]!.join(", ") })}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section aria-labelledby="diskusi" id="diskusi-wrap">
            <div className="section-head">
              <h2 id="diskusi">{t("discussion.title")} <span className="muted">({t("discussion.count", { count: thread.total })})</span></h2>
              {thread.viewer && (
                <Form method="post" preventScrollReset className="inline-form">
                  <AuthenticityTokenInput name="csrf" />
                  <input type="hidden" name="intent" value={following ? "unfollow" : "follow"} />
                  <input type="hidden" name="back" value={`/laporan/${report.id}`} />
                  <button type="submit" className="secondary" aria-pressed={following}>{following ? t("discussion.unfollow") : t("discussion.follow")}</button>
                </Form>
              )}
            </div>
            <p className="muted">{t("discussion.intro")}</p>
            <Form method="get" className="sort-form" preventScrollReset>
              <label htmlFor="urut">{t("discussion.sort")}</label>
              <select id="urut" name="urut" defaultValue={thread.sort}>
                {(["terlama", "terbaru", "disetujui"] as const).map((s) => <option key={s} value={s}>{t(`discussion.sorts.${s}`)}</option>)}
              </select>
              <button type="submit" className="secondary small">{t("discussion.apply")}</button>
            </Form>
            <Thread
              threadId={report.id}
              reportId={report.id}
              comments={thread.comments}
              total={thread.total}
              agreedIds={thread.agreedIds}
              viewer={thread.viewer}
              people={thread.people}
              back={`/laporan/${report.id}${thread.isFirstPage ? "" : `?urut=${thread.sort}`}`}
              error={threadError}
              sort={thread.sort}
              nextCursor={thread.nextCursor}
              isFirstPage={thread.isFirstPage}
              showNewTopLevel={thread.showNewTopLevel}
              liveFrom={thread.liveFrom}
            />
          </section>
        </div>

        <div className="stack">
        <section className="card" aria-labelledby="instansi">
          <h2 id="instansi">{t("report.agency")}</h2>
          {agency ? (
            <p><strong>{agency.name}</strong> · {t("report.sla", { days: agency.slaDays })}</p>
          ) : (
            <p>{t("report.agencyNone")}</p>
          )}
          <p className="hint">{t("report.routingNote")}</p>
        </section>
        {canUpdateStatus && <StatusForm current={report.status} />}
        <section aria-labelledby="riwayat">
          <h2 id="riwayat">{t("report.timeline")}</h2>
          <p className="muted">{t("report.timelineIntro")}</p>
          <Timeline events={report.events} />
        </section>
        </div>
      </div>
    </article>
  );
}
