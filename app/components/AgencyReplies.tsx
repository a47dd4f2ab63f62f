import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ALTERNATIVE_RESPONSES } from "~/domain/agency-reply";
import { formatDate, formatDateTime, formatMonth, formatRupiah } from "~/i18n/format";
import type { ReplyView } from "~/services/cases/agency-reply.server";
import { describedBy, FieldError } from "./FormErrors";

// The agency's replies as citizens read them: each round with what was accepted (cost, period, unit) and refused
// (reason and basis), a counter-proposal beside the citizens' proposal with its deadline and the deliberation's
// answer; then the form to answer it (the proposer or the fasilitator) and the fasilitator's "forward" button.

interface Props {
  replies: ReplyView[];
  /** The open counter-proposal's short vote as this viewer sees it (case-view's alternativeVote). */
  vote: { open: boolean; mayOpen: boolean; eligible: boolean; mine: string | null } | null;
  signedIn: boolean;
  /** The citizens' chosen solution, shown beside a counter-proposal. */
  solution: { title: string; text?: string } | null;
  canRespond: boolean;
  forwardAgency: { id: string; name: string } | null;
  canForward: boolean;
  error: { code: string; fields: Record<string, string>; values: Record<string, string> } | null;
}

export function AgencyReplies({ replies, vote, signedIn, solution, canRespond, forwardAgency, canForward, error }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const open = replies.findLast((r) => r.kind === "alternatif" && !r.response) ?? null;
  const mine = error?.values.intent === "case.respond" ? error : null;
  const voteError = error && (error.values.intent === "case.altvote" || error.values.intent === "case.altvote.open") ? error : null;
  const terms = (x: { costRupiah: number | null; periodMonth: string | null; unit: string | null }) => (
    <>
      {x.costRupiah !== null && x.periodMonth && <p>{t("case.reply.costLine", { cost: formatRupiah(x.costRupiah, lng), period: formatMonth(x.periodMonth, lng) })}</p>}
      {x.unit && <p>{t("case.reply.unitLine", { unit: x.unit })}</p>}
    </>
  );
  return (
    <div className="replies" id="balasan">
      {replies.map((r) => (
        <article key={r.id} className="reply">
          <h4>
            {t(`case.reply.kinds.${r.kind}`)} <span className="muted">· {t("case.reply.round", { n: r.round, date: formatDate(r.createdAt, lng) })}</span>
          </h4>
          {r.kind === "alternatif" ? (
            <div className="side-by-side">
              {solution && (
                <section>
                  <h5>{t("case.reply.citizensAsked")}</h5>
                  <p><strong>{solution.title}</strong></p>
                  {solution.text && <p className="description">{solution.text}</p>}
                </section>
              )}
              <section>
                <h5>{t("case.reply.alternativeText")}</h5>
                <p className="description">{r.alternativeText}</p>
                {terms(r)}
              </section>
            </div>
          ) : (
            <ul className="reply-items">
              {r.items.map((i) => (
                <li key={i.id} className={i.accepted ? "accepted" : "refused"}>
                  <strong>{i.accepted ? t("case.reply.itemDecisions.terima") : t("case.reply.itemDecisions.tolak")}:</strong> {i.title}
                  {i.accepted ? terms(i) : (
                    <>
                      <p className="description">{i.reason}</p>
                      <p>{i.basis === "regulasi" ? t("case.reply.basisRegulation", { regulation: i.regulation }) : t("case.reply.basisBody", { body: [i.responsibleBody, i.responsibleAgency].filter(Boolean).join(" · ") || "—" })}</p>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {r.note && <p className="description">{r.note}</p>}
          {r.voteCount && r.voteCount.setuju + r.voteCount.tolak > 0 && <p><strong>{t("case.reply.vote.count", { setuju: r.voteCount.setuju, tolak: r.voteCount.tolak })}</strong></p>}
          {r === open && r.voteClosesAt && !vote?.open && r.votes === 0 && r.respondBy && (
            <p className="muted">{t("case.reply.vote.noVotes", { date: formatDateTime(r.respondBy, lng) })}</p>
          )}
          {r.kind === "alternatif" && (
            r.response ? (
              <p className={r.response === "setuju" ? "alert alert-ok" : "alert alert-error"} role="status">
                {t(`case.reply.responses.${r.response}`)}{r.respondedAt ? ` · ${formatDateTime(r.respondedAt, lng)}` : ""}
                {r.responseNote ? <>: “{r.responseNote}”</> : null}
              </p>
            ) : r.respondBy ? (
              <p className="muted">{t("case.reply.respondBy", { date: formatDateTime(r.respondBy, lng) })}</p>
            ) : null
          )}
        </article>
      ))}

      {open && vote?.open && open.voteClosesAt && (
        <div className="card ballot" id="suara-alternatif">
          <h3>{t("case.reply.vote.running", { date: formatDateTime(open.voteClosesAt, lng) })}</h3>
          <p className="muted">{t("case.reply.vote.votes", { count: open.votes })}</p>
          {voteError?.values.intent === "case.altvote" && <div className="alert alert-error" role="alert"><p>{t(voteError.code)}</p></div>}
          {!signedIn ? <p>{t("case.reply.vote.loginToVote")}</p> : !vote.eligible ? <p>{t("case.reply.vote.notEligible")}</p> : (
            <Form method="post" preventScrollReset>
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="intent" value="case.altvote" />
              <fieldset>
                <legend>{t("case.reply.vote.legend")}</legend>
                {ALTERNATIVE_RESPONSES.map((a) => (
                  <label key={a} className="check"><input type="radio" name="choice" value={a} required defaultChecked={vote.mine === a} /> {t(`case.reply.vote.choices.${a}`)}</label>
                ))}
              </fieldset>
              {vote.mine && <p className="hint">{t("case.reply.vote.mine", { choice: t(`case.reply.vote.choices.${vote.mine}`) })}</p>}
              <button type="submit">{vote.mine ? t("case.reply.vote.change") : t("case.reply.vote.submit")}</button>
            </Form>
          )}
        </div>
      )}

      {open && vote?.mayOpen && open.respondBy && (
        <details className="card" open={voteError?.values.intent === "case.altvote.open"}>
          <summary>{t("case.reply.vote.openTitle")}</summary>
          <Form method="post" preventScrollReset>
            <AuthenticityTokenInput name="csrf" />
            <input type="hidden" name="intent" value="case.altvote.open" />
            <p className="hint">{t("case.reply.vote.openHint")}</p>
            {voteError?.values.intent === "case.altvote.open" && (
              <div className="alert alert-error" role="alert">
                <p>{t(voteError.code)}</p>
                {voteError.fields.voteClosesAt && <p>{t(voteError.fields.voteClosesAt)}</p>}
              </div>
            )}
            <div className="field">
              <label htmlFor="voteClosesAt">{t("case.reply.vote.closesAt")}</label>
              <input id="voteClosesAt" name="voteClosesAt" type="datetime-local" required />
            </div>
            <button type="submit" className="secondary">{t("case.reply.vote.openSubmit")}</button>
          </Form>
        </details>
      )}

      {open && canRespond && !vote?.open && (
        <Form method="post" className="card" preventScrollReset>
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="case.respond" />
          <h3>{t("case.reply.respondTitle")}</h3>
          <p className="hint">{t("case.reply.respondHint")}</p>
          {mine && <div className="alert alert-error" role="alert"><p>{t(mine.code)}</p></div>}
          <fieldset {...describedBy("response", { error: mine?.fields.response })}>
            <legend>{t("case.reply.respondLegend")}</legend>
            {ALTERNATIVE_RESPONSES.map((a) => (
              <label key={a} className="check">
                <input type="radio" name="response" value={a} defaultChecked={mine?.values.response === a} /> {t(`case.reply.respondChoices.${a}`)}
              </label>
            ))}
            <FieldError id="response" message={mine?.fields.response} />
          </fieldset>
          <div className="field">
            <label htmlFor="responseNote">{t("case.reply.responseNote")}</label>
            <textarea id="responseNote" name="responseNote" rows={3} maxLength={2000} defaultValue={mine?.values.responseNote ?? ""} {...describedBy("responseNote", { error: mine?.fields.responseNote })} />
            <FieldError id="responseNote" message={mine?.fields.responseNote} />
          </div>
          <button type="submit">{t("case.reply.respondSubmit")}</button>
        </Form>
      )}

      {canForward && forwardAgency && (
        <Form method="post" className="card" preventScrollReset>
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="case.step" />
          <input type="hidden" name="event" value="forward" />
          <p>{t("case.reply.forwardHint", { agency: forwardAgency.name })}</p>
          <button type="submit" className="secondary">{t("case.reply.forwardTitle", { agency: forwardAgency.name })}</button>
        </Form>
      )}
    </div>
  );
}
