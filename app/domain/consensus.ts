// Group-informed consensus and the opinion map (the idea behind Pol.is and Community Notes' bridging): voters are
// grouped by how they vote, and a proposal scores by its support in *every* group, so a large group cannot carry a
// proposal the others reject. Pure and deterministic (seeded). Follows Pol.is's math (compdemocracy/polis,
// math/src/polismath/math); where it differs and why is in docs/decisions/012-opinion-groups-at-polis-scale.md.
//
// 1. Votes are sparse (a city-wide conversation: thousands of statements, each person votes on a few dozen): kept
//    per voter as (statement, stance) lists, agree 1, disagree −1, pass 0. Unseen is not a vote.
// 2. An unseen vote is imputed with the statement's mean, and columns are centred, so an unseen cell is exactly 0
//    and the centred matrix stays sparse.
// 3. Voters with at least min(7, statements) votes are placed on the map and clustered ("in the conversation"; plus
//    the 15 most active, as Pol.is); the others still count in every total.
// 4. Two principal components by block power iteration on the centred matrix itself (Xᵀ(X·V), never a
//    statements × statements matrix), warm-started from the last tally's components when given.
// 5. A voter's position: the centred votes they cast projected on the components, × √(statements / votes cast), so
//    a person who voted on little is not crowded into the centre.
// 6. k-means on the positions for k = 2…5 (k-means++ from a fixed seed, restarts); among the k whose every group
//    has at least `minGroupSize` voters, the fewest groups whose silhouette is within a slack of the best (0.12 with
//    up to 20 statements, less with more: see silhouetteSlack).
// 7. Per group and proposal: P(agree) = (agrees + 1) / (votes + 2); consensus = the product over the groups.
//    Representative statements per group and consensus statements across groups, with Pol.is's tests.

export type Stance = -1 | 0 | 1;
export const AGREE = 1;
export const DISAGREE = -1;
export const PASS = 0;

/** Votes by voter (compressed rows): voter i's votes are cols/vals[start[i] … start[i+1]). */
export interface VoteMatrix {
  voters: number;
  proposals: number;
  start: Int32Array;
  cols: Int32Array;
  vals: Int8Array;
}

/** Builds a matrix voter by voter: `vote` for the current voter, `nextVoter` to close it. One vote per statement. */
export class MatrixBuilder {
  private start: number[] = [0];
  private cols: Int32Array;
  private vals: Int8Array;
  private size = 0;
  constructor(private readonly proposals: number, expectedVotes = 1024) {
    this.cols = new Int32Array(Math.max(16, expectedVotes));
    this.vals = new Int8Array(Math.max(16, expectedVotes));
  }
  vote(proposal: number, stance: Stance) {
    if (this.size === this.cols.length) {
      const cols = new Int32Array(this.size * 2);
      cols.set(this.cols);
      const vals = new Int8Array(this.size * 2);
      vals.set(this.vals);
      this.cols = cols;
      this.vals = vals;
    }
    this.cols[this.size] = proposal;
    this.vals[this.size] = stance;
    this.size++;
  }
  nextVoter() {
    this.start.push(this.size);
  }
  build(): VoteMatrix {
    return { voters: this.start.length - 1, proposals: this.proposals, start: Int32Array.from(this.start), cols: this.cols.subarray(0, this.size), vals: this.vals.subarray(0, this.size) };
  }
}

/** A small fast seeded generator (mulberry32): the same seed, the same groups. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pol.is: a participant is clustered once they voted on min(7, statements) statements. */
export const MIN_VOTES_TO_CLUSTER = 7;
/** Pol.is also always clusters the most active participants, so a young conversation has a map. */
const ALWAYS_CLUSTERED = 15;

/** Column means over the votes cast (pass = 0), and how many voted on each statement. */
function statementMeans(m: VoteMatrix): Float64Array {
  const sum = new Float64Array(m.proposals);
  const seen = new Float64Array(m.proposals);
  for (let e = 0; e < m.cols.length; e++) {
    sum[m.cols[e]!]! += m.vals[e]!;
    seen[m.cols[e]!]! += 1;
  }
  for (let j = 0; j < m.proposals; j++) sum[j] = seen[j]! > 0 ? sum[j]! / seen[j]! : 0;
  return sum;
}

