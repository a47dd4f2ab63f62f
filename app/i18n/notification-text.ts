import type { TFunction } from "i18next";
import { CASE_STATES } from "~/domain/case-workflow";
import { formatDateTime } from "./format";

// One notification as people read it, for the /notifikasi page, the instant e-mail and the daily digest alike.
// A notification's `excerpt` holds what the event left: user text (a comment, a DPRD statement), or a code for the
// machine-made kinds — a case step (`pemungutan_suara`), an answer deadline (an ISO instant), "accepted"/"declined".
// Codes never reach a reader: steps become their label, instants a Jakarta date and time, decisions a sentence.

export interface NotificationView {
  kind: string;
  excerpt: string;
  actorName: string | null;
  report: { number: number; title: string } | null;
}

export interface NotificationText {
  /** One line: who did what where ("Tahap musyawarah berubah di #12 Jalan berlubang"). */
  headline: string;
  /** The second line: the new step, the deadline, the decision, or the quoted user text; null when there is none. */
  detail: string | null;
  /** The e-mail subject: one per kind, short enough for a phone's inbox. */
  subject: string;
}

/** Characters of the report title a subject keeps: a 200-character title must not push the kind off the screen. */
const SUBJECT_TITLE_MAX = 60;

const isStep = (code: string) => (CASE_STATES as readonly string[]).includes(code);
const instant = (value: string): Date | null => {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

function shortTitle(title: string): string {
  const chars = [...title];
  return chars.length <= SUBJECT_TITLE_MAX ? title : `${chars.slice(0, SUBJECT_TITLE_MAX - 1).join("").trimEnd()}…`;
}

export function notificationText(t: TFunction, lng: string, n: NotificationView): NotificationText {
  const actor = n.actorName ?? t("events.system");
  const report = n.report ? `#${n.report.number} ${n.report.title}` : "";
  const shortReport = n.report ? `#${n.report.number} ${shortTitle(n.report.title)}` : "";
  const headline = t(`notifications.kinds.${n.kind}`, { actor, report });
  const excerpt = n.excerpt.trim();
  let detail: string | null = excerpt ? `“${excerpt}”` : null;
  const values: Record<string, string> = { actor, report: shortReport, step: "" };

  if (n.kind === "phase") {
    values.step = isStep(excerpt) ? t(`case.steps.${excerpt}`) : "";
    detail = values.step ? t("notifications.details.phase", { step: values.step }) : null;
  } else if (n.kind === "sla_reminder" || n.kind === "sla_overdue" || n.kind === "fix_doubted") {
    const due = instant(excerpt);
    detail = due ? t("notifications.details.due", { date: formatDateTime(due, lng) }) : null;
  } else if (n.kind === "alternative_vote") {
    const until = instant(excerpt);
    detail = until ? t("notifications.details.voteUntil", { date: formatDateTime(until, lng) }) : null;
  } else if (n.kind === "alternative_escalated") {
    detail = t(`case.answers.${excerpt}`, { defaultValue: "" }) || null;
  } else if (n.kind === "amendment_decided") {
    detail = excerpt === "accepted" || excerpt === "declined" ? t(`notifications.details.amendment_${excerpt}`) : null;
  }

  const subjectKey = n.kind === "phase" && !values.step ? "mail.subjects.phase_unknown" : `mail.subjects.${n.kind}`;
  const subject = t(subjectKey, { ...values, defaultValue: t("mail.subject") });
  return { headline, detail, subject };
}
