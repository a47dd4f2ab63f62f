import { z } from "zod";
import { MatrixBuilder, groupInformedConsensus, type ConsensusOptions, type ConsensusResult, type Repness, type Stance as MatrixStance } from "./consensus";
import { schulze } from "./schulze";

// Ballots and their tally: explainable rules a fasilitator picks per deliberation.
// (a) "approval": support / oppose / pass on each proposal; (b) "ranked": an order over the proposals,
// tallied with the Schulze method. Both share quorum (minimum voters) and minimum support.

export const BALLOT_TYPES = ["approval", "ranked"] as const;
export type BallotType = (typeof BALLOT_TYPES)[number];
export const STANCES = ["support", "oppose", "pass"] as const;
export type Stance = (typeof STANCES)[number];
export const ELIGIBILITY = ["semua", "kelurahan", "kecamatan", "kota"] as const;
export type Eligibility = (typeof ELIGIBILITY)[number];

export type ApprovalChoices = Record<string, Stance>;
export type RankedChoices = string[];
export type BallotChoices = ApprovalChoices | RankedChoices;

export interface BallotRules {
  type: BallotType;
  /** Minimum number of voters for any result to count. */
  quorum: number;
  /** Minimum share (0–100 %) of voters supporting the winner: "support" on approval ballots, ranking it at all on ranked ones. */
  minSupportPercent: number;
  eligibility: Eligibility;
}

export const BallotRulesSchema = z.object({
  type: z.enum(BALLOT_TYPES, { errorMap: () => ({ message: "errors.ballot_type" }) }),
  quorum: z.coerce.number({ invalid_type_error: "errors.quorum" }).int("errors.quorum").min(1, "errors.quorum").max(1_000_000, "errors.quorum"),
  minSupportPercent: z.coerce.number({ invalid_type_error: "errors.min_support" }).int("errors.min_support").min(0, "errors.min_support").max(100, "errors.min_support"),
  eligibility: z.enum(ELIGIBILITY, { errorMap: () => ({ message: "errors.eligibility" }) }),
});

/** Who may vote: everyone registered, or residents of the report's kelurahan / kecamatan / kota. */
export function isEligible(
  rule: Eligibility,
  voter: { kelurahanCode: string; kecamatanCode: string; kotaCode: string } | null,
  report: { kelurahanCode: string; kecamatanCode: string; kotaCode: string },
): boolean {
  if (rule === "semua") return true;
  if (!voter) return false;
  if (rule === "kelurahan") return voter.kelurahanCode === report.kelurahanCode;
  if (rule === "kecamatan") return voter.kecamatanCode === report.kecamatanCode;
  return voter.kotaCode === report.kotaCode;
}

export type BallotProblem = "errors.ballot_empty" | "errors.ballot_unknown_proposal" | "errors.ballot_duplicate" | "errors.ballot_stance";

/** Checks a ballot against the proposals on it; returns the normalised choices or the problem. */
export function validateBallot(type: BallotType, raw: unknown, proposalIds: readonly string[]): { ok: true; choices: BallotChoices } | { ok: false; problem: BallotProblem } {
  const known = new Set(proposalIds);
  if (type === "ranked") {
    if (!Array.isArray(raw) || raw.length === 0) return { ok: false, problem: "errors.ballot_empty" };
    if (raw.some((id) => typeof id !== "string" || !known.has(id))) return { ok: false, problem: "errors.ballot_unknown_proposal" };
    if (new Set(raw).size !== raw.length) return { ok: false, problem: "errors.ballot_duplicate" };
    return { ok: true, choices: raw as string[] };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, problem: "errors.ballot_empty" };
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.some(([id]) => !known.has(id))) return { ok: false, problem: "errors.ballot_unknown_proposal" };
  if (entries.some(([, s]) => !(STANCES as readonly string[]).includes(String(s)))) return { ok: false, problem: "errors.ballot_stance" };
  if (!entries.some(([, s]) => s === "support" || s === "oppose")) return { ok: false, problem: "errors.ballot_empty" };
  return { ok: true, choices: Object.fromEntries(entries) as ApprovalChoices };
}

