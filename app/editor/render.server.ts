import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import type { Block, Inline, ListEl, RichDocument } from "./rich-text";

// Our own renderer from the validated document to HTML: every text is escaped, every attribute is ours.
// DOMPurify runs after it as a second, independent line of defence (an allow-list of our tags).

const purify = createDOMPurify(new JSDOM("").window);
// Every link is user-written: no referrer, no ranking credit, no window.opener for the target.
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") node.setAttribute("rel", "nofollow ugc noopener noreferrer");
});
const ALLOWED_TAGS = ["p", "br", "strong", "em", "u", "s", "ul", "ol", "li", "blockquote", "a", "span"];
const ALLOWED_ATTR = ["href", "rel", "class", "start"];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const FORMAT_TAGS: [number, string][] = [[1, "strong"], [2, "em"], [8, "u"], [4, "s"]];

function inline(node: Inline): string {
  switch (node.type) {
    case "linebreak":
      return "<br>";
    case "mention":
      return `<span class="mention">${escapeHtml(node.text)}</span>`;
    case "link":
    case "autolink":
      return `<a href="${escapeHtml(node.url)}" rel="nofollow ugc noopener noreferrer">${node.children.map(inline).join("")}</a>`;
    case "text": {
      let html = escapeHtml(node.text);
      for (const [bit, tag] of FORMAT_TAGS) if (node.format & bit) html = `<${tag}>${html}</${tag}>`;
      return html;
    }
  }
}

function list(node: ListEl): string {
  const tag = node.listType === "number" ? "ol" : "ul";
  const start = node.listType === "number" && node.start !== 1 ? ` start="${node.start}"` : "";
  const items = node.children.map((item) => `<li>${item.children.map((c) => (c.type === "list" ? list(c) : inline(c))).join("")}</li>`);
  return `<${tag}${start}>${items.join("")}</${tag}>`;
}

function block(node: Block): string {
  if (node.type === "list") return list(node);
  const content = node.children.map(inline).join("");
  return node.type === "quote" ? `<blockquote>${content}</blockquote>` : `<p>${content}</p>`;
}

export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i });
}

export function renderHtml(doc: RichDocument): string {
  return sanitizeHtml(doc.blocks.map(block).join(""));
}
