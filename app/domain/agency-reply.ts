import { monthKey } from "./dashboard";

// The agency's structured reply to a case's solution (replaces the free answer): what each kind must say, the code
// the case keeps as its answer, and the counter-proposal's window and rounds. Pure, so every rule is tested alone.
//
// - terima: cost in rupiah, execution period (month/year), responsible unit → a Result.
// - tolak: a reason (≥ 30 characters) and its basis: a regulation, or "bukan kewenangan" naming the responsible body.
// - sebagian: item by item, each accepted or refused by the rules above (at least one of each).
// - alternatif: the agency's counter-proposal (text, cost, period), answered by the deliberation within 14 days.

export const REPLY_KINDS = ["terima", "tolak", "sebagian", "alternatif"] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];
export const REFUSAL_BASES = ["regulasi", "bukan_kewenangan"] as const;
export type RefusalBasis = (typeof REFUSAL_BASES)[number];
export const ALTERNATIVE_RESPONSES = ["setuju", "tolak"] as const;
export type AlternativeResponse = (typeof ALTERNATIVE_RESPONSES)[number];

/** How long the deliberation has to answer a counter-proposal. */
export const ALTERNATIVE_WINDOW_DAYS = 14;
/** The agency may amend a refused counter-proposal once; a second refusal ends in escalation. */
export const MAX_ALTERNATIVE_ROUNDS = 2;
/** Rows of the item-by-item form (empty rows are ignored). */
export const MAX_REPLY_ITEMS = 10;
export const MIN_REASON = 30;

export interface AcceptedTerms {
  costRupiah: number;
  /** YYYY-MM, the last month of the execution period. */
  periodMonth: string;
  unit: string;
}
export interface Refusal {
  reason: string;
  basis: RefusalBasis;
  regulation: string | null;
  responsibleBody: string | null;
  /** An agency of ours that is responsible (the case can be forwarded there). */
  responsibleAgencyId: string | null;
}
export type ReplyItem = { title: string; accepted: true; terms: AcceptedTerms } | { title: string; accepted: false; refusal: Refusal };

export type Reply =
  | { kind: "terima"; note: string; items: [ReplyItem & { accepted: true }] }
  | { kind: "tolak"; note: string; items: [ReplyItem & { accepted: false }] }
  | { kind: "sebagian"; note: string; items: ReplyItem[] }
  | { kind: "alternatif"; note: string; alternative: { text: string; terms: Omit<AcceptedTerms, "unit"> & { unit: string } } };

/** The case's answer code: what dashboards, the DPRD desk, Open311 and the host read. */
export const ANSWER_CODES = ["diterima", "diterima_sebagian", "diterima_dengan_perubahan", "ditolak", "alternatif", "alternatif_ditolak", "alternatif_tanpa_tanggapan"] as const;
export type AnswerCode = (typeof ANSWER_CODES)[number];

/** Accepted in whole, in part, or on the agency's alternative terms the deliberation agreed to. */
export const isAcceptedAnswer = (code: string | null): boolean => code === "diterima" || code === "diterima_sebagian" || code === "diterima_dengan_perubahan";

export function answerCodeOf(kind: ReplyKind): AnswerCode {
  return kind === "terima" ? "diterima" : kind === "sebagian" ? "diterima_sebagian" : kind === "tolak" ? "ditolak" : "alternatif";
}

type Fields = Record<string, string>;
type Input = Record<string, unknown>;

const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/**
 * Rupiah as people type it: "12500000", "12.500.000", "Rp 12.500.000", "12 500 000". No decimals (a rupiah has
 * none in practice), nothing negative, at most ten trillion.
 */
export function parseRupiah(v: unknown): number | null {
  const raw = text(v).replace(/^rp\.?\s*/i, "").replace(/[.\s]/g, "").replace(/,-?$|,00$/, "");
  if (!/^\d{1,15}$/.test(raw)) return null;
  const n = Number(raw);
  // Ten trillion rupiah: more than any one work, and sums of many stay exact as JavaScript numbers.
  return n >= 1 && n <= 10_000_000_000_000 ? n : null;
}

