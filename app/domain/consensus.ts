// Group-informed consensus (the idea behind Pol.is and Community Notes' bridging): voters are grouped by
// how they vote, and a proposal scores by its support in *every* group, so a large group cannot carry a
// proposal the others reject. Pure and deterministic (seeded), over typed arrays so a million votes stay fast.
//
// 1. Matrix: voter × proposal, agree 1, disagree −1, pass or unseen 0.
// 2. PCA to two components (covariance of the centred matrix, top-2 eigenvectors by power iteration).
// 3. k-means on the 2-D points for k = 2…5 (k-means++ seeding from a fixed seed); among the k whose every
//    group has at least `minGroupSize` voters, the fewest groups whose mean silhouette (over a fixed sample of
//    voters) is within 0.1 of the best; if none qualifies there is one group.
// 4. Per group and proposal: P(agree) = (agrees + 1) / (votes + 2) (Laplace), votes = members who voted
//    agree, disagree or pass on it. Consensus = the product of P(agree) over the groups.

export const AGREE = 1;
export const DISAGREE = -1;
export const PASS = 0;

export interface VoteMatrix {
  voters: number;
  proposals: number;
  /** voters × proposals, row-major: 1, −1 or 0. */
  values: Int8Array;
  /** 1 where the voter voted (agree, disagree or pass) on the proposal. */
  seen: Uint8Array;
}

export function emptyMatrix(voters: number, proposals: number): VoteMatrix {
  return { voters, proposals, values: new Int8Array(voters * proposals), seen: new Uint8Array(voters * proposals) };
}

export function setVote(m: VoteMatrix, voter: number, proposal: number, stance: -1 | 0 | 1) {
  m.values[voter * m.proposals + proposal] = stance;
  m.seen[voter * m.proposals + proposal] = 1;
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

/** Projects voters onto the first two principal components. Returns x,y pairs (length 2 × voters). */
export function pca2(m: VoteMatrix): Float64Array {
  const { voters: n, proposals: p, values } = m;
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += values[i * p + j]!;
  for (let j = 0; j < p; j++) mean[j]! /= Math.max(1, n);
  // Covariance (p × p), upper triangle then mirrored.
  const cov = new Float64Array(p * p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const base = i * p;
    for (let j = 0; j < p; j++) row[j] = values[base + j]! - mean[j]!;
    for (let a = 0; a < p; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      const off = a * p;
      for (let b = a; b < p; b++) cov[off + b]! += ra * row[b]!;
    }
  }
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) cov[b * p + a] = cov[a * p + b]!;
  const components = topEigenvectors(cov, p, 2);
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    let x = 0;
    let y = 0;
    for (let j = 0; j < p; j++) {
      const v = values[i * p + j]! - mean[j]!;
      x += v * components[0]![j]!;
      y += v * components[1]![j]!;
    }
    out[i * 2] = x;
    out[i * 2 + 1] = y;
  }
  return out;
}

/** Power iteration with deflation; deterministic start vector; sign fixed so the largest entry is positive. */
function topEigenvectors(matrix: Float64Array, p: number, count: number): Float64Array[] {
  const a = Float64Array.from(matrix);
  const vectors: Float64Array[] = [];
  for (let c = 0; c < count; c++) {
    let v = new Float64Array(p).map((_, i) => 1 + ((i * 7 + c * 3) % 5) / 10);
    let lambda = 0;
    for (let iter = 0; iter < 300; iter++) {
      const w = new Float64Array(p);
      for (let i = 0; i < p; i++) {
        let s = 0;
        const off = i * p;
        for (let j = 0; j < p; j++) s += a[off + j]! * v[j]!;
        w[i] = s;
      }
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      for (let i = 0; i < p; i++) w[i]! /= norm;
      let diff = 0;
      for (let i = 0; i < p; i++) diff += Math.abs(w[i]! - v[i]!);
      v = w;
      lambda = norm;
      if (diff < 1e-10) break;
    }
    let biggest = 0;
    for (let i = 0; i < p; i++) if (Math.abs(v[i]!) > Math.abs(v[biggest]!)) biggest = i;
    if (v[biggest]! < 0) for (let i = 0; i < p; i++) v[i] = -v[i]!;
    vectors.push(v);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) a[i * p + j]! -= lambda * v[i]! * v[j]!;
  }
  return vectors;
}

export interface Clustering {
  k: number;
  /** Within-group sum of squared distances (lower is tighter). */
  inertia: number;
  /** Group index per voter. */
  labels: Int32Array;
  sizes: number[];
  silhouette: number;
}