/** Which voters are clustered: ≥ min(7, statements) votes, or among the 15 most active. */
export function clusteredVoters(m: VoteMatrix): Uint8Array {
  const threshold = Math.min(MIN_VOTES_TO_CLUSTER, m.proposals);
  const inConv = new Uint8Array(m.voters);
  const counts = Array.from({ length: m.voters }, (_, i) => m.start[i + 1]! - m.start[i]!);
  for (let i = 0; i < m.voters; i++) if (counts[i]! >= threshold && counts[i]! > 0) inConv[i] = 1;
  const mostActive = counts.map((c, i) => ({ c, i })).filter((x) => x.c > 0).sort((a, b) => b.c - a.c || a.i - b.i).slice(0, ALWAYS_CLUSTERED);
  for (const { i } of mostActive) inConv[i] = 1;
  return inConv;
}

function voted(m: VoteMatrix): Uint8Array {
  const rows = new Uint8Array(m.voters);
  for (let i = 0; i < m.voters; i++) rows[i] = m.start[i + 1]! > m.start[i]! ? 1 : 0;
  return rows;
}

/** Normalises `v` in place; returns its former length. */
function normalise(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < v.length; j++) v[j]! /= norm;
  return norm;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

/**
 * The top two principal components of the centred matrix (rows: `rows`), by block power iteration: V ← orth(Xᵀ X V),
 * then the 2 × 2 Rayleigh–Ritz step orders them. Converges to the same vectors as Pol.is's one-at-a-time power
 * iteration with deflation, in about half the passes when the first two eigenvalues are close (several groups).
 */
export function principalComponents(m: VoteMatrix, centred: Float64Array, rows: Uint8Array, warm?: [Float64Array, Float64Array], maxIterations = 200): [Float64Array, Float64Array] {
  const p = m.proposals;
  const rand = seededRandom(7);
  const random = () => Float64Array.from({ length: p }, () => rand() - 0.5);
  const usable = (v: Float64Array | undefined) => !!v && v.length === p && v.some((x) => Math.abs(x) > 1e-9);
  // A warm start is only a start: a stored vector of zeros (a first tally with too few voters to have a map) or of
  // another length would keep the iteration at zero forever, so it is replaced by the seeded one.
  let a: Float64Array = warm && usable(warm[0]) ? Float64Array.from(warm[0]) : random();
  let b: Float64Array = warm && usable(warm[1]) ? Float64Array.from(warm[1]) : random();
  const orthonormalise = () => {
    if (normalise(a) === 0) {
      a = random();
      normalise(a);
    }
    const proj = dot(a, b);
    for (let j = 0; j < p; j++) b[j]! -= proj * a[j]!;
    // b in a's direction (or zero): restart it from the seed, away from a.
    if (normalise(b) < 1e-12) {
      b = random();
      const again = dot(a, b);
      for (let j = 0; j < p; j++) b[j]! -= again * a[j]!;
      normalise(b);
    }
  };
  orthonormalise();
  const applyGram = (va: Float64Array, vb: Float64Array): [Float64Array, Float64Array] => {
    const wa = new Float64Array(p);
    const wb = new Float64Array(p);
    for (let i = 0; i < m.voters; i++) {
      if (!rows[i]) continue;
      let ya = 0;
      let yb = 0;
      const end = m.start[i + 1]!;
      for (let e = m.start[i]!; e < end; e++) {
        const c = m.cols[e]!;
        ya += centred[e]! * va[c]!;
        yb += centred[e]! * vb[c]!;
      }
      if (ya === 0 && yb === 0) continue;
      for (let e = m.start[i]!; e < end; e++) {
        const c = m.cols[e]!;
        wa[c]! += centred[e]! * ya;
        wb[c]! += centred[e]! * yb;
      }
    }
    return [wa, wb];
  };
  for (let iter = 0; iter < maxIterations; iter++) {
    const [wa, wb] = applyGram(a, b);
    const prevA = a;
    const prevB = b;
    a = wa;
    b = wb;
    orthonormalise();
    // Converged when the spanned plane stops moving (each new vector lies in the old plane).
    const residual = (v: Float64Array) => {
      const pa = dot(v, prevA);
      const pb = dot(v, prevB);
      return Math.max(0, 1 - pa * pa - pb * pb);
    };
    if (residual(a) + residual(b) < 1e-12) break;
  }
  // Rayleigh–Ritz: within the plane, the directions of most and least variance, biggest first.
  const [ga, gb] = applyGram(a, b);
  const h11 = dot(a, ga);
  const h12 = dot(a, gb);
  const h22 = dot(b, gb);
  const theta = 0.5 * Math.atan2(2 * h12, h11 - h22);
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const first = a.map((x, j) => cos * x + sin * b[j]!);
  const second = a.map((x, j) => -sin * x + cos * b[j]!);
  for (const v of [first, second]) {
    // Sign fixed so the largest entry is positive: the same votes always draw the same map.
    let biggest = 0;
    for (let j = 0; j < p; j++) if (Math.abs(v[j]!) > Math.abs(v[biggest]!)) biggest = j;
    if (v[biggest]! < 0) for (let j = 0; j < p; j++) v[j] = -v[j]!;
  }
  return [first, second];
}