/** A month as YYYY-MM ("2027-03" from a month input, or "03/2027" typed), not before this Jakarta month. */
export function parsePeriodMonth(v: unknown, now: Date): { ok: true; month: string } | { ok: false; problem: string } {
  const s = text(v);
  const iso = /^(\d{4})-(\d{2})$/.exec(s);
  const typed = /^(\d{1,2})\/(\d{4})$/.exec(s);
  const [year, mon] = iso ? [iso[1]!, iso[2]!] : typed ? [typed[2]!, typed[1]!.padStart(2, "0")] : [null, null];
  if (!year || !mon) return { ok: false, problem: s ? "errors.period_invalid" : "errors.period_required" };
  const month = `${year}-${mon}`;
  const mm = Number(mon);
  if (mm < 1 || mm > 12) return { ok: false, problem: "errors.period_invalid" };
  if (month < monthKey(now)) return { ok: false, problem: "errors.period_past" };
  // Ten years at most: a period far away would never be late.
  if (month > monthKey(new Date(now.getTime() + 10 * 366 * 86_400_000))) return { ok: false, problem: "errors.period_too_far" };
  return { ok: true, month };
}

/** The last instant of a YYYY-MM month in Jakarta (UTC+7): a result of that period is late after it. */
export function endOfMonthJakarta(month: string): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  // The first instant of the next month in Jakarta is 17:00 UTC of the day before it; one millisecond earlier.
  return new Date(Date.UTC(y, m, 1) - 7 * 3600_000 - 1);
}

function acceptedTerms(input: Input, prefix: string, fields: Fields, now: Date, needUnit = true): AcceptedTerms | null {
  const cost = parseRupiah(input[`${prefix}cost`]);
  if (cost === null) fields[`${prefix}cost`] = text(input[`${prefix}cost`]) ? "errors.cost_invalid" : "errors.cost_required";
  const period = parsePeriodMonth(input[`${prefix}period`], now);
  if (!period.ok) fields[`${prefix}period`] = period.problem;
  const unit = text(input[`${prefix}unit`]);
  if (needUnit && (unit.length < 3 || unit.length > 200)) fields[`${prefix}unit`] = "errors.unit_required";
  if (cost === null || !period.ok || (needUnit && (unit.length < 3 || unit.length > 200))) return null;
  return { costRupiah: cost, periodMonth: period.month, unit };
}

function refusal(input: Input, prefix: string, fields: Fields): Refusal | null {
  const reason = text(input[`${prefix}reason`]);
  const basis = text(input[`${prefix}basis`]);
  const regulation = text(input[`${prefix}regulation`]);
  const responsibleBody = text(input[`${prefix}responsibleBody`]);
  const responsibleAgencyId = text(input[`${prefix}responsibleAgencyId`]) || null;
  let ok = true;
  if (reason.length < MIN_REASON || reason.length > 4000) {
    fields[`${prefix}reason`] = "errors.reason_too_short";
    ok = false;
  }
  if (basis === "regulasi") {
    if (regulation.length < 5 || regulation.length > 300) {
      fields[`${prefix}regulation`] = "errors.regulation_required";
      ok = false;
    }
  } else if (basis === "bukan_kewenangan") {
    if ((responsibleBody.length < 3 && !responsibleAgencyId) || responsibleBody.length > 200) {
      fields[`${prefix}responsibleBody`] = "errors.responsible_body_required";
      ok = false;
    }
  } else {
    fields[`${prefix}basis`] = "errors.basis_required";
    ok = false;
  }
  if (!ok) return null;
  return {
    reason,
    basis: basis as RefusalBasis,
    regulation: basis === "regulasi" ? regulation : null,
    responsibleBody: basis === "bukan_kewenangan" ? responsibleBody || null : null,
    responsibleAgencyId: basis === "bukan_kewenangan" ? responsibleAgencyId : null,
  };
}

/**
 * The reply from a form's fields (or the API's), or the field problems as i18n keys. Field names: `kind`, `note`;
 * terima: `cost`, `period`, `unit`; tolak: `reason`, `basis`, `regulation` | `responsibleBody`/`responsibleAgencyId`;
 * sebagian: `item-<i>-title`, `item-<i>-decision` (terima | tolak) and the fields above prefixed `item-<i>-`;
 * alternatif: `alternativeText`, `alt-cost`, `alt-period`, `alt-unit` (optional; one form holds every kind's fields). `solutionTitle` names the one item of a
 * whole acceptance or refusal.
 */
