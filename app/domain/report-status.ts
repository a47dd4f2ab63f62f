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
