// A Pol.is-shaped conversation with known answers, for `bench:tally` and the tests: participants in opinion groups
// of known sizes, statements that split the groups, a few that every group agrees with, a heavy tail of votes per
// person (most vote on a few dozen, a few on hundreds), earlier statements seen more often, some passes and a few
// statements moderated out. Written as a Pol.is export (comments.csv, votes.csv) plus truth.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { seededRandom, type Stance } from "~/domain/consensus";

export interface PolisShape {
  participants: number;
  statements: number;
  /** Median votes per person; the spread is log-normal (σ = 1.2), so the mean is about twice the median. */
  medianVotes: number;
  /** Shares of the opinion groups (sum 1). */
  groupShares: number[];
  consensusStatements: number;
  seed: number;
}

export const POLIS_SCALE: PolisShape = { participants: 5_000, statements: 2_000, medianVotes: 50, groupShares: [0.5, 0.3, 0.2], consensusStatements: 12, seed: 2016 };

export interface PolisShaped {
  /** The group each participant was built in (index = voter-id). */
  groups: number[];
  /** comment-ids built as consensus statements (agreed in every group). */
  consensus: string[];
  /** comment-ids moderated out. */
  moderated: string[];
  votes: number;
  /** Each participant's votes as [comment-id, vote], by voter-id (what votes.csv holds, without reading it back). */
  ballots: [number, Stance][][];
  comments: string;
  votesCsv: string;
}

export function polisShaped(shape: PolisShape = POLIS_SCALE): PolisShaped {
  const rand = seededRandom(shape.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const groupOf = (r: number) => {
    let acc = 0;
    for (let g = 0; g < shape.groupShares.length; g++) if (r < (acc += shape.groupShares[g]!)) return g;
    return shape.groupShares.length - 1;
  };
  const groups = Array.from({ length: shape.participants }, () => groupOf(rand()));
  const S = shape.statements;
  const G = shape.groupShares.length;
  // Each statement: P(agree) per group. A group leans for (0.70–0.95) or against (0.05–0.30); a statement every group
  // leans for is redrawn unless it is one of the built-in consensus statements, so only those are shared agreement.
  const consensusAt = new Set<number>();
  while (consensusAt.size < shape.consensusStatements) consensusAt.add(Math.floor(rand() * S));
  const agreeP: number[][] = [];
  for (let j = 0; j < S; j++) {
    if (consensusAt.has(j)) {
      agreeP.push(Array.from({ length: G }, () => 0.8 + 0.15 * rand()));
      continue;
    }
    let p: number[];
    do p = Array.from({ length: G }, () => (rand() < 0.5 ? 0.7 + 0.25 * rand() : 0.05 + 0.25 * rand()));
    while (p.every((x) => x >= 0.7));
    agreeP.push(p);
  }
  const moderated = new Set<number>();
  while (moderated.size < Math.round(S * 0.01)) {
    const j = Math.floor(rand() * S);
    if (!consensusAt.has(j)) moderated.add(j);
  }
  // Earlier statements are shown more (Pol.is routes by priority, and they were there longer): weight 1 / (1 + j/200).
  const cumulative = new Float64Array(S);
  let sum = 0;
  for (let j = 0; j < S; j++) cumulative[j] = sum += 1 / (1 + j / 200);
  const pickStatement = () => {
    const target = rand() * sum;
    let lo = 0;
    let hi = S - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const agrees = new Int32Array(S);
  const disagrees = new Int32Array(S);
  const lines: string[] = ["timestamp,datetime,comment-id,voter-id,vote"];
  let t = 1_700_000_000_000;
  let votes = 0;
  const ballots: [number, Stance][][] = [];
  for (let v = 0; v < shape.participants; v++) {
    const ballot: [number, Stance][] = [];
    ballots.push(ballot);
    const count = Math.max(1, Math.min(S, Math.round(shape.medianVotes * Math.exp(1.2 * normal()))));
    const seen = new Set<number>();
    // Rejection with a set while the person sees at most half the statements; beyond that, everything but a few.
    if (count <= S / 2) while (seen.size < count) seen.add(pickStatement());
    else {
      for (let j = 0; j < S; j++) seen.add(j);
      while (seen.size > count) seen.delete(Math.floor(rand() * S));
    }
    for (const j of seen) {
      const pa = agreeP[j]![groups[v]!]!;
      const r = rand();
      // 15 % of the non-agreeing votes are passes.
      const vote: Stance = r < pa ? 1 : r < pa + (1 - pa) * 0.85 ? -1 : 0;
      if (vote === 1) agrees[j]! += 1;
      if (vote === -1) disagrees[j]! += 1;
      t += 1 + Math.floor(rand() * 500);
      lines.push(`${t},,${j},${v},${vote}`);
      ballot.push([j, vote]);
      votes++;
    }
  }
  const comments = ["timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body"];
  for (let j = 0; j < S; j++) {
    const body = consensusAt.has(j) ? `Pernyataan bersama ${j}: semua kelompok setuju` : `Pernyataan ${j} yang memisahkan kelompok`;
    comments.push(`${1_699_000_000_000 + j},,${j},${j % shape.participants},${agrees[j]},${disagrees[j]},${moderated.has(j) ? -1 : 0},${body}`);
  }
  return {
    groups,
    consensus: [...consensusAt].sort((a, b) => a - b).map(String),
    moderated: [...moderated].map(String),
    votes,
    ballots,
    comments: comments.join("\n") + "\n",
    votesCsv: lines.join("\n") + "\n",
  };
}

/** Writes the export (comments.csv, votes.csv) and truth.json to `dir`. */
export function writePolisShaped(dir: string, data: PolisShaped) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "comments.csv"), data.comments);
  writeFileSync(path.join(dir, "votes.csv"), data.votesCsv);
  writeFileSync(path.join(dir, "truth.json"), JSON.stringify({ groups: data.groups, consensus: data.consensus, moderated: data.moderated }));
}

/** Adjusted Rand index of two labelings of the same items (1 = identical up to renaming, ~0 = chance). */
export function adjustedRandIndex(a: readonly number[], b: readonly number[]): number {
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    table.set(`${a[i]}:${b[i]}`, (table.get(`${a[i]}:${b[i]}`) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const index = [...table.values()].reduce((s, n) => s + pairs(n), 0);
  const rowSum = [...rows.values()].reduce((s, n) => s + pairs(n), 0);
  const colSum = [...cols.values()].reduce((s, n) => s + pairs(n), 0);
  const expected = (rowSum * colSum) / pairs(a.length);
  const max = (rowSum + colSum) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