/** A voter's place on the map: their centred votes on the components, scaled by √(statements / votes cast). */
export function positionOf(votes: ArrayLike<readonly [number, Stance]>, model: { means: ArrayLike<number>; components: [ArrayLike<number>, ArrayLike<number>] }, statements: number): [number, number] {
  let x = 0;
  let y = 0;
  for (let e = 0; e < votes.length; e++) {
    const [c, v] = votes[e]!;
    const d = v - model.means[c]!;
    x += d * model.components[0][c]!;
    y += d * model.components[1][c]!;
  }
  const scale = votes.length > 0 ? Math.sqrt(statements / votes.length) : 0;
  return [x * scale, y * scale];
}

export interface Clustering {
  k: number;
  /** Within-group sum of squared distances (lower is tighter). */
  inertia: number;
  /** Group index per point. */
  labels: Int32Array;
  sizes: number[];
  /** x, y per group, in group order. */
  centres: Float64Array;
  silhouette: number;
}

/** k-means (Lloyd iterations) on 2-D points, seeded by k-means++ or started from given centres. */
export function kmeans(points: Float64Array, k: number, seed: number, start?: Float64Array): Clustering {
  const n = points.length / 2;
  const rand = seededRandom(seed);
  const centres = new Float64Array(k * 2);
  if (start && start.length === k * 2) centres.set(start);
  else {
    const first = Math.floor(rand() * n);
    centres[0] = points[first * 2]!;
    centres[1] = points[first * 2 + 1]!;
    const d2 = new Float64Array(n).fill(Infinity);
    for (let c = 1; c < k; c++) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const dx = points[i * 2]! - centres[(c - 1) * 2]!;
        const dy = points[i * 2 + 1]! - centres[(c - 1) * 2 + 1]!;
        d2[i] = Math.min(d2[i]!, dx * dx + dy * dy);
        total += d2[i]!;
      }
      let target = rand() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        target -= d2[i]!;
        if (target <= 0) {
          pick = i;
          break;
        }
      }
      centres[c * 2] = points[pick * 2]!;
      centres[c * 2 + 1] = points[pick * 2 + 1]!;
    }
  }
  const labels = new Int32Array(n);
  for (let iter = 0; iter < 100; iter++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const best = nearest(centres, k, points[i * 2]!, points[i * 2 + 1]!);
      if (labels[i] !== best || iter === 0) moved++;
      labels[i] = best;
    }
    const sum = new Float64Array(k * 2);
    const count = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      sum[c * 2]! += points[i * 2]!;
      sum[c * 2 + 1]! += points[i * 2 + 1]!;
      count[c]! += 1;
    }
    for (let c = 0; c < k; c++) {
      if (count[c]! > 0) {
        centres[c * 2] = sum[c * 2]! / count[c]!;
        centres[c * 2 + 1] = sum[c * 2 + 1]! / count[c]!;
      }
    }
    if (moved === 0) break;
  }
  // Groups numbered by size (largest first) so the same votes always give the same group ids.
  const sizes = new Array<number>(k).fill(0);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    sizes[c]! += 1;
    inertia += (points[i * 2]! - centres[c * 2]!) ** 2 + (points[i * 2 + 1]! - centres[c * 2 + 1]!) ** 2;
  }
  const order = sizes.map((s, c) => ({ s, c })).sort((a, b) => b.s - a.s || a.c - b.c);
  const rename = new Int32Array(k);
  order.forEach((o, i) => (rename[o.c] = i));
  for (let i = 0; i < n; i++) labels[i] = rename[labels[i]!]!;
  const ordered = new Float64Array(k * 2);
  order.forEach((o, i) => {
    ordered[i * 2] = centres[o.c * 2]!;
    ordered[i * 2 + 1] = centres[o.c * 2 + 1]!;
  });
  return { k, inertia, labels, sizes: order.map((o) => o.s), centres: ordered, silhouette: 0 };
}

