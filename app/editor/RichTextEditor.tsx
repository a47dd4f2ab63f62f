import { $createLinkNode, $isLinkNode, $toggleLink, TOGGLE_LINK_COMMAND } from "@lexical/link";
import { INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND } from "@lexical/list";
import { LexicalComposer } from "@lexical/react/LexicalComposer";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { ContentEditable } from "@lexical/react/LexicalContentEditable";
import { LexicalErrorBoundary } from "@lexical/react/LexicalErrorBoundary";
import { HistoryPlugin } from "@lexical/react/LexicalHistoryPlugin";
import { LinkPlugin } from "@lexical/react/LexicalLinkPlugin";
import { ListPlugin } from "@lexical/react/LexicalListPlugin";
import { OnChangePlugin } from "@lexical/react/LexicalOnChangePlugin";
import { RichTextPlugin } from "@lexical/react/LexicalRichTextPlugin";
import { LexicalTypeaheadMenuPlugin, MenuOption, useBasicTypeaheadTriggerMatch } from "@lexical/react/LexicalTypeaheadMenuPlugin";
import { $createQuoteNode } from "@lexical/rich-text";
import { $setBlocksType } from "@lexical/selection";
import { $createTextNode, $getRoot, $getSelection, $isRangeSelection, FORMAT_TEXT_COMMAND, type EditorState, type TextNode } from "lexical";
import { useCallback, useMemo, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { RICH_TEXT_LIMITS, type RichTextKind } from "./limits";
import { $createMentionNode } from "./mention-node";
import { EDITOR_NODES } from "./nodes";
import { safeLinkUrl } from "./rich-text";

// The browser editor. The form carries its state as JSON in a hidden input; the server validates it
// and renders it again, so nothing here is trusted. Without JavaScript the caller shows a textarea instead.

export interface MentionCandidate { id: string; name: string }

class MentionOption extends MenuOption {
  constructor(public readonly user: MentionCandidate) {
    super(user.id);
  }
}

function MentionsPlugin({ people }: { people: MentionCandidate[] }) {
  const { t } = useTranslation();
  const [editor] = useLexicalComposerContext();
  const [query, setQuery] = useState<string | null>(null);
  const trigger = useBasicTypeaheadTriggerMatch("@", { minLength: 0, allowWhitespace: true, maxLength: 40 });
  const options = useMemo(() => {
    const q = (query ?? "").toLocaleLowerCase("id");
    return people.filter((p) => p.name.toLocaleLowerCase("id").includes(q)).slice(0, 8).map((p) => new MentionOption(p));
  }, [people, query]);
  const onSelect = useCallback(
    (option: MentionOption, textNode: TextNode | null, close: () => void) => {
      editor.update(() => {
        const mention = $createMentionNode(option.user.id, `@${option.user.name}`);
        if (textNode) textNode.replace(mention);
        mention.select();
        close();
      });
    },
    [editor],
  );
  if (people.length === 0) return null;
  return (
    <LexicalTypeaheadMenuPlugin<MentionOption>
      onQueryChange={setQuery}
      onSelectOption={onSelect}
      triggerFn={trigger}
      options={options}
      menuRenderFn={(anchor, { selectedIndex, selectOptionAndCleanUp, setHighlightedIndex }) =>
        anchor.current && options.length > 0
          ? createPortal(
              <ul className="mention-menu" role="listbox" aria-label={t("editor.mentionList")}>
                {options.map((o, i) => (
                  <li
                    key={o.key}
                    id={`mention-${o.key}`}
                    role="option"
                    aria-selected={selectedIndex === i}
                    ref={(el) => o.setRefElement(el)}
                    onMouseEnter={() => setHighlightedIndex(i)}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      selectOptionAndCleanUp(o);
                    }}
                  >
                    @{o.user.name}
                  </li>
                ))}
              </ul>,
              anchor.current,
            )
          : null
      }
    />
  );
}

