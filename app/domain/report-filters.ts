import { CASE_STATES, type CaseState } from "./case-workflow";
import { isReportStatus, type ReportStatus } from "./report-status";

// The public report list's filters (also the map's): read from the query string and written back into links.

export interface ReportFilters {
  q?: string;
  category?: string;
  status?: ReportStatus;
  kota?: string;
  kecamatan?: string;
  kelurahan?: string;
  /** The deliberation's phase: "aktif" (citizens can discuss or vote now) or one workflow state. */
  phase?: PhaseFilter;
}

/**
 * "aktif" gathers the phases in which citizens can take part now (the discussion and the vote); "berjalan" every
 * deliberation not yet finished (what the dashboard counts as "musyawarah berjalan").
 */
export const PHASE_FILTERS = ["aktif", "berjalan", ...CASE_STATES.filter((s) => s !== "laporan")] as const;
export type PhaseFilter = (typeof PHASE_FILTERS)[number];
export const ACTIVE_PHASES: readonly CaseState[] = ["musyawarah", "pemungutan_suara"];
export const ONGOING_PHASES: readonly CaseState[] = ["musyawarah", "pemungutan_suara", "mufakat", "ke_instansi", "dijawab", "aksi_bersama", "dibuka_kembali"];

/** The workflow states a phase filter stands for. */
export function phaseStates(phase: PhaseFilter): CaseState[] {
  return phase === "aktif" ? [...ACTIVE_PHASES] : phase === "berjalan" ? [...ONGOING_PHASES] : [phase];
}

export function parseReportFilters(params: URLSearchParams): ReportFilters {
  const text = (key: string, max = 100) => {
    const v = params.get(key)?.trim();
    return v ? v.slice(0, max) : undefined;
  };
  const status = params.get("status");
  const phase = params.get("fase");
  return {
    q: text("q"),
    category: text("kategori", 60),
    status: isReportStatus(status) ? status : undefined,
    kota: text("kota", 12),
    kecamatan: text("kecamatan", 12),
    kelurahan: text("kelurahan", 12),
    phase: (PHASE_FILTERS as readonly string[]).includes(phase ?? "") ? (phase as PhaseFilter) : undefined,
  };
}

/** The filters as a query string (for pagination, and for switching between the list and the map). */
export function reportFilterQuery(f: ReportFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ q: f.q, kategori: f.category, status: f.status, kota: f.kota, kecamatan: f.kecamatan, kelurahan: f.kelurahan, fase: f.phase })) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}