/** The group whose centre is nearest (ties: the lower group id). */
export function nearest(centres: ArrayLike<number>, k: number, x: number, y: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < k; c++) {
    const dx = x - centres[c * 2]!;
    const dy = y - centres[c * 2 + 1]!;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/**
 * Mean silhouette over a seeded random sample of at most 1,000 points (exact on small sets). Random, not
 * evenly spaced: voters often arrive in a pattern, and every tenth voter can be a biased sample.
 */
export function silhouette(points: Float64Array, labels: Int32Array, k: number, seed = 1): number {
  const n = labels.length;
  if (k < 2 || n < 3) return 0;
  let sample: Int32Array;
  if (n <= 1000) sample = Int32Array.from({ length: n }, (_, i) => i);
  else {
    const rand = seededRandom(seed);
    const pool = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < 1000; i++) {
      const j = i + Math.floor(rand() * (n - i));
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
    }
    sample = pool.subarray(0, 1000);
  }
  let total = 0;
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for (const i of sample) {
    sums.fill(0);
    counts.fill(0);
    const xi = points[i * 2]!;
    const yi = points[i * 2 + 1]!;
    for (const j of sample) {
      if (i === j) continue;
      const dx = xi - points[j * 2]!;
      const dy = yi - points[j * 2 + 1]!;
      sums[labels[j]!]! += Math.sqrt(dx * dx + dy * dy);
      counts[labels[j]!]! += 1;
    }
    const own = labels[i]!;
    if (counts[own]! === 0) continue;
    const a = sums[own]! / counts[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    if (!Number.isFinite(b)) continue;
    total += (b - a) / Math.max(a, b, 1e-12);
  }
  return total / sample.length;
}

// Pol.is's statistics (math/src/polismath/math/stats.clj), with its +1 pseudo-counts.

/** One-proportion z: is the share of `successes` in `n` above one half? */
export function propTest(successes: number, n: number): number {
  const s = successes + 1;
  const m = n + 1;
  return 2 * Math.sqrt(m) * (s / m - 0.5);
}

/** Two-proportion z: is the share in the first population above that in the second? */
export function twoPropTest(s1: number, n1: number, s2: number, n2: number): number {
  const a = s1 + 1;
  const b = n1 + 1;
  const c = s2 + 1;
  const d = n2 + 1;
  const pi = (a + c) / (b + d);
  if (pi >= 1 || pi <= 0) return 0;
  return (a / b - c / d) / Math.sqrt(pi * (1 - pi) * (1 / b + 1 / d));
}

/** z above this is significant at 90 % (one-sided), as in Pol.is. */
export const Z_90 = 1.2816;

export interface Repness {
  /** Index of the statement (proposal) in the matrix. */
  index: number;
  /** What makes the group different: it agrees more than the rest, or disagrees more. */
  direction: "agree" | "disagree";
  /** Smoothed share of the group that agrees (or disagrees): (n + 1) / (votes + 2). */
  inGroup: number;
  /** The same share among everyone clustered outside the group. */
  rest: number;
  /** The plain shares (agrees or disagrees / votes) in the group and outside it: what a page shows. */
  groupShare: number;
  restShare: number;
  /** inGroup / rest. */
  ratio: number;
  /** Two-proportion z of the group against the rest. */
  z: number;
  /** One-proportion z of the group's share against one half. */
  zGroup: number;
  /** Both z significant at 90 %. */
  significant: boolean;
  votes: number;
}

export interface ConsensusStatement {
  index: number;
  direction: "agree" | "disagree";
  /** Group-informed score: the product over the groups of the smoothed share agreeing (or disagreeing). */
  score: number;
  /** The lowest smoothed share agreeing (disagreeing) in any group. */
  weakest: number;
  /** The lowest plain share (agrees or disagrees / votes) in any group: what a page shows. */
  weakestShare: number;
}

export interface GroupSupport { group: number; agree: number; disagree: number; pass: number; votes: number; probability: number }

export interface ProposalConsensus {
  index: number;
  agree: number;
  disagree: number;
  pass: number;
  groups: GroupSupport[];
  consensus: number;
}

export interface OpinionGroup {
  id: number;
  size: number;
  /** Where the group sits on the map, and its spread (standard deviation along each axis). */
  centre: [number, number];
  spread: [number, number];
  /** Up to five statements that set the group apart, strongest first (agreements before disagreements). */
  repness: Repness[];
}

/** What a later tally (or a person's "where do I stand?") needs to place voters on the same map. */
export interface OpinionModel {
  means: Float64Array;
  components: [Float64Array, Float64Array];
  /** x, y per group. */
  centres: Float64Array;
  minVotes: number;
}

export interface ConsensusResult {
  groups: OpinionGroup[];
  silhouette: number;
  /** Best consensus first (ties: more agrees, then the earlier proposal). */
  proposals: ProposalConsensus[];
  /** Statements every group agrees (or disagrees) with, strongest first, at most five each. */
  consensusStatements: { agree: ConsensusStatement[]; disagree: ConsensusStatement[] };
  /** Per voter: group id, or −1 when they voted on too little to be placed (they still count in the totals). */
  labels: Int32Array;
  /** Per voter: x, y on the map (0, 0 for voters not placed). */
  positions: Float64Array;
  model: OpinionModel;
  /** True when the last tally's map was reused (few votes changed since). */
  reused: boolean;
}

/**
 * How much silhouette a grouping may give up for having fewer groups. Votes are discrete: with few statements,
 * identical voters pile up on a handful of points and splitting a real group into its vote patterns raises the
 * silhouette (100 voters on 6 proposals: 0.69 for the true 2 groups, up to 0.80 for 4). With many statements voters
 * spread out and the silhouette is trusted as it is (Pol.is-shaped, 2,000 statements: 0.47 for 2 groups against
 * 0.58 for the true 3). So the slack is 0.12 up to 20 statements and shrinks in proportion beyond.
 */
export function silhouetteSlack(statements: number): number {
  return 0.12 * Math.min(1, 20 / Math.max(1, statements));
}
const RESTARTS = 4;
const MAX_GROUPS = 5;

export interface ConsensusOptions {
  seed?: number;
  /** Smallest group allowed (default: max(3, 5 % of the clustered voters): a handful of voters is one group). */
  minGroupSize?: number;
  /** The last tally's model, in this matrix's statement order. */
  previous?: { components: [Float64Array, Float64Array]; centres: Float64Array };
  /** Reuse `previous` as it is (few votes changed): project with its components, refine its groups only. */
  reuse?: boolean;
}

export function groupInformedConsensus(m: VoteMatrix, options: ConsensusOptions = {}): ConsensusResult {
  const n = m.voters;
  const p = m.proposals;
  const seed = options.seed ?? 20261122;
  const means = statementMeans(m);
  const centred = new Float64Array(m.cols.length);
  for (let e = 0; e < centred.length; e++) centred[e] = m.vals[e]! - means[m.cols[e]!]!;
  const inConv = clusteredVoters(m);
  let clusteredCount = 0;
  for (let i = 0; i < n; i++) clusteredCount += inConv[i]!;
  const minGroup = options.minGroupSize ?? Math.max(3, Math.ceil(clusteredCount * 0.05));

  const reuse = !!(options.reuse && options.previous && options.previous.components[0].length === p);
  let components: [Float64Array, Float64Array] = [new Float64Array(p), new Float64Array(p)];
  const positions = new Float64Array(n * 2);
  let best: Clustering | null = null;
  let reusedGroups = false;
  if (clusteredCount >= 2 * minGroup && p > 0) {
    // PCA over every voter who voted (as Pol.is: the same rows the means come from); clustering over the placed ones.
    components = reuse ? options.previous!.components : principalComponents(m, centred, voted(m), options.previous?.components);
    for (let i = 0; i < n; i++) {
      const s = m.start[i]!;
      const e = m.start[i + 1]!;
      if (e === s) continue;
      let x = 0;
      let y = 0;
      for (let k = s; k < e; k++) {
        x += centred[k]! * components[0][m.cols[k]!]!;
        y += centred[k]! * components[1][m.cols[k]!]!;
      }
      const scale = Math.sqrt(p / (e - s));
      positions[i * 2] = x * scale;
      positions[i * 2 + 1] = y * scale;
    }
    const index = Int32Array.from({ length: n }, (_, i) => i).filter((i) => inConv[i] === 1);
    const points = new Float64Array(index.length * 2);
    index.forEach((i, at) => {
      points[at * 2] = positions[i * 2]!;
      points[at * 2 + 1] = positions[i * 2 + 1]!;
    });
    // Reusing: the last groups, refined; if one of them has shrunk below the minimum, the groups are chosen afresh.
    const refined = reuse ? refineGroups(points, options.previous!.centres, minGroup) : null;
    reusedGroups = !!refined;
    best = refined ?? chooseGroups(points, minGroup, seed, silhouetteSlack(p));
    if (best) {
      // Back to voters: clustered voters get their group, the rest −1. Unless the rest are fewer than a group may be:
      // the published totals minus the groups' counts would be their ballots, so they join their nearest group.
      const labels = new Int32Array(n).fill(-1);
      index.forEach((i, at) => (labels[i] = best!.labels[at]!));
      const unplaced = n - index.length;
      if (unplaced > 0 && unplaced < minGroup) {
        const sizes = [...best.sizes];
        for (let i = 0; i < n; i++) {
          if (labels[i]! >= 0) continue;
          labels[i] = nearest(best.centres, best.k, positions[i * 2]!, positions[i * 2 + 1]!);
          sizes[labels[i]!]! += 1;
        }
        best = { ...best, sizes };
      }
      best = { ...best, labels };
    }
  }
  // No groups found: everyone, however little they voted, is one group.
  const clustering: Clustering = best ?? { k: 1, inertia: 0, labels: new Int32Array(n), sizes: [n], centres: new Float64Array(2), silhouette: 0 };
  if (!best) positions.fill(0);
  const g = clustering.k;
  const labels = clustering.labels;

  // Per group and statement: agree, disagree, pass. Totals count every voter, placed or not.
  const agree = new Int32Array(g * p);
  const disagree = new Int32Array(g * p);
  const pass = new Int32Array(g * p);
  const total = { agree: new Int32Array(p), disagree: new Int32Array(p), pass: new Int32Array(p) };
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    for (let e = m.start[i]!; e < m.start[i + 1]!; e++) {
      const j = m.cols[e]!;
      const v = m.vals[e]!;
      const bucket = v === AGREE ? "agree" : v === DISAGREE ? "disagree" : "pass";
      total[bucket][j]! += 1;
      if (label < 0) continue;
      const cell = label * p + j;
      if (v === AGREE) agree[cell]! += 1;
      else if (v === DISAGREE) disagree[cell]! += 1;
      else pass[cell]! += 1;
    }
  }
  const proposals: ProposalConsensus[] = [];
  for (let j = 0; j < p; j++) {
    const groups: GroupSupport[] = [];
    let consensus = 1;
    for (let c = 0; c < g; c++) {
      const cell = c * p + j;
      const votes = agree[cell]! + disagree[cell]! + pass[cell]!;
      const probability = (agree[cell]! + 1) / (votes + 2);
      consensus *= probability;
      groups.push({ group: c, agree: agree[cell]!, disagree: disagree[cell]!, pass: pass[cell]!, votes, probability });
    }
    proposals.push({ index: j, agree: total.agree[j]!, disagree: total.disagree[j]!, pass: total.pass[j]!, groups, consensus });
  }
  const consensusStatements = g > 1 ? findConsensusStatements(proposals) : { agree: [], disagree: [] };
  proposals.sort((x, y) => y.consensus - x.consensus || y.agree - x.agree || x.index - y.index);

  const groups: OpinionGroup[] = clustering.sizes.map((size, id) => ({
    id,
    size,
    centre: [clustering.centres[id * 2]!, clustering.centres[id * 2 + 1]!] as [number, number],
    spread: spreadOf(positions, labels, id, clustering.centres),
    repness: g > 1 ? representativeStatements(id, g, p, agree, disagree, pass) : [],
  }));
  return {
    groups,
    silhouette: clustering.silhouette,
    proposals,
    consensusStatements,
    labels,
    positions,
    model: { means, components, centres: clustering.centres, minVotes: Math.min(MIN_VOTES_TO_CLUSTER, p) },
    reused: reusedGroups,
  };
}

