// Results (Decidim's accountability): what an agency committed to, its status and progress (0–100), a parent's
// progress from its children, lateness, and the executed share of a kelurahan, kecamatan or agency. Pure.

/** Statuses in order, each with the progress it suggests when an officer picks it. "dihentikan" keeps the progress. */
export const RESULT_STATUSES = ["direncanakan", "pengadaan", "berjalan", "selesai", "dihentikan"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];
export const DEFAULT_PROGRESS: Record<Exclude<ResultStatus, "dihentikan">, number> = { direncanakan: 0, pengadaan: 10, berjalan: 50, selesai: 100 };

export const isResultStatus = (v: unknown): v is ResultStatus => typeof v === "string" && (RESULT_STATUSES as readonly string[]).includes(v);

/** An integer 0–100, from a form or a CSV cell; anything else (52.5, "-1", "abc", 101) is refused. */
export function parseProgress(v: unknown): number | null {
  const s = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().replace(/%$/, "") : "";
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n <= 100 ? n : null;
}

/**
 * A progress entry's new status and progress: the progress given; else the status's default, but never below the
 * current progress (a note typed without a figure must not set a result back); "dihentikan" keeps it. "selesai" is
 * 100 and 100 is "selesai": the two never disagree.
 */
export function progressEntry(status: ResultStatus, given: number | null, current: number): { status: ResultStatus; progress: number } {
  if (status === "selesai") return { status, progress: 100 };
  const progress = given ?? (status === "dihentikan" ? current : Math.max(DEFAULT_PROGRESS[status], current));
  if (progress === 100 && status !== "dihentikan") return { status: "selesai", progress };
  return { status, progress };
}

/**
 * A parent's progress from its children: their weighted mean when every child has a positive weight, else their
 * plain mean; rounded to an integer. (100 and 0 weighted 0.7 and 0.3 → 70; unweighted → 50.)
 */
export function parentProgress(children: readonly { progress: number; weight: number | null }[]): number {
  if (children.length === 0) return 0;
  const weighted = children.every((c) => c.weight !== null && c.weight > 0);
  const total = weighted ? children.reduce((s, c) => s + c.weight!, 0) : children.length;
  const sum = children.reduce((s, c) => s + c.progress * (weighted ? c.weight! : 1), 0);
  return Math.round(sum / total);
}

/** Late: its period ended and it is not done (a stopped result is not late, it is stopped). */
export function isLate(r: { endsAt: Date | null; progress: number; status: string }, now: Date): boolean {
  return r.endsAt !== null && r.endsAt < now && r.progress < 100 && r.status !== "dihentikan";
}

export interface ExecutionRow {
  key: string;
  results: number;
  done: number;
  late: number;
  /** Mean progress of the results, 0–100 (one decimal). */
  meanProgress: number;
  /** done / results, 0…1. */
  executedShare: number;
  costRupiah: number;
}

/**
 * The executed share per key (a kelurahan, kecamatan or agency): top-level results only (a parent already counts its
 * children), done ones, late ones, their mean progress. Sorted by the most late, then the lowest share.
 */
export function executionBy<T extends { progress: number; status: string; endsAt: Date | null; costRupiah: number | null }>(
  results: readonly T[],
  keyOf: (r: T) => string | null,
  now: Date,
): ExecutionRow[] {
  const rows = new Map<string, ExecutionRow & { progressSum: number }>();
  for (const r of results) {
    const key = keyOf(r);
    if (!key) continue;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, results: 0, done: 0, late: 0, meanProgress: 0, executedShare: 0, costRupiah: 0, progressSum: 0 }));
    row.results += 1;
    row.progressSum += r.progress;
    if (r.progress >= 100) row.done += 1;
    if (isLate(r, now)) row.late += 1;
    row.costRupiah += r.costRupiah ?? 0;
  }
  return [...rows.values()]
    .map(({ progressSum, ...row }) => ({ ...row, meanProgress: Math.round((progressSum / row.results) * 10) / 10, executedShare: row.done / row.results }))
    .sort((a, b) => b.late - a.late || a.executedShare - b.executedShare || a.key.localeCompare(b.key));
}
