import { safeLinkUrl, type Block, type Inline, type ListEl, type RichDocument } from "./rich-text";

// Without JavaScript the form has a plain textarea. Its text becomes the same document the editor
// would have produced: blank lines separate paragraphs, "- " and "1. " lines make lists, "> " a quote,
// web addresses become links and "@Name" of a participant becomes a mention.

export interface Participant { id: string; name: string }

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/gi;

function linkify(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    // Trailing punctuation belongs to the sentence, not to the address.
    const raw = match[0].replace(/[.,;:!?)\]]+$/, "");
    const start = match.index ?? 0;
    const url = safeLinkUrl(raw);
    if (!url) continue;
    if (start > last) out.push({ type: "text", text: text.slice(last, start), format: 0 });
    out.push({ type: "autolink", url, children: [{ type: "text", text: raw, format: 0 }] });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last), format: 0 });
  return out;
}

function withMentions(text: string, participants: readonly Participant[]): Inline[] {
  // Longest names first, so "@Siti Aminah" wins over "@Siti".
  const sorted = [...participants].filter((p) => p.name.trim()).sort((a, b) => b.name.length - a.name.length);
  const out: Inline[] = [];
  let buffer = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "@" && (i === 0 || /\s|\(/.test(text.charAt(i - 1)))) {
      const rest = text.slice(i + 1).toLocaleLowerCase("id");
      const who = sorted.find((p) => {
        const name = p.name.toLocaleLowerCase("id");
        return rest.startsWith(name) && !/[\p{L}\p{N}]/u.test(rest.charAt(name.length));
      });
      if (who) {
        out.push(...linkify(buffer));
        buffer = "";
        out.push({ type: "mention", userId: who.id, text: `@${who.name}` });
        i += 1 + who.name.length;
        continue;
      }
    }
    buffer += text[i];
    i += 1;
  }
  out.push(...linkify(buffer));
  return out.filter((n) => n.type !== "text" || n.text !== "");
}

function lines(text: string, participants: readonly Participant[]): Inline[] {
  return text.split("\n").flatMap((line, i): Inline[] => [
    ...(i > 0 ? [{ type: "linebreak" } as const] : []),
    ...withMentions(line, participants),
  ]);
}

export function plainTextToDocument(input: string, participants: readonly Participant[] = []): RichDocument {
  const text = input.replace(/\r\n?/g, "\n").trim();
  const blocks: Block[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const rows = para.split("\n");
    const bullet = rows.every((r) => /^\s*[-*•]\s+/.test(r));
    const numbered = rows.every((r) => /^\s*\d{1,4}[.)]\s+/.test(r));
    if (bullet || numbered) {
      const list: ListEl = {
        type: "list",
        listType: numbered ? "number" : "bullet",
        start: numbered ? Math.max(1, parseInt(rows[0] ?? "1", 10) || 1) : 1,
        children: rows.map((r) => ({ type: "listitem", children: withMentions(r.replace(/^\s*([-*•]|\d{1,4}[.)])\s+/, ""), participants) })),
      };
      blocks.push(list);
    } else if (rows.every((r) => r.startsWith(">"))) {
      blocks.push({ type: "quote", children: lines(rows.map((r) => r.replace(/^>\s?/, "")).join("\n"), participants) });
    } else {
      blocks.push({ type: "paragraph", children: lines(para, participants) });
    }
  }
  return { blocks };
}