function Toolbar() {
  const { t } = useTranslation();
  const [editor] = useLexicalComposerContext();
  const addLink = () => {
    const url = window.prompt(t("editor.linkPrompt"), "https://");
    const safe = url === null ? null : safeLinkUrl(url);
    if (!url || !safe) return;
    editor.update(() => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return;
      if (selection.isCollapsed()) {
        const link = $createLinkNode(safe);
        link.append($createTextNode(url));
        selection.insertNodes([link]);
      } else {
        $toggleLink(safe);
      }
    });
  };
  const button = (label: string, onClick: () => void, text: string) => (
    <button type="button" className="tool" title={label} onMouseDown={(e) => e.preventDefault()} onClick={onClick}>
      <span aria-hidden="true">{text}</span>
      <span className="visually-hidden">{label}</span>
    </button>
  );
  return (
    <div className="editor-toolbar" role="toolbar" aria-label={t("editor.toolbar")}>
      {button(t("editor.bold"), () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, "bold"), "B")}
      {button(t("editor.italic"), () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, "italic"), "I")}
      {button(t("editor.bullet"), () => editor.dispatchCommand(INSERT_UNORDERED_LIST_COMMAND, undefined), "•")}
      {button(t("editor.number"), () => editor.dispatchCommand(INSERT_ORDERED_LIST_COMMAND, undefined), "1.")}
      {button(t("editor.quote"), () => editor.update(() => {
        const selection = $getSelection();
        if ($isRangeSelection(selection)) $setBlocksType(selection, () => $createQuoteNode());
      }), "❝")}
      {button(t("editor.link"), addLink, "URL")}
      {button(t("editor.unlink"), () => editor.update(() => {
        const selection = $getSelection();
        const node = $isRangeSelection(selection) ? selection.anchor.getNode().getParent() : null;
        if ($isLinkNode(node)) editor.dispatchCommand(TOGGLE_LINK_COMMAND, null);
      }), "⨯URL")}
    </div>
  );
}

export interface RichTextEditorProps {
  id: string;
  /** The visible label's id (a contenteditable is named with aria-labelledby, not <label for>). */
  labelId: string;
  /** Name of the hidden input that carries the editor state. */
  name: string;
  kind: RichTextKind;
  initialState?: string | null;
  people?: MentionCandidate[];
  describedBy?: string;
  invalid?: boolean;
  /** Changing this key empties the editor (after a successful post). */
  resetKey?: string | number;
}

export function RichTextEditor({ id, labelId, name, kind, initialState, people = [], describedBy, invalid, resetKey }: RichTextEditorProps) {
  const { t } = useTranslation();
  const [state, setState] = useState(initialState ?? "");
  const [chars, setChars] = useState(0);
  const max = RICH_TEXT_LIMITS[kind].maxChars;
  const onChange = useCallback((editorState: EditorState) => {
    setState(JSON.stringify(editorState.toJSON()));
    setChars(editorState.read(() => $getRoot().getTextContent().length));
  }, []);
  const config = useMemo(
    () => ({
      namespace: `musyawarah-${kind}`,
      nodes: EDITOR_NODES,
      editorState: initialState || undefined,
      onError: (error: Error) => console.warn("[editor]", error),
      theme: { text: { bold: "fmt-bold", italic: "fmt-italic" }, quote: "editor-quote", link: "editor-link", list: { ul: "editor-ul", ol: "editor-ol" } },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [kind, resetKey],
  );
  return (
    <div className={`editor${invalid ? " editor-invalid" : ""}`}>
      <LexicalComposer key={resetKey} initialConfig={config}>
        <Toolbar />
        <div className="editor-body">
          <RichTextPlugin
            contentEditable={<ContentEditable id={id} className="editor-input" role="textbox" aria-labelledby={labelId} aria-describedby={describedBy} aria-invalid={invalid || undefined} aria-multiline />}
            ErrorBoundary={LexicalErrorBoundary}
          />
        </div>
        <HistoryPlugin />
        <ListPlugin />
        <LinkPlugin validateUrl={(url) => safeLinkUrl(url) !== null} />
        <MentionsPlugin people={people} />
        <OnChangePlugin onChange={onChange} ignoreSelectionChange />
      </LexicalComposer>
      <input type="hidden" name={name} value={state} />
      <p className="hint editor-count" aria-live="off">{t("editor.chars", { count: chars, max })}</p>
    </div>
  );
}