/** k-means (k-means++ seeding, Lloyd iterations) on 2-D points. */
export function kmeans(points: Float64Array, k: number, seed: number): Clustering {
  const n = points.length / 2;
  const rand = seededRandom(seed);
  const centres = new Float64Array(k * 2);
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
  const labels = new Int32Array(n);
  for (let iter = 0; iter < 100; iter++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dx = points[i * 2]! - centres[c * 2]!;
        const dy = points[i * 2 + 1]! - centres[c * 2 + 1]!;
        const d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
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
  return { k, inertia, labels, sizes: order.map((o) => o.s), silhouette: 0 };
}

/**
 * Mean silhouette over a seeded random sample of at most 1,000 points (exact on small sets). Random, not
 * evenly spaced: voters often arrive in a pattern, and every tenth voter can be a biased sample.
 */
export function silhouette(points: Float64Array, labels: Int32Array, k: number, seed = 1): number {
  const n = labels.length;
  if (k < 2 || n < 3) return 0;
  let sample: number[];
  if (n <= 1000) sample = Array.from({ length: n }, (_, i) => i);
  else {
    const rand = seededRandom(seed);
    const pool = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < 1000; i++) {
      const j = i + Math.floor(rand() * (n - i));
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
    }
    sample = Array.from(pool.subarray(0, 1000));
  }
  let total = 0;
  for (const i of sample) {
    const sums = new Float64Array(k);
    const counts = new Float64Array(k);
    for (const j of sample) {
      if (i === j) continue;
      const d = Math.hypot(points[i * 2]! - points[j * 2]!, points[i * 2 + 1]! - points[j * 2 + 1]!);
      sums[labels[j]!]! += d;
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

export interface GroupSupport { group: number; agree: number; disagree: number; pass: number; votes: number; probability: number }

export interface ProposalConsensus {
  index: number;
  agree: number;
  disagree: number;
  pass: number;
  groups: GroupSupport[];
  consensus: number;
}

export interface ConsensusResult {
  groups: { id: number; size: number }[];
  silhouette: number;
  /** Best consensus first (ties: more agrees, then the earlier proposal). */
  proposals: ProposalConsensus[];
}

/** How much silhouette a grouping may give up for having fewer groups (see groupInformedConsensus). */
export const SILHOUETTE_SLACK = 0.1;
const RESTARTS = 4;

export interface ConsensusOptions {
  seed?: number;
  /** Smallest group allowed (default: max(3, 5 % of voters): a handful of voters is one group). */
  minGroupSize?: number;
}

export function groupInformedConsensus(m: VoteMatrix, options: ConsensusOptions = {}): ConsensusResult {
  const n = m.voters;
  const p = m.proposals;
  const seed = options.seed ?? 20261122;
  const minGroup = options.minGroupSize ?? Math.max(3, Math.ceil(n * 0.05));
  let best: Clustering = { k: 1, inertia: 0, labels: new Int32Array(n), sizes: [n], silhouette: 0 };
  if (n >= 2 * minGroup && p > 0) {
    const points = pca2(m);
    const candidates: Clustering[] = [];
    for (let k = 2; k <= 5; k++) {
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
    // Votes are discrete, so identical voters pile up on the same point and splitting a real group can raise
    // the silhouette a little: take the fewest groups whose silhouette is within SILHOUETTE_SLACK of the best.
    const top = Math.max(0, ...candidates.map((c) => c.silhouette));
    best = candidates.find((c) => c.silhouette >= top - SILHOUETTE_SLACK) ?? best;
  }
  const g = best.k;
  const agree = new Int32Array(g * p);
  const disagree = new Int32Array(g * p);
  const pass = new Int32Array(g * p);
  for (let i = 0; i < n; i++) {
    const label = best.labels[i]!;
    const base = i * p;
    for (let j = 0; j < p; j++) {
      if (!m.seen[base + j]) continue;
      const v = m.values[base + j]!;
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
    let a = 0;
    let d = 0;
    let s = 0;
    for (let c = 0; c < g; c++) {
      const cell = c * p + j;
      const votes = agree[cell]! + disagree[cell]! + pass[cell]!;
      const probability = (agree[cell]! + 1) / (votes + 2);
      consensus *= probability;
      a += agree[cell]!;
      d += disagree[cell]!;
      s += pass[cell]!;
      groups.push({ group: c, agree: agree[cell]!, disagree: disagree[cell]!, pass: pass[cell]!, votes, probability });
    }
    proposals.push({ index: j, agree: a, disagree: d, pass: s, groups, consensus });
  }
  proposals.sort((x, y) => y.consensus - x.consensus || y.agree - x.agree || x.index - y.index);
  return { groups: best.sizes.map((size, id) => ({ id, size })), silhouette: best.silhouette, proposals };
}
