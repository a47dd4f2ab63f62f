import { z } from "zod";

// Names and titles that deceive: a name made only of zero-width characters shows as nobody, and the bidi
// controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates) reorder what follows them, so a title
// can display one thing and contain another ("Trojan Source"). Names and titles refuse both; long texts
// (descriptions, comments) are left as written.

/** Bidi embedding, override and isolate controls. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
/**
 * Characters that show nothing: zero-width space/joiners, word joiner and invisible operators, the BOM, soft hyphen,
 * Mongolian vowel separator, left/right marks, Hangul fillers, the braille blank, variation selectors and tags.
 */
const INVISIBLE_RANGES: readonly [number, number][] = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180e],
  [0x200b, 0x200f], [0x2060, 0x2064], [0x206a, 0x206f], [0x2800, 0x2800], [0x3164, 0x3164], [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff], [0xffa0, 0xffa0], [0xe0000, 0xe007f], [0xe0100, 0xe01ef],
];

function isInvisible(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return INVISIBLE_RANGES.some(([from, to]) => c >= from && c <= to) || /[\s\p{Cc}\p{Cf}]/u.test(ch);
}

export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROLS.test(text);
}

/** True when nothing visible remains once invisible characters and white space are taken out. */
export function isInvisibleOnly(text: string): boolean {
  for (const ch of text) if (!isInvisible(ch)) return false;
  return true;
}

/** The i18n key saying why `text` cannot be a name or title, or null when it can. */
export function nameOrTitleProblem(text: string): "errors.text_bidi" | "errors.text_invisible" | null {
  if (hasBidiControl(text)) return "errors.text_bidi";
  if (text.length > 0 && isInvisibleOnly(text)) return "errors.text_invisible";
  return null;
}

/**
 * A name or title field: `base` (with its required message and trimming) refused when it holds a bidi control or
 * nothing visible, then `rules` (the length limits). These messages come first, so "\u200B\u200B" is told it is
 * invisible rather than too short.
 */
export function visibleText(base: z.ZodString, rules: z.ZodString) {
  return base
    .superRefine((value, ctx) => {
      const problem = nameOrTitleProblem(value);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .pipe(rules);
}
