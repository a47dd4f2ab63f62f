import { isReportStatus, type ReportStatus } from "./report-status";

// The public report list's filters (also the map's): read from the query string and written back into links.

export interface ReportFilters {
  q?: string;
  category?: string;
  status?: ReportStatus;
  kota?: string;
  kecamatan?: string;
  kelurahan?: string;
}

export function parseReportFilters(params: URLSearchParams): ReportFilters {
  const text = (key: string, max = 100) => {
    const v = params.get(key)?.trim();
    return v ? v.slice(0, max) : undefined;
  };
  const status = params.get("status");
  return {
    q: text("q"),
    category: text("kategori", 60),
    status: isReportStatus(status) ? status : undefined,
    kota: text("kota", 12),
    kecamatan: text("kecamatan", 12),
    kelurahan: text("kelurahan", 12),
  };
}

/** The filters as a query string (for pagination, and for switching between the list and the map). */
export function reportFilterQuery(f: ReportFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ q: f.q, kategori: f.category, status: f.status, kota: f.kota, kecamatan: f.kecamatan, kelurahan: f.kelurahan })) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}
