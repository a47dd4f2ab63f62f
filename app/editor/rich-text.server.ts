import { createHeadlessEditor } from "@lexical/headless";
import { ServiceError } from "~/services/errors";
import type { RichTextKind } from "./limits";
import { EDITOR_NODES } from "./nodes";
import { plainTextToDocument, type Participant } from "./plain-text";
import { renderHtml } from "./render.server";
import { mentionedUserIds, parseRichText, plainText, resolveMentions, RichTextError, toLexicalJson } from "./rich-text";

export interface PreparedRichText {
  /** Canonical Lexical JSON to store. */
  body: string;
  html: string;
  text: string;
  mentions: string[];
}

export interface RichTextInput {
  /** Editor state from the Lexical editor (with JavaScript). */
  body?: unknown;
  /** Plain text from the textarea (without JavaScript). */
  text?: unknown;
}

// One headless editor with exactly the browser's node list: a stored state must load back into the editor.
const headless = createHeadlessEditor({ nodes: EDITOR_NODES, onError: (error) => { throw error; } });

/**
 * Turns what a form or API sent into the stored form: validated canonical JSON, our HTML and plain text.
 * `field` names the form field errors are reported on. `users` resolves mentioned ids to names (unknown
 * ids become plain text), and `participants` lets "@Name" in plain text become a mention.
 */
export async function prepareRichText(
  input: RichTextInput,
  kind: RichTextKind,
  field: string,
  users: { resolve: (ids: string[]) => Promise<Map<string, string>>; participants?: () => Promise<Participant[]> },
): Promise<PreparedRichText> {
  try {
    const fromEditor = typeof input.body === "string" && input.body.trim() !== "";
    const serialized = fromEditor
      ? (input.body as string)
      : typeof input.text === "string" && input.text.trim() !== ""
        ? JSON.stringify(toLexicalJson(plainTextToDocument(input.text, input.text.includes("@") ? ((await users.participants?.()) ?? []) : [])))
        : "";
    let doc = parseRichText(serialized, kind);
    doc = resolveMentions(doc, await users.resolve(mentionedUserIds(doc)));
    const canonical = toLexicalJson(doc);
    headless.parseEditorState(JSON.stringify(canonical));
    return { body: JSON.stringify(canonical), html: renderHtml(doc), text: plainText(doc), mentions: mentionedUserIds(doc) };
  } catch (error) {
    if (error instanceof RichTextError) throw new ServiceError(422, "errors.form_invalid", { [field]: error.code });
    if (error instanceof ServiceError) throw error;
    // Lexical refused the state although our checks passed: treat it as invalid input, never a crash.
    throw new ServiceError(422, "errors.form_invalid", { [field]: "errors.richtext_invalid" });
  }
}
