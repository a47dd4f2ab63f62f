import type { TFunction } from "i18next";
import { formatDate } from "./format";

// One timeline entry as a sentence, for the report page, the DPRD dossier and its PDF alike.
export function eventText(t: TFunction, lng: string, type: string, data: Record<string, unknown>, actorName: string | null): { text: string; note: string | null } {
  const status = (s: unknown) => (typeof s === "string" ? t(`status.${s}`) : "");
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const text = t(`events.${type}`, {
    actor: actorName ?? t("events.system"),
    system: typeof data.hostSystem === "string" ? data.hostSystem : t("events.system"),
    from: type === "proposal.merged" ? str(data.from) : status(data.from),
    to: type.startsWith("case.") && typeof data.to === "string" ? t(`case.steps.${data.to}`) : status(data.to),
    into: str(data.into),
    title: str(data.title),
    reason: str(data.reason),
    date: typeof data.date === "string" ? formatDate(data.date, lng) : "",
    forum: typeof data.forum === "string" && data.forum ? ` (${data.forum})` : "",
  });
  return { text, note: typeof data.note === "string" ? t("events.note", { note: data.note }) : null };
}
