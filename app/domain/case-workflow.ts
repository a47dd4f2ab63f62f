import type { AlternativeOutcome, AnswerCode } from "./agency-reply";
import { isAccepted, isCaseModerator, isCaseOfficer } from "./case-policy";
import type { Actor } from "./roles";

// The co-decision workflow of one report, from the design's flow: laporan → musyawarah → pemungutan suara →
// mufakat (or tidak mufakat) → ke instansi → dijawab → aksi bersama → selesai. Each transition names who may
// take it, its guard and its effects; `decide` is pure so every rule is tested without a database.

export const CASE_STATES = [
  "laporan",
  "musyawarah",
  "pemungutan_suara",
  "mufakat",
  "tidak_mufakat",
  "ke_instansi",
  "dijawab",
  "aksi_bersama",
  "selesai",
  /** The reporter said "belum diperbaiki": the agency's SLA runs again until it completes the fix anew. */
  "dibuka_kembali",
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The steps shown to citizens (tidak mufakat is a branch of the mufakat step). */
export const CASE_STEPS: readonly CaseState[] = ["laporan", "musyawarah", "pemungutan_suara", "mufakat", "ke_instansi", "dijawab", "aksi_bersama", "selesai"];

/** The case's answer: the outcome code of the agency's structured reply (agency-reply.ts). */
export type AgencyAnswer = AnswerCode;

export type CaseEvent =
  | "open_deliberation"
  | "open_voting"
  | "close_voting"
  | "send_to_agency"
  | "answer"
  | "respond_alternative"
  | "forward"
  | "start_joint_action"
  | "complete"
  | "reopen"
  | "reopen_fix";

/** What the rules need to know about a case. */
export interface CaseFacts {
  state: CaseState;
  reportRegions: { kelurahanCode: string; kecamatanCode: string; kotaCode: string };
  /** The agency the solution is routed to (fasilitator's override or the routing table). */
  agencyId: string | null;
  activeProposals: number;
  ballotRulesSet: boolean;
  /** The tally's verdict once voting has closed. */
  tallyWinner: string | null;
  answer: AgencyAnswer | null;
  /** The author of the chosen solution: answers a counter-proposal when no forum is attached. */
  proposerId?: string | null;
  /** What the deliberation's answer to a counter-proposal would do (set when that answer is the event). */
  alternativeOutcome?: AlternativeOutcome | null;
  /** The agency refused as "bukan kewenangan" naming one of our agencies: the case can be forwarded there. */
  forwardTo?: string | null;
  /** The report's author: the one whose "belum diperbaiki" reopens a fix. */
  reporterId?: string | null;
  /** The report's category lets a reporter reopen a fix (else their "belum" is a dispute). */
  fixReopenable?: boolean;
}

/** "system" is the worker acting on a deadline. */
export type CaseActor = Actor | "system";

export type Refusal =
  | "errors.case_forbidden"
  | "errors.case_illegal"
  | "errors.case_no_proposals"
  | "errors.case_no_rules"
  | "errors.case_no_agency"
  | "errors.case_not_accepted"
  | "errors.case_not_forwardable";

export type Effect =
  | { kind: "audit" }
  | { kind: "tally" }
  | { kind: "set_due_date" }
  /** The agency owes an answer again (a refused counter-proposal, a reopened fix): a new deadline, not a new send. */
  | { kind: "restart_sla" }
  | { kind: "report_status"; status: "diproses" | "selesai" }
  | { kind: "notify_followers" }
  /** The region's DPRD members hear of it (a refused or unanswered counter-proposal). */
  | { kind: "escalate" };

export type Decision = { ok: true; next: CaseState; effects: Effect[] } | { ok: false; refusal: Refusal };

// Who is who comes from the one policy module; "system" (the worker at a deadline) moderates, never answers.
const isModerator = (a: CaseActor, f: CaseFacts) => a === "system" || isCaseModerator(a, f.reportRegions);
const isAgencyOfficer = (a: CaseActor, f: CaseFacts) => a !== "system" && isCaseOfficer(a, f.agencyId);

interface Rule {
  from: readonly CaseState[];
  who: (a: CaseActor, f: CaseFacts) => boolean;
  guard?: (f: CaseFacts) => Refusal | null;
  to: (f: CaseFacts) => CaseState;
  effects: (f: CaseFacts) => Effect[];
}

const audit: Effect = { kind: "audit" };
const accepted = (f: CaseFacts) => isAccepted(f.answer);

/** The transition table: one place to read who may move a case, when, and what follows. */
export const RULES: Record<CaseEvent, Rule> = {
  open_deliberation: { from: ["laporan"], who: isModerator, to: () => "musyawarah", effects: () => [audit, { kind: "notify_followers" }] },
  open_voting: {
    from: ["musyawarah"],
    who: isModerator,
    guard: (f) => (f.activeProposals === 0 ? "errors.case_no_proposals" : !f.ballotRulesSet ? "errors.case_no_rules" : null),
    to: () => "pemungutan_suara",
    effects: () => [audit, { kind: "notify_followers" }],
  },
  close_voting: {
    from: ["pemungutan_suara"],
    who: isModerator,
    to: (f) => (f.tallyWinner ? "mufakat" : "tidak_mufakat"),
    effects: () => [{ kind: "tally" }, audit, { kind: "notify_followers" }],
  },
  send_to_agency: {
    from: ["mufakat"],
    who: isModerator,
    guard: (f) => (f.agencyId ? null : "errors.case_no_agency"),
    to: () => "ke_instansi",
    effects: () => [audit, { kind: "set_due_date" }],
  },
  answer: {
    from: ["ke_instansi"],
    who: isAgencyOfficer,
    to: () => "dijawab",
    effects: (f) => [audit, ...(accepted(f) ? [{ kind: "report_status", status: "diproses" } as const] : []), { kind: "notify_followers" }],
  },
  respond_alternative: {
    from: ["dijawab"],
    who: (a, f) => isModerator(a, f) || (a !== "system" && !!f.proposerId && a.id === f.proposerId) || (a === "system" && f.alternativeOutcome?.answer === "alternatif_tanpa_tanggapan"),
    guard: (f) => (f.answer !== "alternatif" || !f.alternativeOutcome ? "errors.case_illegal" : null),
    // Refused in the first round: back to the agency, which may amend its counter-proposal once.
    to: (f) => (f.alternativeOutcome?.backToAgency ? "ke_instansi" : "dijawab"),
    effects: (f) => [
      audit,
      ...(f.alternativeOutcome?.answer === "diterima_dengan_perubahan" ? [{ kind: "report_status", status: "diproses" } as const] : []),
      ...(f.alternativeOutcome?.backToAgency ? [{ kind: "restart_sla" } as const] : []),
      ...(f.alternativeOutcome?.escalate ? [{ kind: "escalate" } as const] : []),
      { kind: "notify_followers" },
    ],
  },
  forward: {
    from: ["dijawab"],
    who: isModerator,
    guard: (f) => (f.answer !== "ditolak" || !f.forwardTo ? "errors.case_not_forwardable" : null),
    to: () => "ke_instansi",
    effects: () => [audit, { kind: "set_due_date" }, { kind: "notify_followers" }],
  },
  start_joint_action: {
    from: ["dijawab"],
    who: (a, f) => isModerator(a, f) || isAgencyOfficer(a, f),
    guard: (f) => (accepted(f) ? null : "errors.case_not_accepted"),
    to: () => "aksi_bersama",
    effects: () => [audit, { kind: "notify_followers" }],
  },
  complete: {
    from: ["dijawab", "aksi_bersama", "dibuka_kembali"],
    who: isAgencyOfficer,
    guard: (f) => (accepted(f) ? null : "errors.case_not_accepted"),
    to: () => "selesai",
    effects: () => [audit, { kind: "report_status", status: "selesai" }, { kind: "notify_followers" }],
  },
  reopen_fix: {
    from: ["selesai"],
    who: (a, f) => a !== "system" && !!f.reporterId && a.id === f.reporterId,
    guard: (f) => (f.fixReopenable === false || !accepted(f) ? "errors.case_illegal" : null),
    to: () => "dibuka_kembali",
    effects: () => [audit, { kind: "restart_sla" }, { kind: "report_status", status: "diproses" }, { kind: "notify_followers" }],
  },
  reopen: {
    from: ["tidak_mufakat", "dijawab"],
    who: isModerator,
    guard: (f) => (f.state === "dijawab" && (accepted(f) || f.answer === "alternatif") ? "errors.case_illegal" : null),
    to: () => "musyawarah",
    effects: () => [audit, { kind: "notify_followers" }],
  },
};

/**
 * Whether the tally may be shown now. While voting is open only if the fasilitator chose so (Loomio's choice):
 * a running result can sway the voters who come later. Once voting has closed the tally is public.
 */
export function tallyPublished(state: CaseState, showResultsBeforeClose: boolean): boolean {
  return state !== "pemungutan_suara" || showResultsBeforeClose;
}

/** Citizens propose solutions until voting opens; a proposal added mid-vote would count earlier voters as abstaining. */
export function proposalsOpen(state: CaseState | null): boolean {
  return state === null || state === "laporan" || state === "musyawarah";
}

/** Whether `actor` may take `event` now, and if so where the case goes and what must happen with it. */
export function decide(facts: CaseFacts, event: CaseEvent, actor: CaseActor | null): Decision {
  const rule = RULES[event];
  if (!actor || !rule.who(actor, facts)) return { ok: false, refusal: "errors.case_forbidden" };
  if (!rule.from.includes(facts.state)) return { ok: false, refusal: "errors.case_illegal" };
  const problem = rule.guard?.(facts);
  if (problem) return { ok: false, refusal: problem };
  return { ok: true, next: rule.to(facts), effects: rule.effects(facts) };
}

/** The events an actor could take now (for the buttons a page shows). */
export function availableEvents(facts: CaseFacts, actor: CaseActor | null): CaseEvent[] {
  return (Object.keys(RULES) as CaseEvent[]).filter((e) => decide(facts, e, actor).ok);
}

/** Phase dates must run forward: discussion ends ≤ voting opens < voting closes, all in the future when set. */
export function phaseDatesProblem(d: { discussionEndsAt: Date | null; votingOpensAt: Date; votingClosesAt: Date }, now: Date): string | null {
  if (d.votingClosesAt <= d.votingOpensAt) return "errors.phase_order";
  if (d.discussionEndsAt && d.discussionEndsAt > d.votingOpensAt) return "errors.phase_order";
  if (d.votingClosesAt <= now) return "errors.phase_past";
  return null;
}

/** An answer is due `slaDays` after the case reached the agency; overdue while unanswered. */
export function answerDueAt(sentAt: Date, slaDays: number): Date {
  return new Date(sentAt.getTime() + slaDays * 24 * 3600_000);
}

/** States in which the agency owes an answer by `dueAt`: a case sent to it, or a fix its reporter reopened. */
export const SLA_STATES: readonly CaseState[] = ["ke_instansi", "dibuka_kembali"];

export function isOverdue(state: CaseState, dueAt: Date | null, now: Date): boolean {
  return SLA_STATES.includes(state) && dueAt !== null && now > dueAt;
}
