import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { Notice } from "~/components/Notice";
import { StatusBadge } from "~/components/StatusBadge";
import { AgencyReplies } from "~/components/AgencyReplies";
import { FixCheckPanel } from "~/components/FixCheckPanel";
import { ResultsList } from "~/components/ResultsList";
import { TallyView } from "~/components/TallyView";
import { Timeline } from "~/components/Timeline";
import { FORUM_MAX, NOTE_MAX } from "~/domain/dossier";
import { formatDate, formatDateTime, formatNumber, formatRupiah, jakartaDay } from "~/i18n/format";
import { addDprdNote, deleteDprdNote, endorseProposal, getDossier, markHearing } from "~/services/dprd.server";
import { requestExport } from "~/services/exports.server";
import { consume } from "~/services/rate-limit.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues, loaderError, type ActionErrors, readFormData } from "~/utils/http.server";
import { titled } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

// One dossier for a DPRD member: everything a hearing needs on one page, plus the member's notes, public
// statements, endorsements and hearing marks, and a PDF of it.
export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? titled(`#${data.report.number} ${data.report.title}`) : []);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const dossier = await getDossier(user, params.id ?? "").catch(loaderError);
  return json({ ...dossier, today: jakartaDay(new Date()) });
}

const back = (id: string, notice: string, anchor = "") => `/dprd/berkas/${id}?ok=${notice}${anchor}`;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const reportId = params.id ?? "";
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  try {
    await verifyCsrf(request, formData);
    await consume("write", user.id);
    switch (intent) {
      case "note": {
        const visibility = String(formData.get("visibility") ?? "");
        await addDprdNote(user, reportId, { visibility, body: formData.get("body") });
        return redirect(back(reportId, visibility === "public" ? "statementSaved" : "noteSaved", "#catatan"));
      }
      case "note.delete":
        await deleteDprdNote(user, String(formData.get("noteId") ?? ""));
        return redirect(back(reportId, "noteDeleted", "#catatan"));
      case "endorse":
      case "unendorse":
        await endorseProposal(user, String(formData.get("proposalId") ?? ""), intent === "endorse");
        return redirect(back(reportId, intent === "endorse" ? "endorsed" : "unendorsed", "#usulan"));
      case "hearing":
        await markHearing(user, reportId, { date: formData.get("date"), forum: formData.get("forum") });
        return redirect(back(reportId, "hearingSaved", "#rapat"));
      case "export":
        return redirect(`/dprd/ekspor/${await requestExport(user, { reportId })}`);
      default:
        return json<ActionErrors>({ ok: false, code: "errors.form_invalid", fields: {}, values: { intent } }, { status: 400 });
    }
  } catch (error) {
    return actionError(error, formValues(formData, ["intent", "visibility", "body", "date", "forum"]));
  }
}

