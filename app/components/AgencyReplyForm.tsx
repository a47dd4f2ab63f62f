import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { MAX_REPLY_ITEMS, REFUSAL_BASES, REPLY_KINDS } from "~/domain/agency-reply";
import { describedBy, FieldError } from "./FormErrors";

// The agency's structured reply: one of four kinds, each with the fields it requires. Without JavaScript every
// section is shown under its heading and only the chosen kind's fields are read; with CSS :has() only the chosen
// kind's section is shown. The item-by-item rows of "terima sebagian" are a fixed number (empty rows are ignored).

interface Props {
  agencies: { id: string; name: string }[];
  /** A refused submission: its field problems and what was typed (the form comes back filled in). */
  error: { code: string; fields: Record<string, string>; values: Record<string, string> } | null;
}

/** Rows of the item-by-item form shown at first (more appear once earlier ones are filled). */
const ITEM_ROWS = 4;

export function AgencyReplyForm({ agencies, error }: Props) {
  const { t } = useTranslation();
  const mine = error?.values.intent === "case.reply" ? error : null;
  const fields = mine?.fields ?? {};
  const value = (name: string) => mine?.values[name] ?? "";
  const field = (name: string, label: string, opts: { hint?: string; type?: string; textarea?: boolean; required?: boolean; inputMode?: "numeric" } = {}) => (
    <div className="field">
      <label htmlFor={`r-${name}`}>{label}</label>
      {opts.textarea ? (
        <textarea id={`r-${name}`} name={name} rows={3} maxLength={4000} defaultValue={value(name)} {...describedBy(`r-${name}`, { hint: !!opts.hint, error: fields[name] })} />
      ) : (
        <input id={`r-${name}`} name={name} type={opts.type ?? "text"} inputMode={opts.inputMode} maxLength={300} defaultValue={value(name)} {...describedBy(`r-${name}`, { hint: !!opts.hint, error: fields[name] })} />
      )}
      {opts.hint && <span className="hint" id={`r-${name}-hint`}>{opts.hint}</span>}
      <FieldError id={`r-${name}`} message={fields[name]} />
    </div>
  );
  const terms = (prefix: string, unitRequired = true) => (
    <>
      {field(`${prefix}cost`, t("case.reply.cost"), { hint: t("case.reply.costHint"), inputMode: "numeric" })}
      {field(`${prefix}period`, t("case.reply.period"), { hint: t("case.reply.periodHint"), type: "month" })}
      {field(`${prefix}unit`, unitRequired ? t("case.reply.unit") : t("case.reply.unitOptional"), { hint: t("case.reply.unitHint") })}
    </>
  );
  const refusal = (prefix: string) => (
    <>
      {field(`${prefix}reason`, t("case.reply.reason"), { hint: t("case.reply.reasonHint"), textarea: true })}
      <fieldset {...describedBy(`r-${prefix}basis`, { error: fields[`${prefix}basis`] })}>
        <legend>{t("case.reply.basis")}</legend>
        {REFUSAL_BASES.map((b) => (
          <label key={b} className="check">
            <input type="radio" name={`${prefix}basis`} value={b} defaultChecked={value(`${prefix}basis`) === b} /> {t(`case.reply.bases.${b}`)}
          </label>
        ))}
        <FieldError id={`r-${prefix}basis`} message={fields[`${prefix}basis`]} />
      </fieldset>
      {field(`${prefix}regulation`, t("case.reply.regulation"), { hint: t("case.reply.regulationHint") })}
      {field(`${prefix}responsibleBody`, t("case.reply.responsibleBody"))}
      <div className="field">
        <label htmlFor={`r-${prefix}responsibleAgencyId`}>{t("case.reply.responsibleAgency")}</label>
        <select id={`r-${prefix}responsibleAgencyId`} name={`${prefix}responsibleAgencyId`} defaultValue={value(`${prefix}responsibleAgencyId`)}>
          <option value="">{t("case.reply.responsibleAgencyNone")}</option>
          {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </div>
    </>
  );
  const kind = value("kind") || "terima";
  return (
    <Form method="post" className="card reply-form" preventScrollReset id="jawab">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value="case.reply" />
      <h3>{t("case.answer")}</h3>
      {mine && (
        <div className="alert alert-error" role="alert">
          <p>{t(mine.code)}</p>
          {fields.items && <p>{t(fields.items)}</p>}
          {fields.kind && <p>{t(fields.kind)}</p>}
        </div>
      )}
      <fieldset className="reply-kinds">
        <legend>{t("case.reply.legend")}</legend>
        {REPLY_KINDS.map((k) => (
          <div key={k} className="check">
            <input type="radio" id={`kind-${k}`} name="kind" value={k} defaultChecked={kind === k} aria-describedby={`kind-${k}-hint`} />
            <label htmlFor={`kind-${k}`}><strong>{t(`case.reply.kinds.${k}`)}</strong></label>
            <span className="hint" id={`kind-${k}-hint`}>{t(`case.reply.kindHints.${k}`)}</span>
          </div>
        ))}
      </fieldset>

      <section className="reply-section reply-terima" aria-labelledby="reply-terima">
        <h4 id="reply-terima">{t("case.reply.acceptedSection")}</h4>
        {terms("")}
      </section>
      <section className="reply-section reply-tolak" aria-labelledby="reply-tolak">
        <h4 id="reply-tolak">{t("case.reply.refusedSection")}</h4>
        {refusal("")}
      </section>
      <section className="reply-section reply-sebagian" aria-labelledby="reply-sebagian">
        <h4 id="reply-sebagian">{t("case.reply.partialSection")}</h4>
        <p className="hint">{t("case.reply.partialHint")}</p>
        {Array.from({ length: Math.min(MAX_REPLY_ITEMS, Math.max(ITEM_ROWS, filledRows(mine?.values) + 1)) }, (_, i) => {
          const prefix = `item-${i}-`;
          return (
            <fieldset key={i} className="reply-item">
              <legend>{t("case.reply.item", { n: i + 1 })}</legend>
              {field(`${prefix}title`, t("case.reply.itemTitle"))}
              <fieldset {...describedBy(`r-${prefix}decision`, { error: fields[`${prefix}decision`] })}>
                <legend>{t("case.reply.itemDecision")}</legend>
                {(["terima", "tolak"] as const).map((d) => (
                  <label key={d} className="check">
                    <input type="radio" name={`${prefix}decision`} value={d} defaultChecked={value(`${prefix}decision`) === d} /> {t(`case.reply.itemDecisions.${d}`)}
                  </label>
                ))}
                <FieldError id={`r-${prefix}decision`} message={fields[`${prefix}decision`]} />
              </fieldset>
              <details open={Object.keys(fields).some((k) => k.startsWith(prefix)) || !!value(`${prefix}title`)}>
                <summary>{t("case.reply.acceptedSection")} / {t("case.reply.refusedSection")}</summary>
                {terms(prefix)}
                {refusal(prefix)}
              </details>
            </fieldset>
          );
        })}
      </section>
      <section className="reply-section reply-alternatif" aria-labelledby="reply-alternatif">
        <h4 id="reply-alternatif">{t("case.reply.alternativeSection")}</h4>
        {field("alternativeText", t("case.reply.alternativeText"), { hint: t("case.reply.alternativeTextHint"), textarea: true })}
        {terms("alt-", false)}
      </section>
      {field("note", t("case.reply.note"), { textarea: true })}
      <button type="submit">{t("case.reply.submit")}</button>
    </Form>
  );
}

/** How many item rows a refused form had filled (so they all come back). */
function filledRows(values: Record<string, string> | undefined): number {
  let n = 0;
  for (let i = 0; i < MAX_REPLY_ITEMS; i++) if (values?.[`item-${i}-title`]) n = i + 1;
  return n;
}
