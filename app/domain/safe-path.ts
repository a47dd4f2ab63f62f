// Where the site may send a visitor after a form (log-in's `kembali`, a discussion form's `back`): only a path on
// this site. Browsers are lenient in ways an attacker uses: they drop tabs and newlines from a URL
// ("/\t/evil.example" becomes "//evil.example", another host), read a backslash as a slash ("/\evil.example"),
// and a control character in a Location header makes the server itself fail. Anything doubtful falls back.

const BASE = "http://musyawarah.invalid";

/** Control characters (C0, DEL, C1), any white space, and backslashes: never in a path we redirect to. */
function hasForbiddenCharacter(value: string): boolean {
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || ch === "\\" || /\s/u.test(ch)) return true;
  }
  return false;
}
/** The same, percent-encoded ("%09", "%5C"), which some clients decode before following a redirect. */
const FORBIDDEN_ENCODED = /%(?:[01][0-9a-f]|7f|5c|c2%[89][0-9a-f])/i;

export const SAFE_PATH_MAX = 2000;

/**
 * `value` when it is a path on this site ("/laporan/abc?x=1#k"), otherwise `fallback`. The result is the
 * URL-serialised form (non-ASCII percent-encoded), so it is always a valid Location header.
 */
export function safeLocalPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > SAFE_PATH_MAX) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  if (hasForbiddenCharacter(value) || FORBIDDEN_ENCODED.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can normalise into a scheme-relative URL ("/.//evil.example" → "//evil.example").
  return path.startsWith("//") ? fallback : path;
}