export interface ProposalTally {
  id: string;
  support: number;
  oppose: number;
  pass: number;
  /** Share of all voters who support it (approval) or ranked it (ranked), in percent, one decimal. */
  supportPercent: number;
  /** Position in the Schulze ranking (ranked ballots), 1 = best. */
  rank?: number;
  /** Approval ballots: group-informed consensus score (product of per-group agreement). */
  consensus?: number;
  /** Approval ballots: support within each opinion group. */
  groups?: { group: number; agree: number; votes: number; probability: number }[];
}

export type TallyReason =
  | "mufakat"
  | "no_quorum"
  | "no_proposals"
  | "below_min_support"
  | "tie";

export interface Tally {
  type: BallotType;
  voters: number;
  quorum: number;
  minSupportPercent: number;
  proposals: ProposalTally[];
  winnerId: string | null;
  reason: TallyReason;
  /** Ranked ballots: the pairwise preference counts, for the explanation. */
  pairwise?: Record<string, Record<string, number>>;
  /** Approval ballots: the opinion groups found among the voters (where each sits on the map, what sets it apart). */
  groups?: TallyGroup[];
  /** Approval ballots: how many voters voted on enough proposals to be placed in a group. */
  clustered?: number;
  /** Approval ballots: how many proposals a voter must have rated to be placed (min(7, proposals)). */
  minVotes?: number;
  /** Approval ballots with several groups: proposals every group agrees (or disagrees) with. */
  consensusStatements?: { agree: TallyConsensusStatement[]; disagree: TallyConsensusStatement[] };
}

export interface TallyGroup {
  id: number;
  size: number;
  centre?: [number, number];
  spread?: [number, number];
  /** Tallies stored before the plain shares were kept lack groupShare / restShare. */
  repness?: (Omit<Repness, "index" | "groupShare" | "restShare"> & Partial<Pick<Repness, "groupShare" | "restShare">> & { proposalId: string })[];
}

export interface TallyConsensusStatement { proposalId: string; direction: "agree" | "disagree"; score: number; weakest: number; weakestShare?: number }

/** The opinion analysis behind an approval tally: per ballot its group (−1: not placed), and the model to reuse. */
export type TallyOpinion = Pick<ConsensusResult, "labels" | "positions" | "model" | "reused">;

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/**
 * Tallies ballots for the proposals (in their display order, which breaks exact ties). Deterministic:
 * the same ballots give the same result. The reason says why there is or is not a mufakat.
 */
export function tallyBallots(rules: BallotRules, proposalIds: readonly string[], ballots: readonly BallotChoices[]): Tally {
  return tallyWithOpinion(rules, proposalIds, ballots).tally;
}

/**
 * The tally and, for approval ballots, the opinion analysis behind it, apart: the tally is published, the analysis
 * (each ballot's group and place, the model) never is. `options` may hand over the last tally's model to reuse.
 */
