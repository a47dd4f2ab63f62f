import path from "node:path";
import { describe, expect, it } from "vitest";
import { MatrixBuilder, groupInformedConsensus } from "~/domain/consensus";
import { adjustedRandIndex } from "../../bench/polis-shaped";
import { readPolisConversation, type PolisConversation } from "../helpers/polis-real";

// Two real Pol.is conversations (CC BY 4.0, tests/fixtures/polis-real/README.md), against Pol.is's own groups.
// "Ranking" = proposals by group-informed consensus; the reference ranks them with Pol.is's groups. The floors are
// what the dense tally (before decision 012) reached, so the ranking may not get worse than that.

function analyse(c: PolisConversation) {
  const b = new MatrixBuilder(c.statements.length);
  for (const votes of c.votes) {
    for (const [j, stance] of votes) b.vote(j, stance);
    b.nextVoter();
  }
  return groupInformedConsensus(b.build());
}

/** Statements by group-informed consensus computed with Pol.is's own groups. */
function referenceRanking(c: PolisConversation): number[] {
  const groups = Math.max(...c.polisGroup.values()) + 1;
  const agree = Array.from({ length: groups }, () => new Float64Array(c.statements.length));
  const seen = Array.from({ length: groups }, () => new Float64Array(c.statements.length));
  c.voters.forEach((voter, i) => {
    const g = c.polisGroup.get(voter);
    if (g === undefined) return;
    for (const [j, stance] of c.votes[i]!) {
      seen[g]![j]! += 1;
      if (stance === 1) agree[g]![j]! += 1;
    }
  });
  const score = c.statements.map((_, j) => agree.reduce((p, a, g) => p * ((a[j]! + 1) / (seen[g]![j]! + 2)), 1));
  return score.map((s, j) => ({ s, j })).sort((x, y) => y.s - x.s || x.j - y.j).map((x) => x.j);
}

const overlap = (ours: number[], reference: number[], n: number) => ours.slice(0, n).filter((j) => reference.slice(0, n).includes(j)).length;

describe("opinion groups on real Pol.is conversations", () => {
  // Measured with decision 012: brexit ARI 0.81, top 10/20 overlap 10/20; vTaiwan ARI 0.74, 10/19.
  // The dense tally before it: brexit 10/19; vTaiwan 8/16 (and groups of 1,555 / 357 against Pol.is's 2).
  it.each([
    ["brexit-consensus", 0.75, 10, 19],
    ["vtaiwan.uberx", 0.7, 8, 16],
  ])("%s: Pol.is's two groups, and a consensus ranking no worse than before", (name, minAri, top10, top20) => {
    const c = readPolisConversation(path.resolve("tests/fixtures/polis-real", name));
    const r = analyse(c);
    expect(r.groups).toHaveLength(2);
    const both = c.voters.map((v, i) => [v, i] as const).filter(([v, i]) => c.polisGroup.has(v) && r.labels[i]! >= 0);
    // Nearly everyone Pol.is placed, we place too (Pol.is: ≥ 7 votes, plus its most active).
    expect(both.length / c.polisGroup.size).toBeGreaterThan(0.95);
    expect(adjustedRandIndex(both.map(([v]) => c.polisGroup.get(v)!), both.map(([, i]) => r.labels[i]!))).toBeGreaterThanOrEqual(minAri);
    const ours = r.proposals.map((p) => p.index);
    const reference = referenceRanking(c);
    expect(overlap(ours, reference, 10)).toBeGreaterThanOrEqual(top10);
    expect(overlap(ours, reference, 20)).toBeGreaterThanOrEqual(top20);
    // Each group has statements that set it apart, and there is common ground.
    for (const g of r.groups) expect(g.repness.some((s) => s.significant)).toBe(true);
    expect(r.consensusStatements.agree.length).toBeGreaterThan(0);
  });
});
