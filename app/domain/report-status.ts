// The status colours citizens already know from Jakarta's reporting app.
export const REPORT_STATUSES = ["menunggu", "diproses", "selesai"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const STATUS_COLOUR: Record<ReportStatus, "merah" | "kuning" | "hijau"> = {
  menunggu: "merah",
  diproses: "kuning",
  selesai: "hijau",
};

export function isReportStatus(value: unknown): value is ReportStatus {
  return typeof value === "string" && (REPORT_STATUSES as readonly string[]).includes(value);
}

/** Allowed manual status moves (the co-decision workflow will drive these later). */
const NEXT: Record<ReportStatus, readonly ReportStatus[]> = {
  menunggu: ["diproses", "selesai"],
  diproses: ["menunggu", "selesai"],
  selesai: ["diproses"],
};

/** A status change may carry a public note for citizens, this long at most. */
export const STATUS_NOTE_MAX = 500;

export function canMoveStatus(from: ReportStatus, to: ReportStatus): boolean {
  return NEXT[from].includes(to);
}

/** The same colours as hex, for map markers (kept in step with --merah, --kuning and --hijau in app.css). */
export const STATUS_HEX: Record<ReportStatus, string> = { menunggu: "#b42318", diproses: "#f2c12e", selesai: "#17753a" };

/** Worst first: a waiting report outweighs one in process, which outweighs a finished one. */
const SEVERITY: readonly ReportStatus[] = ["menunggu", "diproses", "selesai"];

export type StatusCounts = Record<ReportStatus, number>;

/** How many of each status among a group of reports (a map cluster); unknown statuses are left out. */
export function countStatuses(statuses: Iterable<unknown>): StatusCounts {
  const counts: StatusCounts = { menunggu: 0, diproses: 0, selesai: 0 };
  for (const s of statuses) if (isReportStatus(s)) counts[s] += 1;
  return counts;
}

/**
 * The status a group of reports shows as one dot (a map cluster): its worst (merah > kuning > hijau), so a
 * cluster of forty finished reports and one left waiting reads red, as the waiting one needs attention.
 */
export function worstStatus(counts: StatusCounts): ReportStatus | null {
  return SEVERITY.find((s) => counts[s] > 0) ?? null;
}

/**
 * The ring around a cluster: each status's share of the circle, worst first, as CSS conic-gradient stops
 * ("#b42318 0% 40%, #f2c12e 40% 70%, #17753a 70% 100%"). Empty when the group has no known status.
 */
export function statusRingStops(counts: StatusCounts): string {
  const total = SEVERITY.reduce((sum, s) => sum + counts[s], 0);
  if (total === 0) return "";
  let from = 0;
  const stops: string[] = [];
  for (const s of SEVERITY) {
    if (counts[s] === 0) continue;
    const to = from + (counts[s] / total) * 100;
    stops.push(`${STATUS_HEX[s]} ${+from.toFixed(2)}% ${+to.toFixed(2)}%`);
    from = to;
  }
  return stops.join(", ");
}
