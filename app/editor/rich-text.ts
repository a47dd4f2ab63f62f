import { ALLOWED_FORMAT_BITS, ALLOWED_LINK_PROTOCOLS, MAX_NESTING, MAX_NODES, MAX_STATE_CHARS, RICH_TEXT_LIMITS, type RichTextKind } from "./limits";

// Validation of a Lexical editor state sent by a browser (or built from plain text). Nothing in it is
// trusted: only our node types in their allowed places, only known fields, bounded size and nesting,
// links with safe protocols. The result is a canonical state with exactly the fields Lexical exports.
// Pure (no DOM, no I/O) so the same rules are unit-tested and shared.

export type RichTextErrorCode =
  | "errors.richtext_invalid"
  | "errors.richtext_empty"
  | "errors.richtext_too_long"
  | "errors.richtext_too_deep"
  | "errors.richtext_bad_link";

export class RichTextError extends Error {
  constructor(public readonly code: RichTextErrorCode) {
    super(code);
    this.name = "RichTextError";
  }
}

export interface TextLeaf { type: "text"; text: string; format: number }
export interface MentionLeaf { type: "mention"; text: string; userId: string }
export interface LineBreak { type: "linebreak" }
export interface LinkEl { type: "link" | "autolink"; url: string; children: (TextLeaf | LineBreak)[] }
export type Inline = TextLeaf | MentionLeaf | LineBreak | LinkEl;
export interface ParagraphEl { type: "paragraph"; children: Inline[] }
export interface QuoteEl { type: "quote"; children: Inline[] }
export interface ListEl { type: "list"; listType: "bullet" | "number"; start: number; children: ListItemEl[] }
export interface ListItemEl { type: "listitem"; children: (Inline | ListEl)[] }
export type Block = ParagraphEl | QuoteEl | ListEl;
export interface RichDocument { blocks: Block[] }

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
// Control characters other than tab and newline never belong in text.
// eslint-disable-next-line no-control-regex
const cleanText = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");

/** A link is kept only when it parses as an absolute http(s) or mailto URL. */
export function safeLinkUrl(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  // Browsers ignore leading/embedded whitespace and control characters in schemes ("java\tscript:"):
  // judge the URL the way a browser would read it.
  // (the URL standard trims C0 controls and spaces at both ends and drops tabs and newlines inside).
  // eslint-disable-next-line no-control-regex
  const candidate = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  if (candidate.length === 0 || candidate.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!(ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(url.protocol)) return null;
  if (url.protocol !== "mailto:" && !url.hostname) return null;
  return url.href;
}

interface Walk { nodes: number; chars: number }

function children(node: Json): unknown[] {
  if (!Array.isArray(node.children)) throw new RichTextError("errors.richtext_invalid");
  return node.children;
}

function count(walk: Walk) {
  walk.nodes += 1;
  if (walk.nodes > MAX_NODES) throw new RichTextError("errors.richtext_too_long");
}

function textLeaf(node: Json, walk: Walk): TextLeaf {
  if (typeof node.text !== "string") throw new RichTextError("errors.richtext_invalid");
  const text = cleanText(node.text);
  walk.chars += text.length;
  const format = typeof node.format === "number" && Number.isInteger(node.format) ? node.format & ALLOWED_FORMAT_BITS : 0;
  return { type: "text", text, format };
}

function inline(raw: unknown, walk: Walk, inLink: boolean): Inline {
  if (!isObject(raw)) throw new RichTextError("errors.richtext_invalid");
  count(walk);
  switch (raw.type) {
    case "text":
      return textLeaf(raw, walk);
    case "linebreak":
      walk.chars += 1;
      return { type: "linebreak" };
    case "mention": {
      if (inLink || typeof raw.userId !== "string" || !/^[a-z0-9]{1,40}$/i.test(raw.userId) || typeof raw.text !== "string") {
        throw new RichTextError("errors.richtext_invalid");
      }
      const text = cleanText(raw.text).slice(0, 120);
      walk.chars += text.length;
      return { type: "mention", userId: raw.userId, text };
    }
    case "link":
    case "autolink": {
      if (inLink) throw new RichTextError("errors.richtext_invalid");
      const url = safeLinkUrl(raw.url);
      if (!url) throw new RichTextError("errors.richtext_bad_link");
      const kids = children(raw).map((c) => inline(c, walk, true));
      if (kids.some((k) => k.type !== "text" && k.type !== "linebreak")) throw new RichTextError("errors.richtext_invalid");
      return { type: raw.type, url, children: kids as (TextLeaf | LineBreak)[] };
    }
    default:
      throw new RichTextError("errors.richtext_invalid");
  }
}

function list(raw: Json, walk: Walk, nesting: number): ListEl {
  if (nesting > MAX_NESTING) throw new RichTextError("errors.richtext_too_deep");
  const listType = raw.listType === "number" ? "number" : raw.listType === "bullet" ? "bullet" : null;
  if (!listType) throw new RichTextError("errors.richtext_invalid");
  const start = typeof raw.start === "number" && Number.isInteger(raw.start) && raw.start > 0 && raw.start < 100000 ? raw.start : 1;
  const items = children(raw).map((item): ListItemEl => {
    if (!isObject(item) || item.type !== "listitem") throw new RichTextError("errors.richtext_invalid");
    count(walk);
    return {
      type: "listitem",
      children: children(item).map((c) =>
        isObject(c) && c.type === "list" ? (count(walk), list(c, walk, nesting + 1)) : inline(c, walk, false),
      ),
    };
  });
  return { type: "list", listType, start, children: items };
}

function block(raw: unknown, walk: Walk): Block {
  if (!isObject(raw)) throw new RichTextError("errors.richtext_invalid");
  count(walk);
  switch (raw.type) {
    case "paragraph":
    case "quote":
      return { type: raw.type, children: children(raw).map((c) => inline(c, walk, false)) };
    case "list":
      return list(raw, walk, 1);
    default:
      throw new RichTextError("errors.richtext_invalid");
  }
}

/** Parses and checks a serialized editor state; throws RichTextError with the reason. */
export function parseRichText(serialized: unknown, kind: RichTextKind): RichDocument {
  if (typeof serialized !== "string" || serialized.trim() === "") throw new RichTextError("errors.richtext_empty");
  if (serialized.length > MAX_STATE_CHARS) throw new RichTextError("errors.richtext_too_long");
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    throw new RichTextError("errors.richtext_invalid");
  }
  if (!isObject(parsed) || !isObject(parsed.root) || parsed.root.type !== "root") throw new RichTextError("errors.richtext_invalid");
  const walk: Walk = { nodes: 0, chars: 0 };
  const blocks = children(parsed.root).map((b) => block(b, walk));
  if (walk.chars > RICH_TEXT_LIMITS[kind].maxChars) throw new RichTextError("errors.richtext_too_long");
  const doc = { blocks };
  if (plainText(doc).trim() === "") throw new RichTextError("errors.richtext_empty");
  return doc;
}