/** Tries k = 2…5 with restarts; the fewest groups within the slack of the best silhouette, or null. */
function chooseGroups(points: Float64Array, minGroup: number, seed: number, slack: number): Clustering | null {
  const n = points.length / 2;
  const candidates: Clustering[] = [];
  for (let k = 2; k <= MAX_GROUPS; k++) {
    if (n < k * minGroup) break;
    // A few seeded restarts per k (k-means finds local optima); the tightest one is kept.
    let c = kmeans(points, k, seed + k);
    for (let r = 1; r < RESTARTS; r++) {
      const other = kmeans(points, k, seed + k + 1000 * r);
      if (other.inertia < c.inertia - 1e-9) c = other;
    }
    c.silhouette = silhouette(points, c.labels, k);
    if (c.sizes.every((s) => s >= minGroup) && c.silhouette > 0) candidates.push(c);
  }
  // Splitting a real group can raise the silhouette a little (see silhouetteSlack): the fewest groups within the slack.
  const top = Math.max(0, ...candidates.map((c) => c.silhouette));
  return candidates.find((c) => c.silhouette >= top - slack) ?? null;
}

/** While voting, with few votes changed: the last tally's groups, moved to where their members now are. */
function refineGroups(points: Float64Array, centres: Float64Array, minGroup: number): Clustering | null {
  const k = centres.length / 2;
  if (k < 2) return null;
  const c = kmeans(points, k, 0, centres);
  if (!c.sizes.every((s) => s >= minGroup)) return null;
  c.silhouette = silhouette(points, c.labels, k);
  return c;
}

