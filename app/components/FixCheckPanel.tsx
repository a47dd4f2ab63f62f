import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { FIX_ANSWERS } from "~/domain/fix-check";
import { formatDate, formatDateTime } from "~/i18n/format";
import type { FixCheckView } from "~/services/fix-checks.server";
import { describedBy, FieldError } from "./FormErrors";

// "Sudah diperbaiki?" under a fix marked done: the residents' answers so far, a doubt and the agency's answer to it,
// the form for the reporter, the case's participants and the kelurahan's residents, and the officer's reply to a doubt.

interface Props {
  fix: FixCheckView;
  error: { code: string; fields: Record<string, string>; values: Record<string, string> } | null;
}

export function FixCheckPanel({ fix, error }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const mine = error && (error.values.intent === "fix.answer" || error.values.intent === "fix.respond") ? error : null;
  return (
    <section className="card fix-check" aria-labelledby="perbaikan" id="perbaikan-warga">
      <h3 id="perbaikan">{t("fix.title")}</h3>
      <p>{t("fix.intro", { date: formatDate(fix.fixedAt, lng) })}</p>
      <p className="meta">
        <span>{t(`fix.statuses.${fix.status}`)}</span>
        <span>{t("fix.counts", fix.counts)}</span>
      </p>
      {fix.status === "diragukan" && fix.respondBy && <p className="alert alert-error" role="status">{t("fix.doubted", { date: formatDateTime(fix.respondBy, lng) })}</p>}
      {fix.agencyResponse && (
        <>
          <h4>{t("fix.agencyResponse")}</h4>
          <p className="description">{fix.agencyResponse}</p>
        </>
      )}
      {mine && <div className="alert alert-error" role="alert"><p>{t(mine.code)}</p></div>}
      {fix.canAnswer && fix.role && (
        <Form method="post" preventScrollReset>
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="fix.answer" />
          <p className="hint">{t(`fix.roles.${fix.role}`)}</p>
          {fix.role === "pelapor" && fix.pastReopenLimit && (
            <p>{t("fix.newReport")} <Link to="/laporan/baru">{t("fix.newReportLink")}</Link></p>
          )}
          <fieldset {...describedBy("fix-answer", { error: mine?.fields.answer })}>
            <legend>{t("fix.legend")}</legend>
            {FIX_ANSWERS.map((a) => (
              <label key={a} className="check">
                <input type="radio" name="answer" value={a} required defaultChecked={(mine?.values.answer ?? fix.mine?.answer) === a} /> {t(`fix.answers.${a}`)}
              </label>
            ))}
            <FieldError id="fix-answer" message={mine?.fields.answer} />
          </fieldset>
          <div className="field">
            <label htmlFor="fix-text">{t("fix.explanation")}</label>
            <textarea id="fix-text" name="text" rows={3} maxLength={2000} defaultValue={mine?.values.text ?? fix.mine?.text ?? ""} {...describedBy("fix-text", { error: mine?.fields.text })} />
            <FieldError id="fix-text" message={mine?.fields.text} />
          </div>
          {fix.mine && <p className="hint">{t("fix.mine", { answer: t(`fix.answers.${fix.mine.answer}`) })}</p>}
          <button type="submit">{t("fix.submit")}</button>
        </Form>
      )}
      {fix.canRespond && (
        <Form method="post" preventScrollReset className="card">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="fix.respond" />
          <div className="field">
            <label htmlFor="agencyResponse">{t("fix.respondTitle")}</label>
            <textarea id="agencyResponse" name="agencyResponse" rows={3} maxLength={2000} required minLength={10} {...describedBy("agencyResponse", { error: mine?.fields.agencyResponse })} />
            <FieldError id="agencyResponse" message={mine?.fields.agencyResponse} />
          </div>
          <button type="submit">{t("fix.respondSubmit")}</button>
        </Form>
      )}
    </section>
  );
}
