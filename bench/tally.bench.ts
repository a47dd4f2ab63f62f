// `npm run bench:tally`: the group-informed consensus at two scales, each against a baseline measured in the same run.
//  1. Dense: 1,000,000 votes (10,000 voters × 100 proposals, three opinion groups with noise), against a plain SQL
//     GROUP BY count of the same votes in the same SQLite database. Both read the votes from the database.
//  2. Pol.is-shaped: 5,000 participants × 2,000 statements, ~500,000 votes (heavy-tailed per person), three groups of
//     50/30/20 % and 12 consensus statements (bench/polis-shaped.ts): `npm run import:polis`'s import, then the tally
//     as `npm run tally` computes it (ballots read from the database), against the numpy implementation of the same
//     steps (bench/polis_baseline.py, when python3 with numpy is there). Group recovery (adjusted Rand index against
//     the built-in groups, people with ≥ 7 votes) and the consensus statements found.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { MatrixBuilder, groupInformedConsensus, seededRandom, type Stance } from "~/domain/consensus";
import { BENCH_DIR, benchTemplate } from "./fixtures";
import { adjustedRandIndex, polisShaped, POLIS_SCALE, writePolisShaped } from "./polis-shaped";

const VOTERS = Number(process.env.BENCH_VOTERS ?? 10_000);
const PROPOSALS = 100;
const RUNS = 3;