export function parseReply(input: Input, now: Date, solutionTitle = ""): { ok: true; reply: Reply } | { ok: false; fields: Fields } {
  const fields: Fields = {};
  const kind = text(input.kind);
  const note = text(input.note);
  if (note.length > 4000) fields.note = "errors.summary_too_long";
  const title = solutionTitle.slice(0, 200) || "—";
  if (kind === "terima") {
    const terms = acceptedTerms(input, "", fields, now);
    if (terms && !fields.note) return { ok: true, reply: { kind, note, items: [{ title, accepted: true, terms }] } };
  } else if (kind === "tolak") {
    const r = refusal(input, "", fields);
    if (r && !fields.note) return { ok: true, reply: { kind, note, items: [{ title, accepted: false, refusal: r }] } };
  } else if (kind === "sebagian") {
    const items: ReplyItem[] = [];
    for (let i = 0; i < MAX_REPLY_ITEMS; i++) {
      const prefix = `item-${i}-`;
      const itemTitle = text(input[`${prefix}title`]);
      const decision = text(input[`${prefix}decision`]);
      if (!itemTitle && !decision) continue;
      if (itemTitle.length < 3 || itemTitle.length > 200) fields[`${prefix}title`] = "errors.item_title";
      if (decision === "terima") {
        const terms = acceptedTerms(input, prefix, fields, now);
        if (terms && !fields[`${prefix}title`]) items.push({ title: itemTitle, accepted: true, terms });
      } else if (decision === "tolak") {
        const r = refusal(input, prefix, fields);
        if (r && !fields[`${prefix}title`]) items.push({ title: itemTitle, accepted: false, refusal: r });
      } else fields[`${prefix}decision`] = "errors.item_decision";
    }
    if (Object.keys(fields).length === 0) {
      if (!items.some((i) => i.accepted) || !items.some((i) => !i.accepted)) fields.items = "errors.partial_needs_both";
      else return { ok: true, reply: { kind, note, items } };
    }
  } else if (kind === "alternatif") {
    const alternativeText = text(input.alternativeText);
    if (alternativeText.length < MIN_REASON || alternativeText.length > 4000) fields.alternativeText = "errors.alternative_text";
    const terms = acceptedTerms(input, "alt-", fields, now, false);
    const unit = text(input["alt-unit"]).slice(0, 200);
    if (terms && !fields.alternativeText && !fields.note) return { ok: true, reply: { kind, note, alternative: { text: alternativeText, terms: { ...terms, unit } } } };
  } else {
    fields.kind = "errors.answer_required";
  }
  return { ok: false, fields };
}

// ---- the counter-proposal's rounds ----

/** What the deliberation's answer to a counter-proposal does to the case. */
export type AlternativeOutcome =
  /** Accepted on the alternative's terms: a result is created from it. */
  | { answer: "diterima_dengan_perubahan"; backToAgency: false; escalate: false }
  /** Refused in the first round: the DPRD sees both texts, and the agency may amend once (the case waits for it). */
  | { answer: "alternatif_ditolak"; backToAgency: true; escalate: true }
  /** Refused again (or never answered): final, escalated, never counted as accepted. */
  | { answer: "alternatif_ditolak" | "alternatif_tanpa_tanggapan"; backToAgency: false; escalate: true };

/** `round`: 1 for a first counter-proposal, 2 for the agency's one amendment after the deliberation refused it. */
export function alternativeOutcome(response: AlternativeResponse | "tanpa_tanggapan", round: number): AlternativeOutcome {
  if (response === "setuju") return { answer: "diterima_dengan_perubahan", backToAgency: false, escalate: false };
  if (response === "tolak" && round < MAX_ALTERNATIVE_ROUNDS) return { answer: "alternatif_ditolak", backToAgency: true, escalate: true };
  return { answer: response === "tolak" ? "alternatif_ditolak" : "alternatif_tanpa_tanggapan", backToAgency: false, escalate: true };
}

export function alternativeDeadline(offeredAt: Date): Date {
  return new Date(offeredAt.getTime() + ALTERNATIVE_WINDOW_DAYS * 86_400_000);
}

/** Who answers for the deliberation: its fasilitator (after a vote of the participants) or the solution's proposer. */
export function mayAnswerAlternative(actor: { id: string; moderator: boolean }, proposerId: string | null): boolean {
  return actor.moderator || (proposerId !== null && actor.id === proposerId);
}
