import { useTranslation } from "react-i18next";
import { useHydrated } from "remix-utils/use-hydrated";
import { RICH_TEXT_LIMITS, type RichTextKind } from "~/editor/limits";
import { RichTextEditor, type MentionCandidate } from "~/editor/RichTextEditor";
import { FieldError } from "./FormErrors";

/**
 * A rich-text field: the Lexical editor once JavaScript runs, a plain textarea before (or without) it.
 * The editor posts `body` (JSON), the textarea posts `text`; the server turns either into the same document.
 */
export function RichTextField(props: {
  id: string;
  label: string;
  hint: string;
  kind: RichTextKind;
  initialState?: string | null;
  initialText?: string;
  people?: MentionCandidate[];
  error?: string;
  resetKey?: string | number;
  rows?: number;
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const hintId = `${props.id}-hint`;
  const describedBy = [hintId, props.error ? `${props.id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label id={`${props.id}-label`} htmlFor={props.id}>{props.label}</label>
      {hydrated ? (
        <RichTextEditor
          // A new key after a successful post remounts the editor: its text and the hidden state both go.
          key={props.resetKey}
          id={props.id}
          labelId={`${props.id}-label`}
          name="body"
          kind={props.kind}
          initialState={props.initialState}
          people={props.people}
          describedBy={describedBy}
          invalid={!!props.error}
          resetKey={props.resetKey}
        />
      ) : (
        <textarea
          id={props.id}
          name="text"
          rows={props.rows ?? 4}
          maxLength={RICH_TEXT_LIMITS[props.kind].maxChars}
          defaultValue={props.initialText}
          aria-describedby={describedBy}
          aria-invalid={props.error ? true : undefined}
          required
        />
      )}
      <span className="hint" id={hintId}>{hydrated ? props.hint : `${props.hint} ${t("discussion.plainHint")}`}</span>
      <FieldError id={props.id} message={props.error} />
    </div>
  );
}
