import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { plainTextToDocument } from "~/editor/plain-text";
import { renderHtml } from "~/editor/render.server";
import { parseRichText, plainText, type RichTextError, safeLinkUrl, toLexicalJson } from "~/editor/rich-text";
import { prepareRichText } from "~/editor/rich-text.server";
import { XSS_STATES, XSS_TEXTS } from "../fixtures/xss-corpus";

const users = { resolve: async (ids: string[]) => new Map(ids.filter((id) => id === "u1").map((id) => [id, "Siti Aminah"])) };
const people = async () => [{ id: "u1", name: "Siti Aminah" }, { id: "u2", name: "Siti" }];

const ALLOWED = new Set(["P", "BR", "STRONG", "EM", "U", "S", "UL", "OL", "LI", "BLOCKQUOTE", "A", "SPAN"]);

/** Parsed as a browser would: only our tags, no event-handler or style attributes, only http(s)/mailto links. */
function assertInert(html: string) {
  const doc = new JSDOM(`<body>${html}</body>`).window.document;
  for (const el of doc.body.querySelectorAll("*")) {
    expect(ALLOWED.has(el.tagName), el.tagName).toBe(true);
    for (const attr of el.attributes) {
      expect(["href", "rel", "class", "start"]).toContain(attr.name);
      if (attr.name === "href") expect(attr.value).toMatch(/^(https?:|mailto:)/);
    }
  }
}

describe("rich text validation", () => {
  it("accepts the editor's own formats and renders them", async () => {
    const doc = plainTextToDocument("Halo **semua**\n\n- satu\n- dua\n\n> kutipan\n\nLihat https://jakarta.go.id/lapor.");
    const html = renderHtml(parseRichText(JSON.stringify(toLexicalJson(doc)), "comment"));
    expect(html).toContain("<ul><li>satu</li><li>dua</li></ul>");
    expect(html).toContain("<blockquote>kutipan</blockquote>");
    expect(html).toContain('<a href="https://jakarta.go.id/lapor" rel="nofollow ugc noopener noreferrer">https://jakarta.go.id/lapor</a>.');
  });

  it("keeps bold and italic, drops styles and unknown format bits", () => {
    const body = JSON.stringify({ root: { type: "root", children: [{ type: "paragraph", children: [{ type: "text", text: "tebal", format: 1 | 2 | 16, style: "color:red" }] }] } });
    expect(renderHtml(parseRichText(body, "comment"))).toBe("<p><em><strong>tebal</strong></em></p>");
  });

  it("refuses empty, whitespace-only and over-long text with the reason", () => {
    const code = (body: unknown) => {
      try {
        parseRichText(body, "comment");
        return "ok";
      } catch (e) {
        return (e as RichTextError).code;
      }
    };
    expect(code("")).toBe("errors.richtext_empty");
    expect(code(JSON.stringify(toLexicalJson(plainTextToDocument("   \n ")))) ).toBe("errors.richtext_empty");
    expect(code(JSON.stringify(toLexicalJson(plainTextToDocument("x".repeat(4001)))))).toBe("errors.richtext_too_long");
    expect(code(JSON.stringify(toLexicalJson(plainTextToDocument("x".repeat(4001)))).replace("comment", ""))).toBe("errors.richtext_too_long");
  });

  it("allows only http, https and mailto links", () => {
    expect(safeLinkUrl("https://example.org/a b")).toBe("https://example.org/a%20b");
    expect(safeLinkUrl("mailto:lurah@jakarta.go.id")).toBe("mailto:lurah@jakarta.go.id");
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\nscript:alert(1)", "data:text/html,x", "/relatif", "ftp://x.org", "https://"]) {
      expect(safeLinkUrl(bad), bad).toBeNull();
    }
  });

  it("turns plain text mentions of participants into mentions, longest name first", async () => {
    const prepared = await prepareRichText({ text: "Setuju dengan @Siti Aminah dan @Siti." }, "comment", "body", { ...users, participants: people });
    // u2 is not resolvable (not in users.resolve): it becomes plain text; u1 is a mention with its real name.
    expect(prepared.mentions).toEqual(["u1"]);
    expect(prepared.html).toContain('<span class="mention">@Siti Aminah</span>');
    expect(prepared.text).toBe("Setuju dengan @Siti Aminah dan @Siti.");
  });

  it("re-writes a mention's shown name from the user record (no impersonation)", async () => {
    const body = JSON.stringify({ root: { type: "root", children: [{ type: "paragraph", children: [{ type: "mention", userId: "u1", text: "@Gubernur" }] }] } });
    const prepared = await prepareRichText({ body }, "comment", "body", users);
    expect(prepared.html).toBe('<p><span class="mention">@Siti Aminah</span></p>');
  });

  it("stores a canonical state that loads back into Lexical", async () => {
    const prepared = await prepareRichText({ text: "1. satu\n2. dua" }, "comment", "body", users);
    const state = JSON.parse(prepared.body);
    expect(state.root.children[0]).toMatchObject({ type: "list", listType: "number", tag: "ol" });
    expect(plainText(parseRichText(prepared.body, "comment"))).toBe("1. satu\n2. dua");
  });
});

describe("XSS corpus through the rich-text path", () => {
  it.each(XSS_TEXTS)("plain text %s is stored inert", async (payload) => {
    const prepared = await prepareRichText({ text: payload }, "comment", "body", users);
    assertInert(prepared.html);
    expect(prepared.text).toContain(payload.trim().split("\n")[0]!.slice(0, 10));
  });

  it.each(XSS_STATES)("editor state: $name", async ({ body, refused }) => {
    const result = await prepareRichText({ body }, "comment", "body", users).then(
      (r) => ({ ok: true as const, html: r.html }),
      (e: { status: number; fields: Record<string, string> }) => ({ ok: false as const, status: e.status, field: e.fields.body }),
    );
    if (refused) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.status).toBe(422);
        expect(result.field).toMatch(/^errors\.richtext_/);
      }
    } else {
      expect(result.ok).toBe(true);
      if (result.ok) assertInert(result.html);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