function spreadOf(positions: Float64Array, labels: Int32Array, group: number, centres: Float64Array): [number, number] {
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== group) continue;
    sx += (positions[i * 2]! - centres[group * 2]!) ** 2;
    sy += (positions[i * 2 + 1]! - centres[group * 2 + 1]!) ** 2;
    count++;
  }
  return count > 0 ? [Math.sqrt(sx / count), Math.sqrt(sy / count)] : [0, 0];
}

/**
 * Pol.is "repness" (math/src/polismath/math/repness.clj): for each statement, how much more the group agrees (or
 * disagrees) than everyone else clustered, ra = pa(group) / pa(rest) with pa = (1 + agrees) / (2 + votes), and its
 * two-proportion z. A statement represents the group when both z (group vs rest, group vs one half) are significant
 * at 90 %; sorted by ra · z · pa · z(pa); agreements first, at most five; if none is significant, the best one.
 */
export function representativeStatements(group: number, g: number, p: number, agree: Int32Array, disagree: Int32Array, pass: Int32Array): Repness[] {
  const all: (Repness & { metric: number })[] = [];
  for (let j = 0; j < p; j++) {
    let na = 0;
    let nd = 0;
    let ns = 0;
    let ra = 0;
    let rd = 0;
    let rs = 0;
    for (let c = 0; c < g; c++) {
      const cell = c * p + j;
      const votes = agree[cell]! + disagree[cell]! + pass[cell]!;
      if (c === group) {
        na = agree[cell]!;
        nd = disagree[cell]!;
        ns = votes;
      } else {
        ra += agree[cell]!;
        rd += disagree[cell]!;
        rs += votes;
      }
    }
    if (ns === 0) continue;
    const side = (inCount: number, restCount: number, direction: "agree" | "disagree") => {
      const inGroup = (1 + inCount) / (2 + ns);
      const rest = (1 + restCount) / (2 + rs);
      const z = twoPropTest(inCount, ns, restCount, rs);
      const zGroup = propTest(inCount, ns);
      const ratio = inGroup / rest;
      const groupShare = ns > 0 ? inCount / ns : 0;
      const restShare = rs > 0 ? restCount / rs : 0;
      return { index: j, direction, inGroup, rest, groupShare, restShare, ratio, z, zGroup, significant: z > Z_90 && zGroup > Z_90, votes: ns, metric: ratio * z * inGroup * zGroup };
    };
    const a = side(na, ra, "agree");
    const d = side(nd, rd, "disagree");
    // Pol.is keeps the side on which the group differs more from the rest.
    all.push(a.z >= d.z ? a : d);
  }
  const significant = all.filter((r) => r.significant).sort((x, y) => y.metric - x.metric || x.index - y.index).slice(0, 5);
  const chosen = significant.length > 0
    ? [...significant.filter((r) => r.direction === "agree"), ...significant.filter((r) => r.direction === "disagree")]
    : all.sort((x, y) => y.z - x.z || x.index - y.index).slice(0, 1);
  return chosen.map(({ metric: _metric, ...r }) => r);
}