// ---- canonical Lexical JSON (what the browser editor loads back for edits) ----

const elementFields = { direction: null, format: "", indent: 0, version: 1 } as const;

function inlineJson(node: Inline): Json {
  switch (node.type) {
    case "text":
      return { detail: 0, format: node.format, mode: "normal", style: "", text: node.text, type: "text", version: 1 };
    case "mention":
      return { detail: 0, format: 0, mode: "segmented", style: "", text: node.text, type: "mention", userId: node.userId, version: 1 };
    case "linebreak":
      return { type: "linebreak", version: 1 };
    default:
      return { ...elementFields, children: node.children.map(inlineJson), rel: null, target: null, title: null, url: node.url, type: node.type, ...(node.type === "autolink" ? { isUnlinked: false } : {}) };
  }
}

function listJson(node: ListEl): Json {
  return {
    ...elementFields,
    type: "list",
    listType: node.listType,
    start: node.start,
    tag: node.listType === "number" ? "ol" : "ul",
    children: node.children.map((item, i) => ({
      ...elementFields,
      type: "listitem",
      value: node.start + i,
      children: item.children.map((c) => (c.type === "list" ? listJson(c) : inlineJson(c))),
    })),
  };
}

export function toLexicalJson(doc: RichDocument): { root: Json } {
  return {
    root: {
      ...elementFields,
      type: "root",
      children: doc.blocks.map((b) =>
        b.type === "list"
          ? listJson(b)
          : { ...elementFields, type: b.type, children: b.children.map(inlineJson), ...(b.type === "paragraph" ? { textFormat: 0, textStyle: "" } : {}) },
      ),
    },
  };
}

// ---- plain text ----

function inlineText(nodes: readonly (Inline | ListEl)[], indent: string): string {
  return nodes
    .map((n) => {
      if (n.type === "linebreak") return "\n";
      if (n.type === "list") return "\n" + listText(n, indent + "  ");
      if (n.type === "link" || n.type === "autolink") return inlineText(n.children, indent);
      return n.type === "text" || n.type === "mention" ? n.text : "";
    })
    .join("");
}

function listText(node: ListEl, indent = ""): string {
  return node.children
    .map((item, i) => `${indent}${node.listType === "number" ? `${node.start + i}.` : "-"} ${inlineText(item.children, indent)}`)
    .join("\n");
}

export function plainText(doc: RichDocument): string {
  return doc.blocks
    .map((b) => (b.type === "list" ? listText(b) : b.type === "quote" ? `> ${inlineText(b.children, "")}` : inlineText(b.children, "")))
    .join("\n\n");
}

export function mentionedUserIds(doc: RichDocument): string[] {
  const ids = new Set<string>();
  const visit = (nodes: readonly (Inline | ListEl | Block | ListItemEl)[]) => {
    for (const n of nodes) {
      if (n.type === "mention") ids.add(n.userId);
      else if ("children" in n) visit(n.children);
    }
  };
  visit(doc.blocks);
  return [...ids];
}

/** Replaces each mention's shown text by the user's real name, or turns it into plain text if unknown. */
export function resolveMentions(doc: RichDocument, names: ReadonlyMap<string, string>): RichDocument {
  const fix = <T extends Inline | ListEl>(n: T): T => {
    if (n.type === "mention") {
      const name = names.get(n.userId);
      return (name ? { ...n, text: `@${name}` } : { type: "text", text: n.text, format: 0 }) as T;
    }
    if (n.type === "list") return { ...n, children: n.children.map((i) => ({ ...i, children: i.children.map(fix) })) } as T;
    return n;
  };
  return {
    blocks: doc.blocks.map((b) =>
      b.type === "list" ? fix(b) : { ...b, children: b.children.map(fix) },
    ),
  };
}
