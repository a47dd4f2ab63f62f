// `npm run bench:tally`: the group-informed consensus over 1,000,000 votes (10,000 voters × 100 proposals,
// three opinion groups with noise), against a plain SQL GROUP BY count of the same votes in the same SQLite
// database, in the same run. Both read the votes from the database; the consensus also builds the matrix,
// runs PCA, k-means for k = 2…5 with silhouettes, and scores every proposal.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { emptyMatrix, groupInformedConsensus, seededRandom } from "~/domain/consensus";

const VOTERS = Number(process.env.BENCH_VOTERS ?? 10_000);
const PROPOSALS = 100;
const RUNS = 3;
const dir = path.resolve("data/bench");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, "votes.db");
rmSync(file, { force: true });
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE vote (voter INTEGER NOT NULL, proposal INTEGER NOT NULL, stance INTEGER NOT NULL, PRIMARY KEY (voter, proposal)) WITHOUT ROWID");

// Three opinion groups; each proposal has an agree probability per group.
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

function time(fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const groupBy = db.prepare("SELECT proposal, stance, count(*) AS n FROM vote GROUP BY proposal, stance");
const all = db.prepare("SELECT voter, proposal, stance FROM vote").raw();
let result: ReturnType<typeof groupInformedConsensus> | undefined;

const sqlMs = time(() => groupBy.all());
const consensusMs = time(() => {
  const m = emptyMatrix(VOTERS, PROPOSALS);
  for (const [voter, proposal, stance] of all.iterate() as Iterable<[number, number, number]>) {
    const i = voter * PROPOSALS + proposal;
    m.values[i] = stance;
    m.seen[i] = 1;
  }
  result = groupInformedConsensus(m);
});
db.close();
console.log(`tally of ${total.toLocaleString("en")} votes (${VOTERS.toLocaleString("en")} voters × ${PROPOSALS} proposals), median of ${RUNS} runs`);
console.log(`SQL GROUP BY count:                ${sqlMs.toFixed(0)} ms`);
console.log(`group-informed consensus (read + matrix + PCA + k-means + scores): ${consensusMs.toFixed(0)} ms`);
console.log(`groups found: ${result!.groups.map((g) => g.size).join(" / ")} (built as ${[0, 1, 2].map((g) => Array.from({ length: VOTERS }, (_, v) => groupOf(v)).filter((x) => x === g).length).join(" / ")})`);
console.log(`ratio consensus / GROUP BY: ${(consensusMs / sqlMs).toFixed(2)}× (goal: within 3×, and under 2 s)`);
