import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerDueAt, availableEvents, CASE_STATES, decide, isOverdue, phaseDatesProblem, RULES, type CaseActor, type CaseEvent, type CaseFacts } from "~/domain/case-workflow";

const REPORT = { kelurahanCode: "3171050001", kecamatanCode: "3171050", kotaCode: "3171" };
const actors: Record<string, CaseActor> = {
  system: "system",
  admin: { id: "a", role: "admin", agencyId: null, regionCodes: [] },
  fasilitator: { id: "f", role: "fasilitator", agencyId: null, regionCodes: ["3171050"] },
  otherFasilitator: { id: "f2", role: "fasilitator", agencyId: null, regionCodes: ["3173"] },
  petugas: { id: "p", role: "petugas", agencyId: "dinas", regionCodes: [] },
  otherPetugas: { id: "p2", role: "petugas", agencyId: "lain", regionCodes: [] },
  warga: { id: "w", role: "warga", agencyId: null, regionCodes: [] },
  dprd: { id: "d", role: "dprd", agencyId: null, regionCodes: ["3171"] },
};
const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  state: "laporan", reportRegions: REPORT, agencyId: "dinas", activeProposals: 2, ballotRulesSet: true, tallyWinner: null, answer: null, ...over,
});

describe("case workflow", () => {
  it("walks the whole ladder with the right people", () => {
    let f = facts();
    const step = (event: CaseEvent, who: keyof typeof actors, extra: Partial<CaseFacts> = {}) => {
      f = { ...f, ...extra };
      const d = decide(f, event, actors[who]!);
      if (!d.ok) throw new Error(`${event} by ${who}: ${d.refusal}`);
      expect(d.effects).toContainEqual({ kind: "audit" });
      f = { ...f, state: d.next };
      return d;
    };
    step("open_deliberation", "fasilitator");
    step("open_voting", "system");
    expect(step("close_voting", "system", { tallyWinner: "p1" }).next).toBe("mufakat");
    expect(step("send_to_agency", "system").effects).toContainEqual({ kind: "set_due_date" });
    expect(step("answer", "petugas", { answer: "diterima_dengan_perubahan" }).effects).toContainEqual({ kind: "report_status", status: "diproses" });
    step("start_joint_action", "fasilitator");
    expect(step("complete", "petugas").effects).toContainEqual({ kind: "report_status", status: "selesai" });
    expect(f.state).toBe("selesai");
  });

  it("refuses the wrong people and the wrong moments with a reason", () => {
    expect(decide(facts(), "open_deliberation", actors.warga!)).toEqual({ ok: false, refusal: "errors.case_forbidden" });
    expect(decide(facts(), "open_deliberation", actors.otherFasilitator!)).toEqual({ ok: false, refusal: "errors.case_forbidden" });
    expect(decide(facts(), "open_deliberation", null)).toEqual({ ok: false, refusal: "errors.case_forbidden" });
    expect(decide(facts(), "open_voting", actors.fasilitator!)).toEqual({ ok: false, refusal: "errors.case_illegal" });
    expect(decide(facts({ state: "musyawarah", activeProposals: 0 }), "open_voting", actors.fasilitator!)).toEqual({ ok: false, refusal: "errors.case_no_proposals" });
    expect(decide(facts({ state: "ke_instansi" }), "answer", actors.otherPetugas!)).toEqual({ ok: false, refusal: "errors.case_forbidden" });
    expect(decide(facts({ state: "dijawab", answer: "ditolak" }), "complete", actors.petugas!)).toEqual({ ok: false, refusal: "errors.case_not_accepted" });
    expect(decide(facts({ state: "mufakat", agencyId: null }), "send_to_agency", actors.system!)).toEqual({ ok: false, refusal: "errors.case_no_agency" });
    expect(decide(facts({ state: "pemungutan_suara" }), "close_voting", actors.system!)).toMatchObject({ ok: true, next: "tidak_mufakat" });
  });

  it("no sequence of actions by any role reaches an illegal state or skips the audit (property)", () => {
    const events = Object.keys(RULES) as CaseEvent[];
    const arbitraryStep = fc.record({
      event: fc.constantFrom(...events),
      who: fc.constantFrom(...Object.keys(actors)),
      winner: fc.option(fc.constant("p1")),
      answer: fc.option(fc.constantFrom("diterima", "diterima_dengan_perubahan", "ditolak" as const)),
      proposals: fc.nat(3),
    });
    fc.assert(
      fc.property(fc.array(arbitraryStep, { maxLength: 40 }), (steps) => {
        let f = facts();
        const visited = [f.state];
        for (const s of steps) {
          const candidate = { ...f, tallyWinner: s.winner, activeProposals: s.proposals, answer: f.state === "ke_instansi" ? s.answer : f.answer };
          const d = decide(candidate, s.event, actors[s.who]!);
          if (!d.ok) continue; // refused: nothing changes
          expect(CASE_STATES).toContain(d.next);
          expect(d.effects.filter((e) => e.kind === "audit")).toHaveLength(1);
          // Never skip a rung: each transition's source is one of its rule's states.
          expect(RULES[s.event].from).toContain(f.state);
          if (d.next === "selesai") expect(["dijawab", "aksi_bersama"]).toContain(f.state);
          if (d.next === "ke_instansi") expect(f.state).toBe("mufakat");
          f = { ...candidate, state: d.next };
          visited.push(f.state);
        }
        // Green only after an accepted answer.
        if (visited.includes("selesai")) expect(["diterima", "diterima_dengan_perubahan"]).toContain(f.answer);
      }),
      { numRuns: 500 },
    );
  });

  it("offers each role only the actions it may take", () => {
    expect(availableEvents(facts({ state: "musyawarah" }), actors.fasilitator!)).toEqual(["open_voting"]);
    expect(availableEvents(facts({ state: "musyawarah" }), actors.warga!)).toEqual([]);
    expect(availableEvents(facts({ state: "ke_instansi" }), actors.petugas!)).toEqual(["answer"]);
  });

  it("checks phase dates and the answer deadline", () => {
    const now = new Date("2026-11-22T00:00:00Z");
    const day = (d: number) => new Date(now.getTime() + d * 86_400_000);
    expect(phaseDatesProblem({ discussionEndsAt: day(3), votingOpensAt: day(3), votingClosesAt: day(5) }, now)).toBeNull();
    expect(phaseDatesProblem({ discussionEndsAt: day(4), votingOpensAt: day(3), votingClosesAt: day(5) }, now)).toBe("errors.phase_order");
    expect(phaseDatesProblem({ discussionEndsAt: null, votingOpensAt: day(5), votingClosesAt: day(5) }, now)).toBe("errors.phase_order");
    expect(phaseDatesProblem({ discussionEndsAt: null, votingOpensAt: day(-3), votingClosesAt: day(-1) }, now)).toBe("errors.phase_past");
    const due = answerDueAt(now, 14);
    expect(due.toISOString()).toBe("2026-12-06T00:00:00.000Z");
    expect(isOverdue("ke_instansi", due, day(15))).toBe(true);
    expect(isOverdue("dijawab", due, day(15))).toBe(false);
  });
});
