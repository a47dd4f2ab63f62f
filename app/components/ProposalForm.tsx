import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { PROPOSAL_LIMITS } from "~/domain/deliberation";
import type { MentionCandidate } from "~/editor/RichTextEditor";
import { describedBy, FieldError, FormErrorSummary } from "./FormErrors";
import { RichTextField } from "./RichTextField";

export const PROPOSAL_FIELDS = ["title", "body", "text", "costRupiah", "agencyId", "jointAction", "explanation"] as const;

export interface ProposalFormValues {
  title?: string;
  body?: string | null;
  text?: string;
  costRupiah?: string;
  agencyId?: string;
  jointAction?: string;
  explanation?: string;
}

/** The form for a new proposal, a new version by its author, or someone else's suggested change. */
export function ProposalForm(props: {
  mode: "new" | "edit" | "amend";
  agencies: { id: string; name: string }[];
  people: MentionCandidate[];
  initial: ProposalFormValues;
  error?: { code: string; fields: Record<string, string>; values: Record<string, string> } | null;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const errors = props.error?.fields ?? {};
  const v = { ...props.initial, ...(props.error?.values ?? {}) };
  return (
    <Form method="post" className="card form">
      {props.error && <FormErrorSummary code={props.error.code} fields={props.error.fields} />}
      <AuthenticityTokenInput name="csrf" />
      <div className="field">
        <label htmlFor="title">{t("proposals.fieldTitle")}</label>
        <input id="title" name="title" required minLength={PROPOSAL_LIMITS.titleMin} maxLength={PROPOSAL_LIMITS.titleMax} defaultValue={v.title} {...describedBy("title", { hint: true, error: errors.title })} />
        <span className="hint" id="title-hint">{t("proposals.titleHint")}</span>
        <FieldError id="title" message={errors.title} />
      </div>
      <RichTextField id="body" label={t("proposals.body")} hint={t("proposals.bodyHint")} kind="proposal" people={props.people} initialState={props.error ? null : props.initial.body} initialText={v.text} error={errors.body} rows={8} />
      <div className="field">
        <label htmlFor="costRupiah">{t("proposals.cost")}</label>
        <input id="costRupiah" name="costRupiah" inputMode="numeric" defaultValue={v.costRupiah} {...describedBy("costRupiah", { hint: true, error: errors.costRupiah })} />
        <span className="hint" id="costRupiah-hint">{t("proposals.costHint")}</span>
        <FieldError id="costRupiah" message={errors.costRupiah} />
      </div>
      {props.mode !== "amend" && (
        <div className="field">
          <label htmlFor="agencyId">{t("proposals.agency")}</label>
          <select id="agencyId" name="agencyId" defaultValue={v.agencyId ?? ""} {...describedBy("agencyId", { error: errors.agencyId })}>
            <option value="">{t("proposals.agencyNone")}</option>
            {props.agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
          <FieldError id="agencyId" message={errors.agencyId} />
        </div>
      )}
      <div className="field">
        <label htmlFor="jointAction">{t("proposals.jointAction")}</label>
        <textarea id="jointAction" name="jointAction" rows={3} maxLength={PROPOSAL_LIMITS.jointActionMax} defaultValue={v.jointAction} {...describedBy("jointAction", { hint: true, error: errors.jointAction })} />
        <span className="hint" id="jointAction-hint">{t("proposals.jointActionHint")}</span>
        <FieldError id="jointAction" message={errors.jointAction} />
      </div>
      {props.mode === "amend" && (
        <div className="field">
          <label htmlFor="explanation">{t("proposals.explanation")}</label>
          <textarea id="explanation" name="explanation" rows={3} required maxLength={PROPOSAL_LIMITS.explanationMax} defaultValue={v.explanation} {...describedBy("explanation", { error: errors.explanation })} />
          <FieldError id="explanation" message={errors.explanation} />
        </div>
      )}
      <button type="submit" disabled={busy}>
        {t(props.mode === "new" ? "proposals.submit" : props.mode === "edit" ? "proposals.saveEdit" : "proposals.sendAmendment")}
      </button>
    </Form>
  );
}
