import type { AlternativeResponse } from "./agency-reply";

// The short vote a fasilitator may hold on the agency's counter-proposal: the case's participants (those who voted
// on its solutions) answer setuju or tolak until the vote closes, within the counter-proposal's 14-day window; the
// count decides the deliberation's answer. Pure.

/** A short vote runs at least this long, so people on slow connections and long shifts can take part. */
export const MIN_VOTE_HOURS = 24;

/** What is wrong with a vote closing at `closesAt` (an i18n key), or null. */
export function voteWindowProblem(closesAt: Date, now: Date, respondBy: Date): string | null {
  if (Number.isNaN(closesAt.getTime())) return "errors.date_invalid";
  if (closesAt.getTime() < now.getTime() + MIN_VOTE_HOURS * 3600_000) return "errors.alt_vote_too_short";
  if (closesAt > respondBy) return "errors.alt_vote_after_deadline";
  return null;
}

export interface VoteCount {
  setuju: number;
  tolak: number;
}

/**
 * The deliberation's answer from the count: agreed only by a strict majority of the votes cast (a tie is not an
 * agreement, and the refusal goes to the DPRD); no votes at all decide nothing (the window stays open for the
 * proposer or the fasilitator, and silence is shown as silence at its end).
 */
export function voteVerdict(count: VoteCount): AlternativeResponse | null {
  if (count.setuju + count.tolak === 0) return null;
  return count.setuju > count.tolak ? "setuju" : "tolak";
}

/** A count from grouped rows ({ choice, n }); unknown choices are left out. */
export function voteCount(rows: readonly { choice: string; n: number }[]): VoteCount {
  const count: VoteCount = { setuju: 0, tolak: 0 };
  for (const r of rows) if (r.choice === "setuju" || r.choice === "tolak") count[r.choice] += r.n;
  return count;
}
