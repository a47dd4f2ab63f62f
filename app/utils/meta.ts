import { fixedT } from "~/i18n/translate";

interface MatchLike {
  id: string;
  data: unknown;
}

/** "<text> — Musyawarah", for pages whose title is user content (a report's own title). */
export function titled(text: string) {
  return [{ title: `${text} — Musyawarah` }];
}

/** The page title for an i18n key, in the visitor's language (read from the root loader's locale). */
export function pageTitle(matches: readonly MatchLike[], key: string) {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined)?.locale ?? "id";
  return titled(fixedT(locale)(key));
}
