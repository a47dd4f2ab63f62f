import { describe, expect, it } from "vitest";
import { fixAnswerProblem, fixAskAt, fixEffect, fixRole, isDoubted } from "~/domain/fix-check";

// "Sudah diperbaiki?": who answers as what, what an answer needs, what it does, and when three residents' "belum"
// put a fix in doubt. The clock is injected.
const fixedAt = new Date("2027-03-01T03:00:00Z");
const day = (n: number) => new Date(fixedAt.getTime() + n * 86_400_000);

describe("residents confirm the fix", () => {
  it("asks 14 days after the fix", () => {
    expect(fixAskAt(fixedAt)).toEqual(day(14));
  });

  it("knows the reporter, a participant, a resident, or nobody", () => {
    const who = { reporterId: "r", participantIds: new Set(["p"]), kelurahanCode: "3171050001" };
    expect(fixRole("r", who, "3171010001")).toBe("pelapor");
    expect(fixRole("p", who, null)).toBe("peserta");
    expect(fixRole("n", who, "3171050001")).toBe("tetangga");
    expect(fixRole("x", who, "3171010001")).toBeNull();
  });

  it("needs a reason for 'belum', and one of the three answers", () => {
    expect(fixAnswerProblem("sudah", "")).toBeNull();
    expect(fixAnswerProblem("tidak_tahu", "")).toBeNull();
    expect(fixAnswerProblem("belum", "masih")).toEqual({ text: "errors.fix_explanation" });
    expect(fixAnswerProblem("belum", "Masih berlubang.")).toBeNull();
    expect(fixAnswerProblem("mungkin", "")).toEqual({ answer: "errors.fix_answer" });
    expect(fixAnswerProblem("sudah", "x".repeat(2001))).toEqual({ text: "errors.fix_explanation" });
  });

  it("reopens only on the reporter's 'belum', within 90 days, where the category allows", () => {
    expect(fixEffect("pelapor", "belum", fixedAt, day(30), true)).toBe("reopen");
    expect(fixEffect("pelapor", "belum", fixedAt, day(30), false)).toBe("dispute");
    expect(fixEffect("pelapor", "belum", fixedAt, day(91), true)).toBe("offer_new_report");
    expect(fixEffect("tetangga", "belum", fixedAt, day(1), true)).toBe("dispute");
    expect(fixEffect("peserta", "belum", fixedAt, day(1), true)).toBe("dispute");
    expect(fixEffect("pelapor", "sudah", fixedAt, day(1), true)).toBe("none");
  });

  it("is in doubt once three distinct people said 'belum' within 14 days", () => {
    const at = (userId: string, n: number) => ({ userId, at: day(n) });
    expect(isDoubted([at("a", 1), at("b", 2), at("c", 3)], day(3))).toBe(true);
    expect(isDoubted([at("a", 1), at("a", 2), at("b", 3)], day(3))).toBe(false);
    // The first fell out of the window by day 16.
    expect(isDoubted([at("a", 1), at("b", 15), at("c", 16)], day(16))).toBe(false);
    expect(isDoubted([at("a", 1), at("b", 15), at("c", 16), at("d", 16)], day(16))).toBe(true);
    // Answers dated after "now" do not count yet.
    expect(isDoubted([at("a", 1), at("b", 2), at("c", 5)], day(3))).toBe(false);
  });
});
