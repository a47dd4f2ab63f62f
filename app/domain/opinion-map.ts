import { z } from "zod";
import { MIN_VOTES_TO_CLUSTER, nearest, positionOf, type OpinionModel, type Stance } from "./consensus";

// The opinion map kept between tallies (Deliberation.opinionModel) and a voter's place on it. Stored by proposal id,
// so a later tally with the proposals in another order, or a person's ballot, finds its statements.

export interface StoredOpinionModel {
  proposalIds: string[];
  means: number[];
  components: [number[], number[]];
  /** x, y per group (group order of the tally). */
  centres: number[];
  minVotes: number;
  /** Ballots counted, and when (ballots changed later are the "changed" share). */
  ballots: number;
  at: string;
}

const StoredSchema = z.object({
  proposalIds: z.array(z.string()),
  means: z.array(z.number()),
  components: z.tuple([z.array(z.number()), z.array(z.number())]),
  centres: z.array(z.number()),
  minVotes: z.number().int().min(0),
  ballots: z.number().int().min(0),
  at: z.string().datetime(),
});

/** Six significant digits are plenty for a map (a 2,000-statement model stays ~100 kB). */
const round = (x: number) => Number(x.toPrecision(6));

export function storeModel(model: OpinionModel, proposalIds: readonly string[], ballots: number, at: Date): string {
  const stored: StoredOpinionModel = {
    proposalIds: [...proposalIds],
    means: Array.from(model.means, round),
    components: [Array.from(model.components[0], round), Array.from(model.components[1], round)],
    centres: Array.from(model.centres, round),
    minVotes: model.minVotes,
    ballots,
    at: at.toISOString(),
  };
  return JSON.stringify(stored);
}

/** The stored model, or null when there is none or it cannot be read (then the next tally starts afresh). */
export function readModel(json: string | null | undefined): StoredOpinionModel | null {
  if (!json) return null;
  try {
    const parsed = StoredSchema.safeParse(JSON.parse(json));
    if (!parsed.success) return null;
    const { proposalIds, means, components, centres } = parsed.data;
    const p = proposalIds.length;
    // Every vector one entry per proposal, centres in x, y pairs: anything else would place people at NaN.
    return means.length === p && components[0].length === p && components[1].length === p && centres.length % 2 === 0 ? (parsed.data as StoredOpinionModel) : null;
  } catch {
    return null;
  }
}

/** Share of ballots new or changed since the model was made, above which a provisional tally recomputes the map. */
export const REUSE_BELOW_CHANGED_SHARE = 0.1;

/**
 * What the next provisional tally can take from the stored model: nothing (other proposals), a warm start for the
 * components, or the whole map (same proposals in the same order, few ballots changed).
 */
export function reusePlan(stored: StoredOpinionModel | null, proposalIds: readonly string[], ballots: number, changedSince: number) {
  if (!stored || stored.proposalIds.length !== proposalIds.length || stored.proposalIds.some((id, i) => id !== proposalIds[i])) return null;
  const previous = { components: [Float64Array.from(stored.components[0]), Float64Array.from(stored.components[1])] as [Float64Array, Float64Array], centres: Float64Array.from(stored.centres) };
  const changedShare = ballots === 0 ? 1 : changedSince / Math.max(ballots, stored.ballots);
  return { previous, reuse: stored.centres.length >= 4 && changedShare < REUSE_BELOW_CHANGED_SHARE };
}

export interface MyPlace {
  /** Where the person sits on the map. */
  position: [number, number];
  /** Their group, or null when they voted on too few proposals to be placed (they need `minVotes`). */
  group: number | null;
  votes: number;
  minVotes: number;
}

/** A voter's place on the stored map from their own ballot (stances by proposal id). Null when there is no map. */
export function placeVoter(stored: StoredOpinionModel, choices: Record<string, string>): MyPlace | null {
  const k = stored.centres.length / 2;
  if (k < 2) return null;
  const column = new Map(stored.proposalIds.map((id, j) => [id, j]));
  const votes: [number, Stance][] = [];
  for (const [id, stance] of Object.entries(choices)) {
    const j = column.get(id);
    if (j === undefined) continue;
    votes.push([j, stance === "support" ? 1 : stance === "oppose" ? -1 : 0]);
  }
  const position = positionOf(votes, stored, stored.proposalIds.length);
  const enough = votes.length > 0 && votes.length >= Math.min(stored.minVotes || MIN_VOTES_TO_CLUSTER, stored.proposalIds.length);
  return { position, group: enough ? nearest(stored.centres, k, position[0], position[1]) : null, votes: votes.length, minVotes: stored.minVotes };
}
