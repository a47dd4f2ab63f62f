// Limits on rich text, shared by the editor (to warn while typing) and the server (to refuse).
export const RICH_TEXT_LIMITS = {
  comment: { maxChars: 4000 },
  proposal: { maxChars: 12000 },
} as const;
export type RichTextKind = keyof typeof RICH_TEXT_LIMITS;

/** The serialized editor state may not exceed this many characters (before any parsing). */
export const MAX_STATE_CHARS = 64_000;
/** Nesting of blocks (a list inside a list item inside a list...) beyond this is refused. */
export const MAX_NESTING = 6;
export const MAX_NODES = 2000;
export const ALLOWED_LINK_PROTOCOLS = ["http:", "https:", "mailto:"] as const;
/** Text format bits we keep: bold, italic, strikethrough, underline (Lexical's bit values). */
export const ALLOWED_FORMAT_BITS = 1 | 2 | 4 | 8;
