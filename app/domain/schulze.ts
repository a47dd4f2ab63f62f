// The Schulze method (a Condorcet method) for ranked ballots: count pairwise preferences, find the
// strongest path between every pair of candidates, and rank by who beats whom along those paths.
// Candidates a voter did not rank are tied below every candidate they ranked.

export interface SchulzeResult {
  /** Candidates best first; candidates tied on strongest paths keep their input order. */
  ranking: string[];
  /** d[a][b]: voters who prefer a to b. */
  pairwise: Record<string, Record<string, number>>;
  /** p[a][b]: strength of the strongest path from a to b. */
  strongest: Record<string, Record<string, number>>;
  /** Candidates no one beats on strongest paths (more than one only in a tie). */
  winners: string[];
}

export function schulze(candidates: readonly string[], ballots: readonly (readonly string[])[]): SchulzeResult {
  const n = candidates.length;
  const index = new Map(candidates.map((c, i) => [c, i]));
  const d = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const ballot of ballots) {
    // Rank position per candidate; unranked candidates share the position after the last ranked one.
    const rank = new Array<number>(n).fill(ballot.length);
    ballot.forEach((c, pos) => {
      const i = index.get(c);
      if (i !== undefined) rank[i] = pos;
    });
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && rank[i]! < rank[j]!) d[i]![j]! += 1;
  }
  const p = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && d[i]![j]! > d[j]![i]!) p[i]![j] = d[i]![j]!;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j)
        for (let k = 0; k < n; k++)
          if (i !== k && j !== k) p[j]![k] = Math.max(p[j]![k]!, Math.min(p[j]![i]!, p[i]![k]!));
  // Number of candidates each one beats on strongest paths orders the ranking (Schulze's order is transitive).
  const wins = candidates.map((_, i) => candidates.reduce((w, __, j) => w + (i !== j && p[i]![j]! > p[j]![i]! ? 1 : 0), 0));
  const order = candidates.map((c, i) => ({ c, i })).sort((a, b) => wins[b.i]! - wins[a.i]! || a.i - b.i);
  const table = (m: number[][]) => Object.fromEntries(candidates.map((a, i) => [a, Object.fromEntries(candidates.map((b, j) => [b, m[i]![j]!]))]));
  const winners = candidates.filter((_, i) => candidates.every((__, j) => i === j || p[i]![j]! >= p[j]![i]!));
  return { ranking: order.map((o) => o.c), pairwise: table(d), strongest: table(p), winners };
}