export default function DossierPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const c = d.caseView;
  const r = d.report;
  const failed = actionData && !actionData.ok ? actionData : null;
  const errorsFor = (intent: string) => (failed && failed.values.intent === intent ? failed : null);
  const noteError = errorsFor("note");
  const hearingError = errorsFor("hearing");
  const titleOf = new Map(d.proposals.map((p) => [p.id, p.title]));

  return (
    <article className="dossier">
      <p><Link to="/dprd">← {t("dprd.backToDesk")}</Link></p>
      <Notice />
      <header className="report-head">
        <div className="meta">
          <StatusBadge status={r.status} />
          <span className="phase">{t(`case.steps.${c.state}`)}</span>
          <span>{d.category ? (lng === "en" ? d.category.nameEn : d.category.nameId) : r.categorySlug}</span>
          <span>{t("dprd.dossier", { number: r.number })}</span>
        </div>
        <h1>{r.title}</h1>
        <p className="meta">
          <span>{d.place}</span>
          <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, lng)}</time>
        </p>
        <div className="inline-actions">
          <Form method="post">
            <AuthenticityTokenInput name="csrf" />
            <button type="submit" name="intent" value="export">{t("dprd.exportPdf")}</button>
          </Form>
          <Link className="button secondary" to={`/laporan/${r.id}`}>{t("dprd.publicPage")}</Link>
        </div>
        {failed && (failed.values.intent === "export" || failed.values.intent === "endorse" || failed.values.intent === "unendorse" || failed.values.intent === "note.delete") && (
          <FormErrorSummary code={failed.code} fields={failed.fields} />
        )}
      </header>

      <div className="report-layout">
        <div>
          <section className="card" aria-labelledby="uraian">
            <h2 id="uraian">{t("dprd.reportSection")}</h2>
            <p className="description">{r.description}</p>
          </section>

          <section className="card" aria-labelledby="ringkasan">
            <h2 id="ringkasan">{t("dprd.summarySection")}</h2>
            {c.summary ? <p className="description">{c.summary}</p> : <p className="muted">{t("dprd.noSummary")}</p>}
          </section>

          <section aria-labelledby="partisipasi">
            <h2 id="partisipasi">{t("dprd.participationSection")}</h2>
            <dl className="figures">
              <div><dt>{t("dprd.voters")}</dt><dd>{formatNumber(d.participation.voters, lng)}</dd></div>
              <div><dt>{t("dprd.comments")}</dt><dd>{formatNumber(d.participation.comments, lng)}</dd></div>
              <div><dt>{t("dprd.proposalsCount")}</dt><dd>{formatNumber(d.participation.proposals, lng)}</dd></div>
              <div><dt>{t("dprd.ratings")}</dt><dd>{formatNumber(d.participation.ratings, lng)}</dd></div>
            </dl>
          </section>

          <section aria-labelledby="usulan" id="usulan-wrap">
            <h2 id="usulan">{t("dprd.proposals")}</h2>
            {d.proposals.length === 0 ? (
              <p className="muted">{t("dprd.noProposals")}</p>
            ) : (
              <ol className="proposal-list">
                {d.proposals.map((p) => (
                  <li key={p.id} className="card proposal-card">
                    <h3>
                      <Link to={`/usulan/${p.id}`}>{p.title}</Link>
                      {c.winnerProposalId === p.id && <> · <span className="badge badge-hijau">{t("dprd.winner")}</span></>}
                    </h3>
                    <p className="meta"><span>{t("dprd.by", { name: p.authorName })}</span>{p.costRupiah !== null && <span>{t("dprd.cost")}: {formatRupiah(p.costRupiah, lng)}</span>}</p>
                    <p className="description">{p.text}</p>
                    {p.jointAction && <p>{t("dprd.jointAction")}: {p.jointAction}</p>}
                    {p.endorsedBy.length > 0 && <p className="endorsed">{t("dprd.endorsedBy", { names: p.endorsedBy.join(", ") })}</p>}
                    <Form method="post" preventScrollReset>
                      <AuthenticityTokenInput name="csrf" />
                      <input type="hidden" name="proposalId" value={p.id} />
                      <button type="submit" name="intent" value={p.endorsedByMe ? "unendorse" : "endorse"} className="secondary" aria-pressed={p.endorsedByMe}>
                        {p.endorsedByMe ? t("dprd.unendorse") : t("dprd.endorse")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section className="card tally" aria-labelledby="hasil">
            <h2 id="hasil">{t("dprd.tally")}</h2>
            {c.tally ? (
              <TallyView tally={c.tally} provisional={c.state === "pemungutan_suara"} titleOf={(id) => titleOf.get(id) ?? "—"} />
            ) : (
              <p className="muted">{t("dprd.noTally")}</p>
            )}
          </section>

          <section className="card" aria-labelledby="jawaban">
            <h2 id="jawaban">{t("dprd.agencySection")}</h2>
            <dl className="facts">
              <dt>{t("dprd.agencyName")}</dt><dd>{c.agency?.name ?? "—"}</dd>
              <dt>{t("dprd.sentAt")}</dt><dd>{c.sentAt ? formatDate(c.sentAt, lng) : t("dprd.notYet")}</dd>
              {c.dueAt && <><dt>{t("dprd.dueAt")}</dt><dd className={c.overdue ? "field-error" : ""}>{c.overdue ? t("dprd.overdue", { date: formatDate(c.dueAt, lng) }) : formatDate(c.dueAt, lng)}</dd></>}
              <dt>{t("dprd.answer")}</dt><dd>{c.answer ? t(`case.answers.${c.answer}`) : t("dprd.notYet")}</dd>
              {c.answerNote && <><dt>{t("dprd.answerNote")}</dt><dd>{c.answerNote}</dd></>}
              {c.answeredAt && <><dt>{t("dprd.answeredAt")}</dt><dd>{formatDate(c.answeredAt, lng)}</dd></>}
              {d.answerDays !== null && <><dt>{t("dprd.answerDays")}</dt><dd>{t("dprd.days", { count: d.answerDays })}</dd></>}
              {c.plannedDate && <><dt>{t("dprd.plannedDate")}</dt><dd>{formatDate(c.plannedDate, lng)}</dd></>}
            </dl>
            {/* The agency's replies (a counter-proposal beside the citizens' solution) and what it committed to. */}
            {c.replies.length > 0 && (
              <AgencyReplies replies={c.replies} vote={null} signedIn={false} solution={c.solution} canRespond={false} forwardAgency={null} canForward={false} error={null} />
            )}
            <ResultsList results={c.results} />
            {/* Whether residents confirm the fix (read only here). */}
            {c.fixCheck && <FixCheckPanel fix={{ ...c.fixCheck, canAnswer: false, canRespond: false }} error={null} />}
          </section>

          <section className="card" aria-labelledby="aksi">
            <h2 id="aksi">{t("dprd.tasks")}</h2>
            {c.tasks.length === 0 ? (
              <p className="muted">{t("dprd.noTasks")}</p>
            ) : (
              <ul>{c.tasks.map((task) => <li key={task.id}>{task.title}{task.when ? ` (${task.when})` : ""} · {t("dprd.taskPeople", { count: task.people.length })}</li>)}</ul>
            )}
            <h3>{t("dprd.rating")}</h3>
            <p className={c.rating ? "" : "muted"}>{c.rating ? t("dprd.ratingValue", { average: formatNumber(c.rating.average, lng, 1), count: c.rating.count }) : t("dprd.noRating")}</p>
          </section>
        </div>

        <div className="stack">
          <section className="card" aria-labelledby="catatan" id="catatan-wrap">
            <h2 id="catatan">{t("dprd.notes")}</h2>
            <p className="hint">{t("dprd.notesIntro")}</p>
            {noteError && <FormErrorSummary code={noteError.code} fields={noteError.fields} />}
            {/* Keyed by the count so a saved note clears the form, with or without JavaScript. */}
            <Form method="post" preventScrollReset key={`note-${d.notes.length}`}>
              <AuthenticityTokenInput name="csrf" />
              <fieldset className="field">
                <legend>{t("dprd.visibility")}</legend>
                {(["private", "public"] as const).map((v) => (
                  <label key={v} className="radio">
                    <input type="radio" name="visibility" value={v} defaultChecked={(noteError?.values.visibility ?? "private") === v} /> {t(`dprd.visibilities.${v}`)}
                  </label>
                ))}
                <FieldError id="visibility" message={noteError?.fields.visibility} />
              </fieldset>
              <div className="field">
                <label htmlFor="body">{t("dprd.noteBody")}</label>
                <textarea id="body" name="body" rows={4} maxLength={NOTE_MAX} required defaultValue={noteError?.values.body}
                  {...describedBy("body", { hint: true, error: noteError?.fields.body })} />
                <span className="hint" id="body-hint">{t("dprd.noteHint", { max: formatNumber(NOTE_MAX, lng) })}</span>
                <FieldError id="body" message={noteError?.fields.body} />
              </div>
              <button type="submit" name="intent" value="note">{t("dprd.saveNote")}</button>
            </Form>
            {d.notes.length === 0 ? (
              <p className="muted">{t("dprd.noNotes")}</p>
            ) : (
              <ul className="note-list">
                {d.notes.map((n) => (
                  <li key={n.id}>
                    <p className="meta">
                      <span className={`badge ${n.visibility === "public" ? "badge-hijau" : "badge-kuning"}`}>{n.visibility === "public" ? t("dprd.publicBadge") : t("dprd.privateBadge")}</span>
                      <span>{n.authorName}</span>
                      <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, lng)}</time>
                    </p>
                    <p className="description">{n.body}</p>
                    {n.mine && (
                      <Form method="post" preventScrollReset>
                        <AuthenticityTokenInput name="csrf" />
                        <input type="hidden" name="noteId" value={n.id} />
                        <button type="submit" name="intent" value="note.delete" className="link-button">{t("dprd.deleteNote")}</button>
                      </Form>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="rapat" id="rapat-wrap">
            <h2 id="rapat">{t("dprd.hearing")}</h2>
            <p className="hint">{t("dprd.hearingIntro")}</p>
            {d.hearings.length === 0 ? (
              <p className="muted">{t("dprd.noHearings")}</p>
            ) : (
              <ul>{d.hearings.map((h) => <li key={h.id}>{t("dprd.hearingLine", { date: formatDate(h.date, lng), forum: h.forum ? ` (${h.forum})` : "", name: h.by })}</li>)}</ul>
            )}
            {hearingError && <FormErrorSummary code={hearingError.code} fields={hearingError.fields} />}
            <Form method="post" preventScrollReset key={`hearing-${d.hearings.length}`}>
              <AuthenticityTokenInput name="csrf" />
              <div className="field">
                <label htmlFor="date">{t("dprd.hearingDate")}</label>
                <input id="date" name="date" type="date" required defaultValue={hearingError?.values.date ?? d.today} {...describedBy("date", { error: hearingError?.fields.date })} />
                <FieldError id="date" message={hearingError?.fields.date} />
              </div>
              <div className="field">
                <label htmlFor="forum">{t("dprd.hearingForum")}</label>
                <input id="forum" name="forum" maxLength={FORUM_MAX} defaultValue={hearingError?.values.forum} {...describedBy("forum", { hint: true, error: hearingError?.fields.forum })} />
                <span className="hint" id="forum-hint">{t("dprd.hearingForumHint")}</span>
                <FieldError id="forum" message={hearingError?.fields.forum} />
              </div>
              <button type="submit" name="intent" value="hearing">{t("dprd.markHearing")}</button>
            </Form>
          </section>

          <section aria-labelledby="riwayat">
            <h2 id="riwayat">{t("dprd.timeline")}</h2>
            <Timeline events={r.events} />
          </section>
        </div>
      </div>
    </article>
  );
}
