// The public dashboard's arithmetic: months in Jakarta time, medians, and each agency's answer record.

const monthFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit" });

/** "2026-11" for a moment, in Jakarta time (a vote at 23:30 UTC on the 30th belongs to the next day's month). */
export function monthKey(at: Date): string {
  return monthFormat.format(at).slice(0, 7);
}

/** The last n months up to now's, oldest first. */
export function lastMonths(now: Date, n: number): string[] {
  const [y, m] = monthKey(now).split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const total = y * 12 + (m - 1) - (n - 1 - i);
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
  });
}

/** Counts per month over the given months (dates outside them are ignored). */
export function perMonth(dates: readonly Date[], months: readonly string[]): number[] {
  const index = new Map(months.map((m, i) => [m, i]));
  const counts = months.map(() => 0);
  for (const d of dates) {
    const i = index.get(monthKey(d));
    if (i !== undefined) counts[i]! += 1;
  }
  return counts;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface CaseAtAgency {
  agencyId: string;
  agencyName: string;
  sentAt: Date;
  answeredAt: Date | null;
  dueAt: Date | null;
}

export interface AgencyRecord {
  agencyId: string;
  agencyName: string;
  /** Cases the citizens' solution was sent to it. */
  received: number;
  answered: number;
  /** answered / received, 0…1. */
  answerRate: number;
  /** Median days from sending to its answer, over answered cases (null when none). */
  medianDaysToAnswer: number | null;
  /** Unanswered cases past their due date now. */
  overdue: number;
}

/** Each agency's record, the most overdue first, then the most received. */
/** Days from sending a solution to the agency's answer, one decimal; null while unanswered. */
export function daysToAnswer(sentAt: Date | string | null, answeredAt: Date | string | null): number | null {
  if (!sentAt || !answeredAt) return null;
  return Math.round(((new Date(answeredAt).getTime() - new Date(sentAt).getTime()) / 86_400_000) * 10) / 10;
}

export function agencyRecords(cases: readonly CaseAtAgency[], now: Date): AgencyRecord[] {
  const byAgency = new Map<string, CaseAtAgency[]>();
  for (const c of cases) byAgency.set(c.agencyId, [...(byAgency.get(c.agencyId) ?? []), c]);
  return [...byAgency.values()]
    .map((list) => {
      const answered = list.filter((c) => c.answeredAt);
      return {
        agencyId: list[0]!.agencyId,
        agencyName: list[0]!.agencyName,
        received: list.length,
        answered: answered.length,
        answerRate: answered.length / list.length,
        medianDaysToAnswer: median(answered.map((c) => (c.answeredAt!.getTime() - c.sentAt.getTime()) / 86_400_000)),
        overdue: list.filter((c) => !c.answeredAt && c.dueAt && c.dueAt < now).length,
      };
    })
    .sort((a, b) => b.overdue - a.overdue || b.received - a.received || a.agencyName.localeCompare(b.agencyName, "id"));
}