export function tallyWithOpinion(rules: BallotRules, proposalIds: readonly string[], ballots: readonly BallotChoices[], options: ConsensusOptions = {}): { tally: Tally; opinion?: TallyOpinion } {
  const voters = ballots.length;
  const base = { type: rules.type, voters, quorum: rules.quorum, minSupportPercent: rules.minSupportPercent };
  const rows: ProposalTally[] = proposalIds.map((id) => ({ id, support: 0, oppose: 0, pass: 0, supportPercent: 0 }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  let pairwise: Tally["pairwise"];
  let groups: Tally["groups"];
  let opinion: TallyOpinion | undefined;
  let extra: Pick<Tally, "clustered" | "minVotes" | "consensusStatements"> = {};
  let order: string[];
  if (rules.type === "approval") {
    // Group-informed consensus: voters grouped by how they vote; a proposal ranks by its support in every group.
    const matrix = new MatrixBuilder(proposalIds.length, voters * 4);
    const column = new Map(proposalIds.map((id, j) => [id, j]));
    for (const b of ballots as ApprovalChoices[]) {
      for (const [id, stance] of Object.entries(b)) {
        const j = column.get(id);
        if (j === undefined) continue;
        matrix.vote(j, (stance === "support" ? 1 : stance === "oppose" ? -1 : 0) as MatrixStance);
        byId.get(id)![stance] += 1;
      }
      matrix.nextVoter();
    }
    // A proposal a voter left unanswered counts as a pass in the totals (not as a vote in the opinion map).
    for (const r of rows) r.pass = voters - r.support - r.oppose;
    rows.forEach((r) => (r.supportPercent = percent(r.support, voters)));
    const consensus = groupInformedConsensus(matrix.build(), options);
    const idOf = (index: number) => proposalIds[index]!;
    groups = consensus.groups.map((g) => ({ id: g.id, size: g.size, centre: g.centre, spread: g.spread, repness: g.repness.map(({ index, ...r }) => ({ proposalId: idOf(index), ...r })) }));
    const statement = ({ index, ...s }: { index: number } & Omit<TallyConsensusStatement, "proposalId">) => ({ proposalId: idOf(index), ...s });
    extra = {
      clustered: groups.length > 1 ? consensus.groups.reduce((n, g) => n + g.size, 0) : voters,
      minVotes: consensus.model.minVotes,
      ...(groups.length > 1 ? { consensusStatements: { agree: consensus.consensusStatements.agree.map(statement), disagree: consensus.consensusStatements.disagree.map(statement) } } : {}),
    };
    opinion = { labels: consensus.labels, positions: consensus.positions, model: consensus.model, reused: consensus.reused };
    for (const c of consensus.proposals) {
      const row = byId.get(proposalIds[c.index]!)!;
      row.consensus = c.consensus;
      row.groups = c.groups.map((g) => ({ group: g.group, agree: g.agree, votes: g.votes, probability: g.probability }));
    }
    // Smoothing lifts a proposal nobody voted on to an even chance in every group; it must never be listed above
    // one that people actually support. Supported proposals first (stable: consensus order within each part).
    const supported = (id: string) => (byId.get(id)!.support > 0 ? 0 : 1);
    order = consensus.proposals.map((c) => proposalIds[c.index]!).sort((a, b) => supported(a) - supported(b));
  } else {
    const ranked = ballots as RankedChoices[];
    for (const b of ranked) for (const id of b) if (byId.has(id)) byId.get(id)!.support += 1;
    rows.forEach((r) => {
      r.pass = voters - r.support;
      r.supportPercent = percent(r.support, voters);
    });
    const result = schulze(proposalIds, ranked);
    pairwise = result.pairwise;
    order = result.ranking;
    order.forEach((id, i) => (byId.get(id)!.rank = i + 1));
  }
  const sorted = order.map((id) => byId.get(id)!);
  const out = (winnerId: string | null, reason: TallyReason) => ({
    tally: { ...base, proposals: sorted, winnerId, reason, ...(pairwise ? { pairwise } : {}), ...(groups ? { groups, ...extra } : {}) },
    ...(opinion ? { opinion } : {}),
  });
  if (proposalIds.length === 0) return out(null, "no_proposals");
  if (voters < rules.quorum) return out(null, "no_quorum");
  const meets = (r: ProposalTally) => r.support > 0 && r.supportPercent >= rules.minSupportPercent;
  if (rules.type === "approval") {
    // The best consensus that also meets the minimum support is the mufakat.
    const eligible = sorted.filter(meets);
    const best = eligible[0];
    if (!best) return out(null, "below_min_support");
    const runnerUp = eligible[1];
    if (runnerUp && runnerUp.consensus === best.consensus && runnerUp.support === best.support) return out(null, "tie");
    return out(best.id, "mufakat");
  }
  const best = sorted[0]!;
  if (schulze(proposalIds, ballots as RankedChoices[]).winners.length > 1) return out(null, "tie");
  if (!meets(best)) return out(null, "below_min_support");
  return out(best.id, "mufakat");
}
