// Dates, times and numbers as people in Jakarta read them, whatever the server's own time zone.
export const TIME_ZONE = "Asia/Jakarta";

const tag = (lng: string) => (lng === "en" ? "en-GB" : "id-ID");

export function formatDateTime(value: Date | string, lng: string): string {
  return new Intl.DateTimeFormat(tag(lng), {
    timeZone: TIME_ZONE,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(value)) + " WIB";
}

export function formatDate(value: Date | string, lng: string): string {
  return new Intl.DateTimeFormat(tag(lng), { timeZone: TIME_ZONE, day: "numeric", month: "short", year: "numeric" }).format(
    new Date(value),
  );
}

/** The calendar day in Jakarta, "YYYY-MM-DD" (date inputs, CSV columns, one digest per day). */
export function jakartaDay(value: Date | string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatNumber(value: number, lng: string, digits = 0): string {
  return new Intl.NumberFormat(tag(lng), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** A share (0…1) as a percentage the way readers of `lng` write it: "83%" / "71,4%". */
export function formatPercent(share: number, lng: string, digits = 0): string {
  return new Intl.NumberFormat(tag(lng), { style: "percent", maximumFractionDigits: digits }).format(share);
}

export function formatRupiah(value: number, lng: string): string {
  return new Intl.NumberFormat(tag(lng), { style: "currency", currency: "IDR", maximumFractionDigits: 0 }).format(value);
}

/**
 * The wait of a refused attempt (`fields.retryAfter`, in seconds) in whole minutes, at least one: the {{minutes}}
 * of errors.rate_limited ("Coba lagi dalam 15 menit."). Undefined when the error names no wait.
 */
export function retryMinutes(fields: Record<string, string> | undefined | null): number | undefined {
  const seconds = Number(fields?.retryAfter);
  return fields?.retryAfter && Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds / 60)) : undefined;
}
