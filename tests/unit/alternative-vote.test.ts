import { describe, expect, it } from "vitest";
import { voteCount, voteVerdict, voteWindowProblem } from "~/domain/alternative-vote";

// The short vote on a counter-proposal: its window (at least a day, closing before the 14-day deadline) and how the
// count decides (a strict majority agrees; a tie refuses; nobody voting decides nothing).
const now = new Date("2027-03-15T03:00:00Z");
const respondBy = new Date("2027-03-29T03:00:00Z");
const hours = (h: number) => new Date(now.getTime() + h * 3600_000);

describe("the short vote on a counter-proposal", () => {
  it("runs at least 24 hours and closes before the answer deadline", () => {
    expect(voteWindowProblem(hours(23), now, respondBy)).toBe("errors.alt_vote_too_short");
    expect(voteWindowProblem(hours(24), now, respondBy)).toBeNull();
    expect(voteWindowProblem(respondBy, now, respondBy)).toBeNull();
    expect(voteWindowProblem(new Date(respondBy.getTime() + 1), now, respondBy)).toBe("errors.alt_vote_after_deadline");
    expect(voteWindowProblem(new Date("nope"), now, respondBy)).toBe("errors.date_invalid");
  });

  it("agrees only by a strict majority; a tie refuses; no votes decide nothing", () => {
    expect(voteVerdict({ setuju: 3, tolak: 2 })).toBe("setuju");
    expect(voteVerdict({ setuju: 2, tolak: 2 })).toBe("tolak");
    expect(voteVerdict({ setuju: 0, tolak: 1 })).toBe("tolak");
    expect(voteVerdict({ setuju: 0, tolak: 0 })).toBeNull();
  });

  it("counts grouped rows and ignores unknown choices", () => {
    expect(voteCount([{ choice: "setuju", n: 4 }, { choice: "tolak", n: 1 }, { choice: "abstain", n: 9 }])).toEqual({ setuju: 4, tolak: 1 });
    expect(voteCount([])).toEqual({ setuju: 0, tolak: 0 });
  });
});
