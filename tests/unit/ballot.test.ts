import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isEligible, tallyBallots, validateBallot, type BallotRules } from "~/domain/ballot";
import { schulze } from "~/domain/schulze";

const expand = (groups: [number, string][]) => groups.flatMap(([n, order]) => Array.from({ length: n }, () => order.split("")));

describe("Schulze method", () => {
  // The worked example of Schulze's own paper and Wikipedia's article: 45 voters, 5 candidates, E wins.
  const ballots = expand([[5, "ACBED"], [5, "ADECB"], [8, "BEDAC"], [3, "CABED"], [7, "CAEBD"], [2, "CBADE"], [7, "DCEBA"], [8, "EBADC"]]);
  const result = schulze(["A", "B", "C", "D", "E"], ballots);

  it("counts pairwise preferences as in the published example", () => {
    expect(result.pairwise.A).toEqual({ A: 0, B: 20, C: 26, D: 30, E: 22 });
    expect(result.pairwise.B).toEqual({ A: 25, B: 0, C: 16, D: 33, E: 18 });
    expect(result.pairwise.C).toEqual({ A: 19, B: 29, C: 0, D: 17, E: 24 });
    expect(result.pairwise.D).toEqual({ A: 15, B: 12, C: 28, D: 0, E: 14 });
    expect(result.pairwise.E).toEqual({ A: 23, B: 27, C: 21, D: 31, E: 0 });
  });

  it("finds the strongest paths and the ranking E > A > C > B > D", () => {
    expect(result.strongest.A).toEqual({ A: 0, B: 28, C: 28, D: 30, E: 24 });
    expect(result.strongest.E).toEqual({ A: 25, B: 28, C: 28, D: 31, E: 0 });
    expect(result.ranking).toEqual(["E", "A", "C", "B", "D"]);
    expect(result.winners).toEqual(["E"]);
  });

  it("elects the Condorcet winner when there is one, and treats unranked candidates as last", () => {
    const r = schulze(["x", "y", "z"], [["y"], ["y", "x"], ["x", "y"], ["z", "y"]]);
    expect(r.winners).toEqual(["y"]);
  });

  it("reports a tie when the electorate is split evenly", () => {
    expect(schulze(["a", "b"], [["a", "b"], ["b", "a"]]).winners).toEqual(["a", "b"]);
  });

  it("is independent of the order ballots arrive in (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.shuffledSubarray(["a", "b", "c", "d"], { minLength: 1 }), { maxLength: 30 }), (bs) => {
        const forward = schulze(["a", "b", "c", "d"], bs);
        const backward = schulze(["a", "b", "c", "d"], [...bs].reverse());
        expect(backward.ranking).toEqual(forward.ranking);
        // A winner is never beaten on strongest paths by anyone.
        for (const w of forward.winners) for (const o of ["a", "b", "c", "d"]) if (o !== w) expect(forward.strongest[w]![o]).toBeGreaterThanOrEqual(forward.strongest[o]![w]!);
      }),
    );
  });
});

describe("ballot rules", () => {
  const rules = (over: Partial<BallotRules> = {}): BallotRules => ({ type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua", ...over });

  it("refuses ballots with unknown proposals, duplicates, bad stances or nothing chosen", () => {
    expect(validateBallot("ranked", ["p1", "p1"], ["p1", "p2"])).toEqual({ ok: false, problem: "errors.ballot_duplicate" });
    expect(validateBallot("ranked", ["p9"], ["p1", "p2"])).toEqual({ ok: false, problem: "errors.ballot_unknown_proposal" });
    expect(validateBallot("ranked", [], ["p1"])).toEqual({ ok: false, problem: "errors.ballot_empty" });
    expect(validateBallot("approval", { p1: "maybe" }, ["p1"])).toEqual({ ok: false, problem: "errors.ballot_stance" });
    expect(validateBallot("approval", { p1: "pass" }, ["p1"])).toEqual({ ok: false, problem: "errors.ballot_empty" });
    expect(validateBallot("approval", { p1: "support", p2: "oppose" }, ["p1", "p2"])).toMatchObject({ ok: true });
  });

  it("decides mufakat on approval ballots by support, with quorum and minimum support", () => {
    const ballots = [{ p1: "support", p2: "oppose" }, { p1: "support", p2: "support" }, { p1: "oppose", p2: "support" }, { p1: "support" }] as const;
    const t = tallyBallots(rules(), ["p1", "p2"], [...ballots]);
    expect(t).toMatchObject({ voters: 4, winnerId: "p1", reason: "mufakat" });
    expect(t.proposals.map((p) => [p.id, p.support, p.oppose, p.pass, p.supportPercent])).toEqual([["p1", 3, 1, 0, 75], ["p2", 2, 1, 1, 50]]);
    expect(tallyBallots(rules({ quorum: 5 }), ["p1", "p2"], [...ballots])).toMatchObject({ winnerId: null, reason: "no_quorum" });
    expect(tallyBallots(rules({ minSupportPercent: 80 }), ["p1", "p2"], [...ballots])).toMatchObject({ winnerId: null, reason: "below_min_support" });
    expect(tallyBallots(rules({ quorum: 1 }), ["p1", "p2"], [{ p1: "support" }, { p2: "support" }])).toMatchObject({ winnerId: null, reason: "tie" });
    expect(tallyBallots(rules(), [], [])).toMatchObject({ reason: "no_proposals" });
  });

  it("never lists a proposal nobody supports above one that people support", () => {
    // p2 has one supporter and two opponents; p1 was left untouched (smoothing alone would give it the better score).
    const t = tallyBallots(rules({ quorum: 1, minSupportPercent: 0 }), ["p1", "p2"], [{ p2: "support" }, { p2: "oppose" }, { p2: "oppose" }]);
    expect(t.proposals.map((p) => [p.id, p.support])).toEqual([["p2", 1], ["p1", 0]]);
  });

  it("decides mufakat on ranked ballots with Schulze and counts support as being ranked", () => {
    const t = tallyBallots(rules({ type: "ranked", quorum: 2, minSupportPercent: 60 }), ["p1", "p2", "p3"], [["p2", "p1"], ["p2"], ["p1", "p2"], ["p3", "p2"]]);
    expect(t.winnerId).toBe("p2");
    expect(t.proposals[0]).toMatchObject({ id: "p2", support: 4, supportPercent: 100, rank: 1 });
    expect(t.pairwise!.p2!.p1).toBe(3);
  });

  it("is deterministic: the same ballots always give the same tally (property)", () => {
    const stance = fc.constantFrom("support", "oppose", "pass");
    fc.assert(
      fc.property(fc.array(fc.record({ a: stance, b: stance, c: stance }), { maxLength: 40 }), (bs) => {
        expect(tallyBallots(rules({ quorum: 1 }), ["a", "b", "c"], bs)).toEqual(tallyBallots(rules({ quorum: 1 }), ["a", "b", "c"], structuredClone(bs)));
      }),
    );
  });

  it("lets residents of the report's region vote when the rule says so", () => {
    const report = { kelurahanCode: "3171050001", kecamatanCode: "3171050", kotaCode: "3171" };
    const neighbour = { kelurahanCode: "3171050002", kecamatanCode: "3171050", kotaCode: "3171" };
    expect(isEligible("semua", null, report)).toBe(true);
    expect(isEligible("kelurahan", neighbour, report)).toBe(false);
    expect(isEligible("kecamatan", neighbour, report)).toBe(true);
    expect(isEligible("kota", { ...neighbour, kotaCode: "3172" }, report)).toBe(false);
  });
});
