import { Form, Link, useParams, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { CASE_STEPS, type CaseEvent } from "~/domain/case-workflow";
import { BALLOT_TYPES, ELIGIBILITY, STANCES } from "~/domain/ballot";
import { dateTimeFormat, formatDate, formatDateTime, retryMinutes, TIME_ZONE } from "~/i18n/format";
import type { CaseView } from "~/services/cases/case-view.server";
import { AgencyReplies } from "./AgencyReplies";
import { AgencyReplyForm } from "./AgencyReplyForm";
import { FixCheckPanel } from "./FixCheckPanel";
import { ProofPhotos } from "./ProofPhotos";
import { ResultsList } from "./ResultsList";
import { TallyView } from "./TallyView";

// Where the case stands (a step indicator), what the rules are, and the forms each person may use now:
// the fasilitator's settings and steps, the citizen's ballot, the agency's answer, joint action, rating.

/** What getCase gives a page: facts, and what this viewer may do now (the panel only renders it). */
export type { CaseView };

interface Props {
  view: CaseView;
  proposals: { id: string; title: string }[];
  signedIn: boolean;
  agencies: { id: string; name: string }[];
  error: { code: string; fields: Record<string, string>; values: Record<string, string> } | null;
}

const LOCAL_INPUT: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" };

/** A Date as the value of a datetime-local input, in Jakarta time. */
function localInput(iso: string | null): string {
  if (!iso) return "";
  const parts = dateTimeFormat("sv-SE", LOCAL_INPUT).format(new Date(iso));
  return parts.replace(" ", "T");
}

function Hidden({ intent, target }: { intent: string; target?: string }) {
  return (
    <>
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value={intent} />
      {target && <input type="hidden" name="target" value={target} />}
    </>
  );
}

export function CasePanel({ view, proposals, signedIn, agencies, error }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [search] = useSearchParams();
  const params = useParams();
  const receipt = search.get("tanda");
  // Branches shown on the step they hang from: "tidak mufakat" on mufakat, "dibuka kembali" on selesai.
  const stepIndex = CASE_STEPS.indexOf(view.state === "tidak_mufakat" ? "mufakat" : view.state === "dibuka_kembali" ? "selesai" : view.state);
  const errorFor = (intent: string) =>
    error && error.values.intent === intent ? (
      <div className="alert alert-error" role="alert">
        <p>{t(error.code, { minutes: retryMinutes(error.fields) })}</p>
        {Object.entries(error.fields).filter(([k]) => k !== "retryAfter").map(([k, v]) => <p key={k}>{t(v)}</p>)}
      </div>
    ) : null;
  const titleOf = new Map(proposals.map((p) => [p.id, p.title]));
  // Steps with a form of their own (the reply, the answer to a counter-proposal, forwarding) are not bare buttons.
  const OWN_FORM: readonly CaseEvent[] = ["answer", "respond_alternative", "forward", "reopen_fix"];
  const steps = view.events.filter((e) => !OWN_FORM.includes(e));
  const jointActionShown = view.tasks.length > 0 || view.can.jointAction;
  // A refusal whose form is gone by the time the page comes back (a ballot sent as the vote closed, a sign-up as
  // the task filled, a step someone else took first) is said at the top of the panel, never swallowed.
  const formShown: Record<string, boolean> = {
    "case.vote": view.state === "pemungutan_suara",
    "case.join": jointActionShown,
    "case.leave": jointActionShown,
    "case.step": steps.length > 0 || view.events.includes("forward"),
    "case.reply": view.events.includes("answer"),
    "case.respond": view.events.includes("respond_alternative"),
    "case.altvote": !!view.alternativeVote?.open,
    "case.altvote.open": !!view.alternativeVote?.mayOpen,
    "fix.answer": !!view.fixCheck?.canAnswer,
    "fix.respond": !!view.fixCheck?.canRespond,
  };
  const failedIntent = error?.values.intent ?? "";
  const orphanError = failedIntent in formShown && !formShown[failedIntent] ? errorFor(failedIntent) : null;

  return (
    <section className="card case-panel" aria-labelledby="musyawarah">
      <h2 id="musyawarah">{t("case.title")}</h2>
      <ol className="steps" aria-label={t("case.stepsLabel")}>
        {CASE_STEPS.map((s, i) => (
          <li key={s} className={i < stepIndex ? "done" : i === stepIndex ? "current" : ""} aria-current={i === stepIndex ? "step" : undefined}>
            <span>{i === stepIndex && (view.state === "tidak_mufakat" || view.state === "dibuka_kembali") ? t(`case.steps.${view.state}`) : t(`case.steps.${s}`)}</span>
            {i === stepIndex && <span className="visually-hidden"> ({t("case.current")})</span>}
          </li>
        ))}
      </ol>
      {orphanError}
      <p>{t(`case.explain.${view.state}`)}</p>
      {view.overdue && view.dueAt && <p className="alert alert-error" role="status">{t("case.overdue", { date: formatDate(view.dueAt, lng) })}</p>}

      {view.rules && (
        <dl className="facts">
          {view.discussionEndsAt && (<><dt>{t("case.discussionEnds")}</dt><dd>{formatDateTime(view.discussionEndsAt, lng)}</dd></>)}
          {view.votingOpensAt && (<><dt>{t("case.votingOpens")}</dt><dd>{formatDateTime(view.votingOpensAt, lng)}</dd></>)}
          {view.votingClosesAt && (<><dt>{t("case.votingCloses")}</dt><dd>{formatDateTime(view.votingClosesAt, lng)}</dd></>)}
          <dt>{t("case.rules")}</dt>
          <dd>{t("case.rulesLine", { type: t(`case.ballotTypes.${view.rules.type}`), quorum: view.rules.quorum, min: view.rules.minSupportPercent, who: t(`case.eligibilities.${view.rules.eligibility}`) })}</dd>
          {view.agency && (<><dt>{t("case.agency")}</dt><dd>{view.agency.name}</dd></>)}
          {view.dueAt && !view.overdue && (view.state === "ke_instansi" || view.state === "dibuka_kembali") && (<><dt>{t("case.dueLabel")}</dt><dd>{formatDate(view.dueAt, lng)}</dd></>)}
        </dl>
      )}
      {view.summary && (<><h3>{t("case.summary")}</h3><p className="description">{view.summary}</p></>)}

      {view.state === "pemungutan_suara" && (
        <div className="ballot" id="suara">
          <h3>{t("case.vote")}</h3>
          <p className="muted">{t("case.ballots", { count: view.ballotCount })}</p>
          {receipt && <p className="alert alert-ok" role="status">{t("case.receipt", { receipt })}</p>}
          {errorFor("case.vote")}
          {!signedIn ? (
            <p>{t("case.loginToVote")}</p>
          ) : view.votingOpen ? (
            <Form method="post" preventScrollReset>
              <Hidden intent="case.vote" />
              <input type="hidden" name="ballotType" value={view.rules?.type} />
              {view.rules?.type === "ranked" ? (
                <>
                  <p className="hint">{t("case.rankHint")}</p>
                  {proposals.map((p) => {
                    const mine = Array.isArray(view.myBallot?.choices) ? (view.myBallot!.choices as string[]).indexOf(p.id) : -1;
                    return (
                      <div className="field inline-field" key={p.id}>
                        <label htmlFor={`rank-${p.id}`}>{p.title}</label>
                        <select id={`rank-${p.id}`} name={`rank-${p.id}`} defaultValue={mine >= 0 ? String(mine + 1) : ""}>
                          <option value="">{t("case.unranked")}</option>
                          {proposals.map((_, i) => <option key={i} value={i + 1}>{t("case.rank")} {i + 1}</option>)}
                        </select>
                      </div>
                    );
                  })}
                </>
              ) : (
                proposals.map((p) => {
                  const mine = !Array.isArray(view.myBallot?.choices) ? (view.myBallot?.choices as Record<string, string> | undefined)?.[p.id] : undefined;
                  return (
                    <fieldset key={p.id} className="stance">
                      <legend>{p.title}</legend>
                      {STANCES.map((s) => (
                        <label key={s} className="check">
                          <input type="radio" name={`stance-${p.id}`} value={s} defaultChecked={(mine ?? "pass") === s} /> {t(`case.stances.${s}`)}
                        </label>
                      ))}
                    </fieldset>
                  );
                })
              )}
              <button type="submit">{view.myBallot ? t("case.changeVote") : t("case.castVote")}</button>
              {view.myBallot && !receipt && <p className="hint">{t("case.receipt", { receipt: view.myBallot.receipt })}</p>}
            </Form>
          ) : null}
        </div>
      )}

      {view.resultsHidden && <p className="muted">{t("case.resultsHidden")}</p>}
      {view.tally && (
        <div className="tally">
          <TallyView
            tally={view.tally} provisional={view.state === "pemungutan_suara"} titleOf={(id) => titleOf.get(id) ?? "—"}
            me={signedIn && view.myPlace !== false ? view.myPlace : undefined} downloadHref={`/laporan/${view.reportId}/hasil.csv`}
          />
          <details>
            <summary>{t("case.receipts", { count: view.tally.receipts.length })}</summary>
            <ul className="receipts">{view.tally.receipts.map((r) => <li key={r}><code>{r}</code></li>)}</ul>
          </details>
        </div>
      )}

      {view.answer && (
        <div className="answer">
          <h3>{t("case.answer")}: {t(`case.answers.${view.answer}`)}</h3>
          <p className="meta">
            {view.answeredAt && <span>{t("case.answeredOn", { date: formatDate(view.answeredAt, lng) })}</span>}
            {view.plannedDate && <span>{t("case.plannedOn", { date: formatDate(view.plannedDate, lng) })}</span>}
          </p>
          {/* An answer given before structured replies existed: its free text. */}
          {view.replies.length === 0 && view.answerNote && <p className="description">{view.answerNote}</p>}
        </div>
      )}
      {view.replies.length > 0 && (
        <AgencyReplies
          replies={view.replies} vote={view.alternativeVote} signedIn={signedIn} solution={view.solution} canRespond={view.events.includes("respond_alternative")}
          forwardAgency={view.forwardAgency} canForward={view.events.includes("forward")} error={error}
        />
      )}
      {view.events.includes("answer") && <AgencyReplyForm agencies={agencies} error={error} />}
      <ResultsList results={view.results} />
      {view.fixCheck && <FixCheckPanel fix={view.fixCheck} error={error} />}

      {view.updates.length > 0 && (
        <>
          <h3>{t("case.progress")}</h3>
          <ol className="timeline">
            {view.updates.map((u) => (
              <li key={u.id}>
                <time dateTime={u.createdAt}>{formatDateTime(u.createdAt, lng)}</time>
                {u.note}
                <ProofPhotos photos={u.photos} />
              </li>
            ))}
          </ol>
        </>
      )}
      {view.can.postProgress && (
        <p><Link className="button secondary" to={`/laporan/${params.id}/perkembangan`}>{t("case.progressTitle")}</Link></p>
      )}

      {jointActionShown && (
        <div id="aksi">
          <h3>{t("case.jointAction")}</h3>
          {errorFor("case.join")}
          {view.tasks.length === 0 ? <p className="muted">{t("case.noTasks")}</p> : (
            <ul className="tasks">
              {view.tasks.map((task) => (
                <li key={task.id} className="card">
                  <strong>{task.title}</strong>{task.when && <> · {task.when}</>}
                  <p className="muted">{task.people.length ? t("case.signedUp", { count: task.people.length, names: task.people.join(", ") }) : t("case.nobody")}</p>
                  {view.can.joinTasks && (
                    <Form method="post" preventScrollReset className="inline-form">
                      <Hidden intent={task.mine ? "case.leave" : "case.join"} target={task.id} />
                      <button type="submit" className={task.mine ? "secondary small" : "small"}>{task.mine ? t("case.leave") : t("case.join")}</button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
          {view.can.addTask && (
            <Form method="post" preventScrollReset>
              <Hidden intent="case.task" />
              {errorFor("case.task")}
              <div className="field"><label htmlFor="task-title">{t("case.taskTitle")}</label><input id="task-title" name="title" required minLength={5} maxLength={200} /></div>
              <div className="field"><label htmlFor="task-when">{t("case.taskWhen")}</label><input id="task-when" name="when" maxLength={120} /></div>
              <div className="field"><label htmlFor="task-capacity">{t("case.taskCapacity")}</label><input id="task-capacity" name="capacity" type="number" min={1} /></div>
              <button type="submit" className="secondary">{t("case.taskAdd")}</button>
            </Form>
          )}
        </div>
      )}

      {view.rating && <p><strong>{t("case.rating", { average: view.rating.average, count: view.rating.count })}</strong></p>}
      {view.state === "selesai" && signedIn && (
        <Form method="post" preventScrollReset className="card">
          <Hidden intent="case.rate" />
          <h3>{t("case.rate")}</h3>
          {errorFor("case.rate")}
          <fieldset>
            <legend>{t("case.score")}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className="check"><input type="radio" name="score" value={n} defaultChecked={(view.myRating ?? 5) === n} /> {n}</label>
            ))}
          </fieldset>
          <div className="field"><label htmlFor="rate-comment">{t("case.rateComment")}</label><textarea id="rate-comment" name="comment" rows={2} maxLength={1000} /></div>
          <button type="submit">{t("case.rateSubmit")}</button>
        </Form>
      )}

      {steps.length > 0 && (
        <div className="actions">
          {errorFor("case.step")}
          {steps.map((e) => (
            <Form key={e} method="post" preventScrollReset className="inline-form">
              <Hidden intent="case.step" />
              <input type="hidden" name="event" value={e} />
              <button type="submit" className="secondary">{t(`case.events.${e}`)}</button>
            </Form>
          ))}
        </div>
      )}

      {view.can.configure && (
        <details open={error?.values.intent === "case.configure"}>
          <summary>{t("case.configure")}</summary>
          <Form method="post" preventScrollReset>
            <Hidden intent="case.configure" />
            {errorFor("case.configure")}
            <p className="hint">{t("case.configureHint")}</p>
            <fieldset>
              <legend>{t("case.rules")}</legend>
              {BALLOT_TYPES.map((b) => (
                <label key={b} className="check"><input type="radio" name="type" value={b} defaultChecked={(view.rules?.type ?? "approval") === b} /> {t(`case.ballotTypes.${b}`)}</label>
              ))}
            </fieldset>
            <div className="field"><label htmlFor="quorum">{t("case.quorum")}</label><input id="quorum" name="quorum" type="number" min={1} required defaultValue={view.rules?.quorum ?? 5} /></div>
            <div className="field"><label htmlFor="minSupportPercent">{t("case.minSupport")}</label><input id="minSupportPercent" name="minSupportPercent" type="number" min={0} max={100} required defaultValue={view.rules?.minSupportPercent ?? 50} /></div>
            <div className="field">
              <label htmlFor="eligibility">{t("case.eligibility")}</label>
              <select id="eligibility" name="eligibility" defaultValue={view.rules?.eligibility ?? "semua"}>
                {ELIGIBILITY.map((e) => <option key={e} value={e}>{t(`case.eligibilities.${e}`)}</option>)}
              </select>
            </div>
            <div className="field"><label htmlFor="discussionEndsAt">{t("case.discussionEnds")}</label><input id="discussionEndsAt" name="discussionEndsAt" type="datetime-local" defaultValue={localInput(view.discussionEndsAt)} /></div>
            <div className="field"><label htmlFor="votingOpensAt">{t("case.votingOpens")}</label><input id="votingOpensAt" name="votingOpensAt" type="datetime-local" required defaultValue={localInput(view.votingOpensAt)} /></div>
            <div className="field"><label htmlFor="votingClosesAt">{t("case.votingCloses")}</label><input id="votingClosesAt" name="votingClosesAt" type="datetime-local" required defaultValue={localInput(view.votingClosesAt)} /></div>
            <div className="field">
              <label htmlFor="agencyOverrideId">{t("case.agency")}</label>
              <select id="agencyOverrideId" name="agencyOverrideId" defaultValue={view.agencyOverridden ? view.agency?.id : ""}>
                <option value="">{t("case.agencyDefault")}</option>
                {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </select>
            </div>
            <div className="field">
              <label className="check"><input type="checkbox" name="showResultsBeforeClose" defaultChecked={view.showResultsBeforeClose} aria-describedby="showResultsBeforeClose-hint" /> {t("case.showResultsBeforeClose")}</label>
              <span className="hint" id="showResultsBeforeClose-hint">{t("case.showResultsBeforeCloseHint")}</span>
            </div>
            <div className="field"><label htmlFor="summary">{t("case.summary")}</label><textarea id="summary" name="summary" rows={3} maxLength={4000} defaultValue={view.summary} /></div>
            <button type="submit">{t("case.configureSave")}</button>
          </Form>
        </details>
      )}
    </section>
  );
}
