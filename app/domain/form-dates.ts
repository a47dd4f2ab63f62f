// Dates typed into forms. JavaScript's Date rolls an impossible day over ("2026-02-30" becomes 2 March) and accepts
// years no database column holds ("+275760-09-13"); a form must refuse both with a message instead. Jakarta has no
// daylight saving time, so a wall-clock time there is always UTC+7.

export const FORM_YEAR_MIN = 2000;
export const FORM_YEAR_MAX = 2100;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const JAKARTA_OFFSET_MS = 7 * 3600_000;

export type DateProblem = "errors.day_invalid" | "errors.date_out_of_range" | "errors.date_invalid";

function realDay(y: number, m: number, d: number): boolean {
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/**
 * A datetime-local value ("2026-11-25T09:00", seconds optional) read as Jakarta time: the instant, or the reason
 * it is not one (not in that shape, a day the calendar does not have, or a year outside 2000–2100).
 */
export function parseJakartaDateTime(value: string): { ok: true; date: Date } | { ok: false; problem: DateProblem } {
  const m = LOCAL_DATE_TIME.exec(value.trim());
  if (!m) return { ok: false, problem: "errors.date_invalid" };
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  if (y < FORM_YEAR_MIN || y > FORM_YEAR_MAX) return { ok: false, problem: "errors.date_out_of_range" };
  if (!realDay(y, mo, d)) return { ok: false, problem: "errors.day_invalid" };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, problem: "errors.date_invalid" };
  return { ok: true, date: new Date(Date.UTC(y, mo - 1, d, h, mi, s) - JAKARTA_OFFSET_MS) };
}

/** A date input's value ("2026-03-01"): null when it is a real day within 2000–2100, otherwise the reason. */
export function calendarDayProblem(value: string): DateProblem | null {
  const m = DAY.exec(value.trim());
  if (!m) return "errors.date_invalid";
  const [y, mo, d] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  if (y < FORM_YEAR_MIN || y > FORM_YEAR_MAX) return "errors.date_out_of_range";
  return realDay(y, mo, d) ? null : "errors.day_invalid";
}

/**
 * An instant from a query string or cursor (ISO 8601) that a database column can hold, or null: years 1970–9999
 * only, so "+275760-09-13" is refused rather than failing the query.
 */
export function storableInstant(value: string | null | undefined): Date | null {
  if (!value || value.length > 40) return null;
  const date = new Date(value);
  const t = date.getTime();
  if (Number.isNaN(t)) return null;
  const year = date.getUTCFullYear();
  return year >= 1970 && year <= 9999 ? date : null;
}