/**
 * Consensus across groups: statements a majority of *every* group agrees with (each group's smoothed share > ½ and
 * significant by the one-proportion test), strongest group-informed score first; the same for disagreement.
 */
export function findConsensusStatements(proposals: ProposalConsensus[], limit = 5): { agree: ConsensusStatement[]; disagree: ConsensusStatement[] } {
  const pick = (direction: "agree" | "disagree") =>
    proposals
      .map((prop) => {
        let score = 1;
        let weakest = 1;
        let weakestShare = 1;
        let every = true;
        for (const grp of prop.groups) {
          const n = direction === "agree" ? grp.agree : grp.disagree;
          const share = (n + 1) / (grp.votes + 2);
          score *= share;
          weakest = Math.min(weakest, share);
          weakestShare = Math.min(weakestShare, grp.votes > 0 ? n / grp.votes : 0);
          if (!(share > 0.5 && propTest(n, grp.votes) > Z_90)) every = false;
        }
        return { index: prop.index, direction, score, weakest, weakestShare, every };
      })
      .filter((s) => s.every)
      .sort((x, y) => y.score - x.score || x.index - y.index)
      .slice(0, limit)
      .map(({ every: _every, ...s }) => s);
  return { agree: pick("agree"), disagree: pick("disagree") };
}