function median(fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

// The Pol.is-shaped database needs a migrated template (reference data): made first, as it clears BENCH_DIR.
const template = benchTemplate();
mkdirSync(BENCH_DIR, { recursive: true });

// ---- 1. Dense: a million votes --------------------------------------------------------------------------------
{
  const file = path.join(BENCH_DIR, "votes.db");
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE vote (voter INTEGER NOT NULL, proposal INTEGER NOT NULL, stance INTEGER NOT NULL, PRIMARY KEY (voter, proposal)) WITHOUT ROWID");
  const rand = seededRandom(42);
  const groupOf = (v: number) => (v % 10 < 5 ? 0 : v % 10 < 8 ? 1 : 2);
  const leaning = Array.from({ length: PROPOSALS }, () => [rand(), rand(), rand()]);
  const insert = db.prepare("INSERT INTO vote VALUES (?, ?, ?)");
  db.transaction(() => {
    for (let v = 0; v < VOTERS; v++) {
      for (let p = 0; p < PROPOSALS; p++) {
        const pa = leaning[p]![groupOf(v)]!;
        const r = rand();
        insert.run(v, p, r < pa ? 1 : r < pa + (1 - pa) * 0.8 ? -1 : 0);
      }
    }
  })();
  const total = (db.prepare("SELECT count(*) AS n FROM vote").get() as { n: number }).n;
  const groupBy = db.prepare("SELECT proposal, stance, count(*) AS n FROM vote GROUP BY proposal, stance");
  // Each vote read as one integer ((voter × proposals + proposal) × 4 + stance + 1): a million three-column rows are
  // a million arrays to allocate (≈ 650–1,100 ms here), a million numbers ≈ 250–350 ms.
  const all = db.prepare(`SELECT (voter * ${PROPOSALS} + proposal) * 4 + stance + 1 FROM vote ORDER BY voter`).pluck();
  let result: ReturnType<typeof groupInformedConsensus> | undefined;
  const sqlMs = median(() => groupBy.all());
  const consensusMs = median(() => {
    const m = new MatrixBuilder(PROPOSALS, total);
    let current = 0;
    for (const packed of all.all() as number[]) {
      const voter = Math.floor(packed / (4 * PROPOSALS));
      while (current < voter) {
        m.nextVoter();
        current++;
      }
      m.vote(Math.floor(packed / 4) % PROPOSALS, ((packed % 4) - 1) as Stance);
    }
    m.nextVoter();
    result = groupInformedConsensus(m.build());
  });
  db.close();
  const built = [0, 1, 2].map((g) => Array.from({ length: VOTERS }, (_, v) => groupOf(v)).filter((x) => x === g).length);
  console.log(`## Dense: ${total.toLocaleString("en")} votes (${VOTERS.toLocaleString("en")} voters × ${PROPOSALS} proposals), median of ${RUNS} runs`);
  console.log(`SQL GROUP BY count:                                              ${sqlMs.toFixed(0)} ms`);
  console.log(`group-informed consensus (read + matrix + PCA + k-means + scores): ${consensusMs.toFixed(0)} ms`);
  console.log(`groups found: ${result!.groups.map((g) => g.size).join(" / ")} (built as ${built.join(" / ")})`);
  console.log(`ratio consensus / GROUP BY: ${(consensusMs / sqlMs).toFixed(2)}× (goal: ≤ 2×, and under 1 s)\n`);
}

// ---- 2. Pol.is-shaped ----------------------------------------------------------------------------------------
const folder = path.join(BENCH_DIR, "polis-shaped");
const shaped = polisShaped(POLIS_SCALE);
writePolisShaped(folder, shaped);
console.log(`## Pol.is-shaped: ${POLIS_SCALE.participants.toLocaleString("en")} participants × ${POLIS_SCALE.statements.toLocaleString("en")} statements, ${shaped.votes.toLocaleString("en")} votes, groups ${POLIS_SCALE.groupShares.map((s) => `${s * 100} %`).join(" / ")}, ${shaped.consensus.length} consensus statements`);

const dbFile = path.join(BENCH_DIR, "polis.db");
copyFileSync(template, dbFile);
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.SMTP_URL ??= "smtp://127.0.0.1:2525";
const { db, prepareDatabase } = await import("~/db.server");
const { importPolis } = await import("~/services/polis-import.server");
const { tallyReport } = await import("~/services/cases/ballots.server");
const { closeQueue } = await import("~/services/queue.server");
const { closeLive } = await import("~/services/live.server");
await prepareDatabase();

let t = performance.now();
const imported = await importPolis(folder);
const importMs = performance.now() - t;
console.log(`import (npm run import:polis's importPolis): ${(importMs / 1000).toFixed(1)} s (goal ≤ 10 s)`);

const tallies: number[] = [];
let report: Awaited<ReturnType<typeof tallyReport>> | undefined;
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  report = await tallyReport(imported.deliberation);
  tallies.push(performance.now() - t);
}
const tallyMs = tallies.sort((a, b) => a - b)[1]!;
// Group recovery for people with ≥ 7 votes (the ones the tally places).
const votesOf = new Map(shaped.ballots.map((ballot, voter) => [String(voter), ballot.length]));
const placed = new Map(report!.participants.map((p) => [p.externalId!, p.group]));
const ari = (labelOf: (voter: string) => number) => {
  const truth: number[] = [];
  const found: number[] = [];
  for (const [voter, n] of votesOf) {
    if (n < 7) continue;
    truth.push(shaped.groups[Number(voter)]!);
    found.push(labelOf(voter));
  }
  return adjustedRandIndex(truth, found);
};
const ourAri = ari((v) => placed.get(v) ?? -1);
const consensusFound = report!.consensusStatements.agree.map((s) => s.proposalId);
const externalOf = new Map(report!.proposals.map((p) => [p.id, p.externalId]));
const topTen = report!.proposals.slice(0, 10).map((p) => p.externalId ?? "");
console.log(`tally (ballots read from the database, median of ${RUNS}): ${tallyMs.toFixed(0)} ms (goal ≤ 2,000 ms)`);
console.log(`groups found: ${report!.groups.map((g) => g.size).join(" / ")} of ${report!.clustered} placed (built: ${[0, 1, 2].map((g) => shaped.groups.filter((x) => x === g).length).join(" / ")})`);
console.log(`adjusted Rand index, people with ≥ 7 votes: ${ourAri.toFixed(3)} (goal ≥ 0.9)`);
console.log(`top 10 by group-informed consensus: ${topTen.filter((id) => shaped.consensus.includes(id)).length} of 10 are built-in consensus statements (goal ≥ 9)`);
console.log(`consensus statements listed: ${consensusFound.map((id) => externalOf.get(id)).filter((id) => shaped.consensus.includes(id ?? "")).length} of ${consensusFound.length} are built-in`);

const py = spawnSync("python3", ["bench/polis_baseline.py", folder], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
if (py.status === 0) {
  const baseline = JSON.parse(py.stdout) as { seconds: number; groups: number; labels: Record<string, number> };
  console.log(`numpy baseline (same steps, reading the CSV): ${(baseline.seconds * 1000).toFixed(0)} ms, ${baseline.groups} groups, adjusted Rand index ${ari((v) => baseline.labels[v] ?? -1).toFixed(3)}`);
  console.log(`ratio tally / numpy: ${(tallyMs / (baseline.seconds * 1000)).toFixed(2)}×`);
} else {
  console.log(`numpy baseline skipped (python3 with numpy not available: ${(py.stderr || py.error?.message || "").trim().split("\n").at(-1)})`);
}
await Promise.all([db.$disconnect(), closeQueue(), closeLive()]);
