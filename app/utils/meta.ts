import { fixedT } from "~/i18n/translate";

interface MatchLike {
  id: string;
  data: unknown;
}

/** "<page> — Musyawarah" in the visitor's language (read from the root loader's locale). */
export function pageTitle(matches: readonly MatchLike[], key: string, literal?: string) {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined)?.locale ?? "id";
  const title = literal ?? fixedT(locale)(key);
  return [{ title: `${title} — Musyawarah` }];
}
