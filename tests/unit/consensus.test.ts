import { describe, expect, it } from "vitest";
import { emptyMatrix, groupInformedConsensus, seededRandom, setVote, type VoteMatrix } from "~/domain/consensus";

/** Two opinion groups of 60 and 40 voters; each proposal given as [P(agree) in A, P(agree) in B]. */
function twoGroups(shape: [number, number][], seed = 7, order?: number[]): VoteMatrix {
  const rand = seededRandom(seed);
  const voters = Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : 1));
  const m = emptyMatrix(100, shape.length);
  const rows = order ?? voters.map((_, i) => i);
  rows.forEach((voter, row) => {
    shape.forEach(([pa, pb], j) => {
      const pAgree = voters[voter] === 0 ? pa : pb;
      const r = rand();
      setVote(m, row, j, r < pAgree ? 1 : r < pAgree + (1 - pAgree) * 0.9 ? -1 : 0);
    });
  });
  return m;
}

const SHAPE: [number, number][] = [
  [1.0, 0.0], // the majority group's own proposal: most agrees overall, rejected by the minority
  [0.5, 0.7], // a bridging proposal: fewer agrees, but supported in both groups
  [0.0, 1.0], // the minority's own proposal
  [0.1, 0.1], // nobody wants it
  [0.9, 0.05],
  [0.05, 0.9],
];

describe("group-informed consensus", () => {
  it("finds the two opinion groups and ranks the bridging proposal first, above the majority's own", () => {
    const result = groupInformedConsensus(twoGroups(SHAPE));
    expect(result.groups.map((g) => g.size)).toEqual([60, 40]);
    const [first] = result.proposals;
    expect(first!.index).toBe(1);
    const majority = result.proposals.find((p) => p.index === 0)!;
    expect(majority.agree).toBeGreaterThan(first!.agree);
    expect(first!.consensus).toBeGreaterThan(majority.consensus);
    // Laplace-smoothed per-group support, and the product as the score.
    const g = first!.groups;
    expect(g[0]!.probability).toBeCloseTo((g[0]!.agree + 1) / (g[0]!.votes + 2), 12);
    expect(first!.consensus).toBeCloseTo(g[0]!.probability * g[1]!.probability, 12);
  });

  it("is deterministic: the same votes give the same result, whatever order the voters come in", () => {
    const a = groupInformedConsensus(twoGroups(SHAPE));
    const b = groupInformedConsensus(twoGroups(SHAPE));
    expect(b).toEqual(a);
    const reversed = groupInformedConsensus(twoGroups(SHAPE, 7, Array.from({ length: 100 }, (_, i) => 99 - i)));
    expect(reversed.groups.map((g) => g.size).sort()).toEqual([40, 60]);
    expect(reversed.proposals[0]!.index).toBe(1);
  });

  it("keeps one group when there are too few voters for groups of the minimum size", () => {
    const m = emptyMatrix(3, 2);
    setVote(m, 0, 0, 1);
    setVote(m, 1, 0, 1);
    setVote(m, 2, 1, -1);
    const r = groupInformedConsensus(m);
    expect(r.groups).toEqual([{ id: 0, size: 3 }]);
    expect(r.proposals[0]).toMatchObject({ index: 0, agree: 2, consensus: 3 / 4 });
    // Unseen cells are not votes: proposal 1 was seen by one voter only.
    expect(r.proposals[1]!.groups[0]).toMatchObject({ votes: 1, disagree: 1, probability: 1 / 3 });
  });

  it("recovers three groups from 3,000 voters whose groups repeat in a pattern (no biased silhouette sample)", () => {
    const rand = seededRandom(42);
    const groupOf = (v: number) => (v % 10 < 5 ? 0 : v % 10 < 8 ? 1 : 2);
    const leaning = Array.from({ length: 30 }, () => [rand(), rand(), rand()]);
    const m = emptyMatrix(3000, 30);
    for (let v = 0; v < 3000; v++) for (let p = 0; p < 30; p++) {
      const pa = leaning[p]![groupOf(v)]!;
      const r = rand();
      setVote(m, v, p, r < pa ? 1 : r < pa + (1 - pa) * 0.8 ? -1 : 0);
    }
    // Noise puts a handful of voters nearer another group: sizes within 1 % of how the data was built.
    const sizes = groupInformedConsensus(m).groups.map((g) => g.size);
    expect(sizes).toHaveLength(3);
    [1500, 900, 600].forEach((expected, i) => expect(Math.abs(sizes[i]! - expected)).toBeLessThan(30));
  });

  it("handles a deliberation without votes or proposals", () => {
    expect(groupInformedConsensus(emptyMatrix(0, 0))).toEqual({ groups: [{ id: 0, size: 0 }], silhouette: 0, proposals: [] });
  });
});
