import { coversReport } from "./case-policy";
import { jakartaDay } from "~/i18n/format";
import { CASE_STATES, type CaseState } from "./case-workflow";

// The DPRD desk's rules: which dossiers a member sees, how the list is filtered and ordered, and what a note
// or a hearing mark may hold. Pure, so the ordering a legislator relies on is tested without a database.

export const DOSSIER_SORTS = ["urgensi", "partisipasi", "terbaru"] as const;
export type DossierSort = (typeof DOSSIER_SORTS)[number];

export const NOTE_VISIBILITIES = ["private", "public"] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];
export const NOTE_MAX = 2000;
export const FORUM_MAX = 120;

/** The desk CSV's columns in order (headings in dprd.csv.columns): words for people, then the codes for machines. */
export const DOSSIER_CSV_COLUMNS = [
  "number", "title", "phase", "region", "category", "reported", "voters", "comments", "proposals", "participation",
  "agency", "answerDue", "overdue", "answer", "daysToAnswer", "chosenProposal", "outcome", "hearing", "link",
  "phaseCode", "kelurahanCode", "categoryCode", "answerCode", "outcomeCode",
] as const;

/** Dossiers per page on the desk, and the most a list export may hold. */
export const DOSSIER_PAGE_SIZE = 20;
export const DOSSIER_EXPORT_MAX = 500;

export interface DossierFilters {
  kota?: string;
  kecamatan?: string;
  kelurahan?: string;
  category?: string;
  phase?: CaseState;
  agency?: string;
  overdue?: boolean;
  /** Inclusive days in Jakarta time, "YYYY-MM-DD". */
  from?: string;
  to?: string;
  /**
   * "dari" after "sampai" as typed: the desk says so and filters by neither (an empty list would look like an
   * answer); the form shows the two days again to be corrected.
   */
  reversedRange?: { from: string; to: string };
  sort: DossierSort;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a Jakarta day (UTC+7 all year) as an instant, or null when the text is not a real date. */
export function jakartaDayStart(day: string): Date | null {
  if (!DAY.test(day)) return null;
  const d = new Date(`${day}T00:00:00+07:00`);
  if (Number.isNaN(d.getTime())) return null;
  // Reject 2026-02-31 and the like, which Date rolls over into March.
  return jakartaDay(d) === day ? d : null;
}

/** Reads the desk's query string; unknown values are dropped rather than failing the page. */
export function parseDossierFilters(params: URLSearchParams): DossierFilters {
  const text = (key: string, max: number) => {
    const v = params.get(key)?.trim();
    return v ? v.slice(0, max) : undefined;
  };
  const phase = params.get("fase");
  const sort = params.get("urut");
  const day = (key: string) => {
    const v = params.get(key)?.trim() ?? "";
    return jakartaDayStart(v) ? v : undefined;
  };
  const from = day("dari");
  const to = day("sampai");
  const reversedRange = from && to && from > to ? { from, to } : undefined;
  return {
    kota: text("kota", 12),
    kecamatan: text("kecamatan", 12),
    kelurahan: text("kelurahan", 12),
    category: text("kategori", 60),
    phase: (CASE_STATES as readonly string[]).includes(phase ?? "") ? (phase as CaseState) : undefined,
    agency: text("instansi", 40),
    overdue: params.get("terlambat") === "1" || undefined,
    ...(reversedRange ? { reversedRange } : { from, to }),
    sort: (DOSSIER_SORTS as readonly string[]).includes(sort ?? "") ? (sort as DossierSort) : "urgensi",
  };
}

/** The same filters as a query string (for pagination links, exports and the CSV link). */
export function dossierQuery(f: DossierFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  const pairs: [string, string | undefined][] = [
    ["kota", f.kota], ["kecamatan", f.kecamatan], ["kelurahan", f.kelurahan], ["kategori", f.category],
    ["fase", f.phase], ["instansi", f.agency], ["terlambat", f.overdue ? "1" : undefined],
    ["dari", f.from], ["sampai", f.to], ["urut", f.sort === "urgensi" ? undefined : f.sort],
  ];
  for (const [k, v] of pairs) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/**
 * The DPRD notes a PDF "untuk rapat" prints: public statements only. A member's private notes are for the desk;
 * a PDF is handed round a meeting.
 */
export function notesForMeeting<T extends { visibility: string }>(notes: readonly T[]): T[] {
  return notes.filter((n) => n.visibility === "public");
}

/** A member sees the dossiers of the regions they represent (a kota, kecamatan or kelurahan code each). */
export const inDprdScope = coversReport;

export interface DossierFacts {
  state: CaseState;
  overdue: boolean;
  dueAt: Date | null;
  votingClosesAt: Date | null;
  voters: number;
  comments: number;
  proposals: number;
  createdAt: Date;
}

/** People's input on a dossier: ballots, comments and proposals together. */
export const participation = (d: Pick<DossierFacts, "voters" | "comments" | "proposals">) => d.voters + d.comments + d.proposals;

/**
 * How soon a legislator should look: overdue agency answers first (longest overdue first), then answers still
 * due, then decided cases not yet sent, then open votes closing soonest, then discussions, then the rest.
 */
export function urgencyTier(d: Pick<DossierFacts, "state" | "overdue">): number {
  if (d.overdue) return 0;
  switch (d.state) {
    case "ke_instansi": case "dibuka_kembali": return 1;
    case "mufakat": case "tidak_mufakat": return 2;
    case "pemungutan_suara": return 3;
    case "musyawarah": return 4;
    case "dijawab": case "aksi_bersama": return 5;
    default: return 6;
  }
}

const deadlineOf = (d: DossierFacts) =>
  (d.state === "pemungutan_suara" ? d.votingClosesAt : d.dueAt)?.getTime() ?? Number.POSITIVE_INFINITY;

export function compareDossiers(sort: DossierSort) {
  return (a: DossierFacts, b: DossierFacts): number => {
    if (sort === "partisipasi") return participation(b) - participation(a) || b.createdAt.getTime() - a.createdAt.getTime();
    if (sort === "terbaru") return b.createdAt.getTime() - a.createdAt.getTime();
    return urgencyTier(a) - urgencyTier(b) || deadlineOf(a) - deadlineOf(b) || participation(b) - participation(a);
  };
}

interface TreeKota { code: string; kecamatan: { code: string; kelurahan: { code: string }[] }[] }

/** The region tree cut down to a member's regions (a whole kota, a kecamatan, or single kelurahan). */
export function treeWithin<T extends TreeKota>(tree: readonly T[], codes: readonly string[]): T[] {
  const out: T[] = [];
  for (const kota of tree) {
    if (codes.includes(kota.code)) {
      out.push(kota);
      continue;
    }
    const kecamatan = kota.kecamatan
      .map((kec) => (codes.includes(kec.code) ? kec : { ...kec, kelurahan: kec.kelurahan.filter((kel) => codes.includes(kel.code)) }))
      .filter((kec) => kec.kelurahan.length > 0);
    if (kecamatan.length) out.push({ ...kota, kecamatan });
  }
  return out;
}
