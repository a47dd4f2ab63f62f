import { describe, expect, it } from "vitest";
import { MatrixBuilder, groupInformedConsensus, propTest, seededRandom, twoPropTest, type Stance, type VoteMatrix } from "~/domain/consensus";
import { placeVoter, readModel, reusePlan, storeModel } from "~/domain/opinion-map";
import { adjustedRandIndex, polisShaped, type PolisShaped } from "../../bench/polis-shaped";

/** A Pol.is-shaped conversation as a matrix, with each voter's built-in group (voters in voter-id order). */
function shapedMatrix(data: PolisShaped, statements: number) {
  const b = new MatrixBuilder(statements);
  for (const ballot of data.ballots) {
    for (const [j, stance] of ballot) b.vote(j, stance);
    b.nextVoter();
  }
  return { m: b.build(), votes: data.ballots, truth: data.groups };
}

/** A matrix from dense rows: 1, −1, 0 (pass) or null (not seen). */
function fromRows(proposals: number, rows: (Stance | null)[][]): VoteMatrix {
  const b = new MatrixBuilder(proposals);
  for (const row of rows) {
    row.forEach((v, j) => v !== null && b.vote(j, v));
    b.nextVoter();
  }
  return b.build();
}

/** Two opinion groups of 60 and 40 voters; each proposal given as [P(agree) in A, P(agree) in B]. */
function twoGroups(shape: [number, number][], seed = 7, order?: number[]): VoteMatrix {
  const rand = seededRandom(seed);
  const voters = Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : 1));
  const dense = voters.map((group) => shape.map(([pa, pb]): Stance => {
    const pAgree = group === 0 ? pa : pb;
    const r = rand();
    return r < pAgree ? 1 : r < pAgree + (1 - pAgree) * 0.9 ? -1 : 0;
  }));
  return fromRows(shape.length, (order ?? voters.map((_, i) => i)).map((i) => dense[i]!));
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
    const r = groupInformedConsensus(fromRows(2, [[1, null], [1, null], [null, -1]]));
    expect(r.groups.map((g) => g.size)).toEqual([3]);
    expect(Array.from(r.labels)).toEqual([0, 0, 0]);
    expect(r.proposals[0]).toMatchObject({ index: 0, agree: 2, consensus: 3 / 4 });
    // Unseen cells are not votes: proposal 1 was seen by one voter only.
    expect(r.proposals[1]!.groups[0]).toMatchObject({ votes: 1, disagree: 1, probability: 1 / 3 });
  });

  it("recovers three groups from 3,000 voters whose groups repeat in a pattern (no biased silhouette sample)", () => {
    const rand = seededRandom(42);
    const groupOf = (v: number) => (v % 10 < 5 ? 0 : v % 10 < 8 ? 1 : 2);
    const leaning = Array.from({ length: 30 }, () => [rand(), rand(), rand()]);
    const rows = Array.from({ length: 3000 }, (_, v) => Array.from({ length: 30 }, (_, p): Stance => {
      const pa = leaning[p]![groupOf(v)]!;
      const r = rand();
      return r < pa ? 1 : r < pa + (1 - pa) * 0.8 ? -1 : 0;
    }));
    const m = fromRows(30, rows);
    // Noise puts a handful of voters nearer another group: sizes within 1 % of how the data was built.
    const sizes = groupInformedConsensus(m).groups.map((g) => g.size);
    expect(sizes).toHaveLength(3);
    [1500, 900, 600].forEach((expected, i) => expect(Math.abs(sizes[i]! - expected)).toBeLessThan(30));
  });

  it("handles a deliberation without votes or proposals", () => {
    const r = groupInformedConsensus(fromRows(0, []));
    expect(r).toMatchObject({ groups: [{ id: 0, size: 0, repness: [] }], silhouette: 0, proposals: [], consensusStatements: { agree: [], disagree: [] }, reused: false });
  });

  it("repness: what sets each group apart, with Pol.is's statistics", () => {
    const result = groupInformedConsensus(twoGroups(SHAPE));
    const [majority, minority] = result.groups;
    // The majority agrees with proposal 0 (and 4) and the minority rejects them; the minority's own is 2 (and 5).
    expect(majority!.repness.map((r) => `${r.index}${r.direction[0]}`)).toEqual(expect.arrayContaining(["0a"]));
    expect(minority!.repness.map((r) => `${r.index}${r.direction[0]}`)).toEqual(expect.arrayContaining(["2a"]));
    for (const g of result.groups) {
      expect(g.repness.length).toBeGreaterThan(0);
      expect(g.repness.length).toBeLessThanOrEqual(5);
      // Agreements listed before disagreements; every listed one significant here.
      const firstDisagree = g.repness.findIndex((r) => r.direction === "disagree");
      if (firstDisagree >= 0) expect(g.repness.slice(firstDisagree).every((r) => r.direction === "disagree")).toBe(true);
      expect(g.repness.every((r) => r.significant && r.z > 1.2816 && r.zGroup > 1.2816 && r.ratio > 1)).toBe(true);
    }
    // Pol.is's tests, by hand: 9 of 10 agree → z = 2·√11·(10/11 − ½); 9/10 against 1/10 → the pooled two-proportion z.
    expect(propTest(9, 10)).toBeCloseTo(2 * Math.sqrt(11) * (10 / 11 - 0.5), 12);
    const pooled = (10 + 2) / 22;
    expect(twoPropTest(9, 10, 1, 10)).toBeCloseTo((10 / 11 - 2 / 11) / Math.sqrt(pooled * (1 - pooled) * (2 / 11)), 12);
    expect(twoPropTest(10, 10, 10, 10)).toBe(0);
  });

  it("consensus statements: only what every group agrees with, the bridging proposal first", () => {
    const result = groupInformedConsensus(twoGroups([...SHAPE, [0.95, 0.95]]));
    // Proposal 6 is agreed by nearly all in both groups; 1 (0.5 / 0.7) is not a clear majority in the first group.
    expect(result.consensusStatements.agree.map((s) => s.index)[0]).toBe(6);
    expect(result.consensusStatements.agree.every((s) => s.weakest > 0.5)).toBe(true);
    expect(result.consensusStatements.agree.map((s) => s.index)).not.toContain(0);
    // Proposal 3 is rejected by both.
    expect(result.consensusStatements.disagree.map((s) => s.index)).toContain(3);
  });

  it("does not cluster people who voted on fewer than 7 statements, but counts their votes", () => {
    const rand = seededRandom(3);
    const rows: (Stance | null)[][] = [];
    for (let v = 0; v < 120; v++) {
      const group = v % 2;
      // Every fourth voter voted on 3 of the 20 statements only.
      const sparse = v % 4 === 3;
      rows.push(Array.from({ length: 20 }, (_, j): Stance | null => (sparse && j >= 3 ? null : (j % 2 === group) === rand() < 0.9 ? 1 : -1)));
    }
    const r = groupInformedConsensus(fromRows(20, rows));
    expect(r.groups).toHaveLength(2);
    rows.forEach((_, v) => expect(r.labels[v]! >= 0).toBe(v % 4 !== 3));
    expect(r.groups.reduce((n, g) => n + g.size, 0)).toBe(90);
    // Totals count everyone: statement 0 has 120 votes.
    const s0 = r.proposals.find((p) => p.index === 0)!;
    expect(s0.agree + s0.disagree + s0.pass).toBe(120);
    expect(s0.groups.reduce((n, g) => n + g.votes, 0)).toBe(90);
  });

  it("does not pull people who voted on little to the centre: positions are scaled by √(statements / votes)", () => {
    // Two groups of 60 over 40 statements; in each group half voted on everything, half on 8 statements only.
    const rand = seededRandom(11);
    const rows = Array.from({ length: 120 }, (_, v) => Array.from({ length: 40 }, (_, j): Stance | null => {
      if (v % 2 === 1 && (j + v) % 5 !== 0) return null;
      return (j % 2 === (v < 60 ? 0 : 1)) === rand() < 0.85 ? 1 : -1;
    }));
    const r = groupInformedConsensus(fromRows(40, rows));
    const distance = (v: number) => Math.hypot(r.positions[v * 2]!, r.positions[v * 2 + 1]!);
    const mean = (odd: number) => rows.map((_, v) => v).filter((v) => v % 2 === odd).reduce((s, v) => s + distance(v), 0) / 60;
    // A projection sums over the votes cast: unscaled, a voter with 8 of 40 votes would sit at about 8/40 of a full
    // voter's distance (0.26 measured); × √(40/8) brings them to about half (Pol.is's choice: 0.58 measured).
    expect(mean(1) / mean(0)).toBeGreaterThan(0.4);
    expect(adjustedRandIndex(rows.map((_, v) => (v < 60 ? 0 : 1)), Array.from(r.labels))).toBeGreaterThan(0.9);
  });

  it.each([5, 6, 7])("recovers the groups and the consensus statements of a Pol.is-shaped conversation (sparse, heavy-tailed; seed %i)", (seed) => {
    const data = polisShaped({ participants: 1500, statements: 400, medianVotes: 25, groupShares: [0.5, 0.3, 0.2], consensusStatements: 10, seed });
    const { m, truth } = shapedMatrix(data, 400);
    const r = groupInformedConsensus(m);
    expect(r.groups).toHaveLength(3);
    const placed = Array.from(r.labels).map((l, i) => [l, i] as const).filter(([l]) => l >= 0);
    // Smaller than the benchmark's conversation (median 25 votes of 400): 0.93, 0.87, 0.91 for these seeds.
    expect(adjustedRandIndex(placed.map(([, i]) => truth[i]!), placed.map(([l]) => l))).toBeGreaterThan(0.85);
    const top = r.proposals.slice(0, 10).map((p) => String(p.index));
    expect(top.filter((id) => data.consensus.includes(id)).length).toBeGreaterThanOrEqual(9);
    expect(r.consensusStatements.agree.every((s) => data.consensus.includes(String(s.index)))).toBe(true);
  });

  it("reuses the last map while few votes changed, and places a voter from their own ballot on the stored map", () => {
    const data = polisShaped({ participants: 800, statements: 150, medianVotes: 20, groupShares: [0.6, 0.4], consensusStatements: 3, seed: 9 });
    const { m, votes } = shapedMatrix(data, 150);
    const first = groupInformedConsensus(m);
    expect(first.reused).toBe(false);
    const ids = Array.from({ length: 150 }, (_, j) => `p${j}`);
    const stored = readModel(storeModel(first.model, ids, 800, new Date("2026-11-20T10:00:00Z")))!;
    // 5 % of ballots changed: reuse; 20 %: recompute (warm-started); other proposals: nothing to reuse.
    expect(reusePlan(stored, ids, 800, 40)?.reuse).toBe(true);
    expect(reusePlan(stored, ids, 800, 160)?.reuse).toBe(false);
    expect(reusePlan(stored, ids.slice(1), 800, 0)).toBeNull();
    const again = groupInformedConsensus(m, reusePlan(stored, ids, 800, 40)!);
    expect(again.reused).toBe(true);
    expect(again.groups.map((g) => g.size)).toEqual(first.groups.map((g) => g.size));
    const warm = groupInformedConsensus(m, reusePlan(stored, ids, 800, 160)!);
    expect(warm.reused).toBe(false);
    expect(adjustedRandIndex(Array.from(first.labels), Array.from(warm.labels))).toBeGreaterThan(0.99);
    // Each placed voter, placed again from their ballot alone, lands in the group the tally gave them.
    let same = 0;
    let placedCount = 0;
    votes.forEach((v, i) => {
      const choices = Object.fromEntries(v.map(([j, s]) => [`p${j}`, s === 1 ? "support" : s === -1 ? "oppose" : "pass"]));
      const place = placeVoter(stored, choices)!;
      if (first.labels[i]! < 0) return expect(place.group === null || v.length >= 7).toBe(true);
      placedCount++;
      if (place.group === first.labels[i]) same++;
      expect(place.position[0]).toBeCloseTo(first.positions[i * 2]!, 3);
    });
    expect(same / placedCount).toBeGreaterThan(0.995);
    expect(placeVoter(stored, { p0: "support" })).toMatchObject({ group: null, votes: 1, minVotes: 7 });
    expect(readModel("{not json")).toBeNull();
  });

  it("starts a map afresh when the last tally had none (too few voters): a stored map of zeros is no warm start", () => {
    const rand = seededRandom(21);
    const vote = (group: number, j: number): Stance => ((j % 2 === group) === rand() < 0.9 ? 1 : -1);
    const early = groupInformedConsensus(fromRows(10, Array.from({ length: 4 }, (_, v) => Array.from({ length: 10 }, (_, j) => vote(v % 2, j)))));
    expect(early.groups).toHaveLength(1);
    const ids = Array.from({ length: 10 }, (_, j) => `p${j}`);
    const stored = readModel(storeModel(early.model, ids, 4, new Date("2026-11-20T10:00:00Z")))!;
    // 200 voters later, in two groups: the plan warm-starts from the stored (zero) components…
    const plan = reusePlan(stored, ids, 200, 196)!;
    expect(plan.reuse).toBe(false);
    const later = groupInformedConsensus(fromRows(10, Array.from({ length: 200 }, (_, v) => Array.from({ length: 10 }, (_, j) => vote(v % 2, j)))), plan);
    // …and still finds them.
    expect(later.groups.map((g) => g.size)).toEqual([100, 100]);
  });

  it("puts a handful of voters who voted on too little in their nearest group, so the totals never give away their ballots", () => {
    const rand = seededRandom(5);
    const rows: (Stance | null)[][] = Array.from({ length: 80 }, (_, v) => Array.from({ length: 12 }, (_, j): Stance => ((j % 2 === v % 2) === rand() < 0.9 ? 1 : -1)));
    // One voter rated two proposals only: fewer than a group may be, so not left out on their own.
    rows.push([1, -1, ...Array.from({ length: 10 }, () => null)]);
    const r = groupInformedConsensus(fromRows(12, rows));
    expect(r.groups).toHaveLength(2);
    expect(Array.from(r.labels).every((l) => l >= 0)).toBe(true);
    for (const p of r.proposals) expect(p.groups.reduce((n, g) => n + g.agree, 0)).toBe(p.agree);
    expect(r.groups.reduce((n, g) => n + g.size, 0)).toBe(81);
  });
});
