// Dates, times and numbers as people in Jakarta read them, whatever the server's own time zone.
export const TIME_ZONE = "Asia/Jakarta";

const tag = (lng: string) => (lng === "en" ? "en-GB" : "id-ID");

// Building an Intl formatter is costly (a page of comments formats dozens of dates): one per language and options.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The one DateTimeFormat for `locale` and `options` (the options are always written the same way at a call site). */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

const DATE_TIME: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" };
const DATE: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, day: "numeric", month: "short", year: "numeric" };

export function formatDateTime(value: Date | string, lng: string): string {
  return dateTimeFormat(tag(lng), DATE_TIME).format(new Date(value)) + " WIB";
}

export function formatDate(value: Date | string, lng: string): string {
  return dateTimeFormat(tag(lng), DATE).format(new Date(value));
}

/** A "YYYY-MM" month as readers of `lng` write it: "Maret 2027" / "March 2027". */
export function formatMonth(month: string, lng: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return dateTimeFormat(tag(lng), { timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** The calendar day in Jakarta, "YYYY-MM-DD" (date inputs, CSV columns, one digest per day). */
export function jakartaDay(value: Date | string): string {
  return dateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatNumber(value: number, lng: string, digits = 0): string {
  return numberFormat(tag(lng), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** A share (0…1) as a percentage the way readers of `lng` write it: "83%" / "71,4%". */
export function formatPercent(share: number, lng: string, digits = 0): string {
  return numberFormat(tag(lng), { style: "percent", maximumFractionDigits: digits }).format(share);
}

export function formatRupiah(value: number, lng: string): string {
  return numberFormat(tag(lng), { style: "currency", currency: "IDR", maximumFractionDigits: 0 }).format(value);
}

/**
 * The wait of a refused attempt (`fields.retryAfter`, in seconds) in whole minutes, at least one: the {{minutes}}
 * of errors.rate_limited ("Coba lagi dalam 15 menit."). Undefined when the error names no wait.
 */
export function retryMinutes(fields: Record<string, string> | undefined | null): number | undefined {
  const seconds = Number(fields?.retryAfter);
  return fields?.retryAfter && Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds / 60)) : undefined;
}
