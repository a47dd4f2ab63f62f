import { isAcceptedAnswer } from "./agency-reply";
import type { CaseState } from "./case-workflow";
import type { Actor } from "./roles";

// Who may do what on a co-decision case, and which states allow it: one module that the workflow rules, the
// services, the DPRD desk and the page all ask, so a rule is written once (the way Epic Stack keeps
// permissions.server.ts). Pure functions over plain data.

/** A report's regions, narrowest first. */
export interface ReportRegions {
  kelurahanCode: string;
  kecamatanCode: string;
  kotaCode: string;
}

export const regionCodesOf = (r: ReportRegions): string[] => [r.kelurahanCode, r.kecamatanCode, r.kotaCode];

/** A person bound to regions (a fasilitator's forums, a DPRD member's constituency) covers a report in any of them. */
export function coversReport(regionCodes: readonly string[], report: ReportRegions): boolean {
  return regionCodesOf(report).some((c) => regionCodes.includes(c));
}

/** An admin anywhere; a fasilitator in the kelurahan, kecamatan or kota they are bound to. */
export function isCaseModerator(actor: Actor | null, report: ReportRegions): boolean {
  if (!actor) return false;
  return actor.role === "admin" || (actor.role === "fasilitator" && coversReport(actor.regionCodes, report));
}

/** An admin, or an officer of the agency the case was routed to. */
export function isCaseOfficer(actor: Actor | null, agencyId: string | null): boolean {
  if (!actor) return false;
  return actor.role === "admin" || (actor.role === "petugas" && actor.agencyId !== null && actor.agencyId === agencyId);
}

/**
 * The agency a case's solution goes to: the one it was sent to, else the fasilitator's choice, else the routing
 * table's (`byTable`, looked up only when the first two are missing).
 */
export function receivingAgencyId(c: { agencyId: string | null; agencyOverrideId: string | null } | null, byTable: string | null): string | null {
  return c?.agencyId ?? c?.agencyOverrideId ?? byTable;
}

/** Whether the routing table must be asked for the receiving agency (nothing sent yet, no fasilitator's choice). */
export const needsRoutingTable = (c: { agencyId: string | null; agencyOverrideId: string | null } | null): boolean => !c?.agencyId && !c?.agencyOverrideId;

// ---- state sets ----

/** The fasilitator may still set the rules and dates (until voting has closed). */
export const CONFIGURABLE_STATES: readonly CaseState[] = ["laporan", "musyawarah", "pemungutan_suara", "tidak_mufakat"];
/** The agency has accepted: progress notes, joint-action tasks and sign-ups. */
export const JOINT_ACTION_STATES: readonly CaseState[] = ["dijawab", "aksi_bersama", "dibuka_kembali"];
/** Cases on an agency's desk: waiting for its answer, or following it. */
export const AGENCY_DESK_STATES: readonly CaseState[] = ["ke_instansi", "dijawab", "aksi_bersama", "dibuka_kembali"];

/** Accepted in whole, in part, or on terms of a counter-proposal the deliberation agreed to. */
export const isAccepted = isAcceptedAnswer;

/** What this actor may do on the case now: the page shows exactly these forms, the services refuse the rest. */
export interface CaseCapabilities {
  /** The joint action is on (the agency accepted): its section is shown to everyone. */
  jointAction: boolean;
  configure: boolean;
  postProgress: boolean;
  addTask: boolean;
  joinTasks: boolean;
}

export function caseCapabilities(actor: Actor | null, c: { state: CaseState; agencyId: string | null; answer: string | null; report: ReportRegions }): CaseCapabilities {
  const moderator = isCaseModerator(actor, c.report);
  const officer = isCaseOfficer(actor, c.agencyId);
  const jointAction = JOINT_ACTION_STATES.includes(c.state) && isAccepted(c.answer);
  return {
    jointAction,
    configure: moderator && CONFIGURABLE_STATES.includes(c.state),
    postProgress: officer && jointAction,
    addTask: (moderator || officer) && jointAction,
    joinTasks: !!actor && JOINT_ACTION_STATES.includes(c.state),
  };
}

// ---- merged proposals ----

/**
 * Where a proposal's votes go after merges: follow `mergedIntoId` to the surviving proposal (a chain of merges,
 * bounded so a corrupt cycle cannot loop).
 */
export function mergeTarget(id: string, mergedInto: ReadonlyMap<string, string>): string {
  let current = id;
  for (let i = 0; i < 20 && mergedInto.has(current); i++) current = mergedInto.get(current)!;
  return current;
}

/**
 * An approval ballot's stances moved to the proposals they were merged into, keeping only `counted` ones: when two
 * merged proposals land on one, "support" on either wins (the voter supported something now inside it).
 */
export function followMerges(choices: Readonly<Record<string, string>>, mergedInto: ReadonlyMap<string, string>, counted: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, stance] of Object.entries(choices)) {
    const target = mergeTarget(id, mergedInto);
    if (counted.has(target) && (out[target] === undefined || stance === "support")) out[target] = stance;
  }
  return out;
}
