import { describe, expect, it } from "vitest";
import { executionBy, isLate, parentProgress, parseProgress, progressEntry } from "~/domain/results";

// Results' arithmetic: progress is an integer 0–100, a parent's is its children's (weighted) mean, "terlambat" once
// the period ended below 100 %, and the executed share per kelurahan / agency against a fixture counted by hand.
const now = new Date("2027-06-10T00:00:00Z");

describe("results", () => {
  it("takes progress as an integer from 0 to 100 and nothing else", () => {
    expect(["0", "50", "100", " 70 ", "70%", 30].map(parseProgress)).toEqual([0, 50, 100, 70, 70, 30]);
    for (const bad of ["52.5", "-1", "101", "abc", "", "1e2", null, 52.5]) expect(parseProgress(bad)).toBeNull();
  });

  it("gives each status its default progress (never below the current one without a figure), and keeps done and 100 together", () => {
    expect(progressEntry("direncanakan", null, 0)).toEqual({ status: "direncanakan", progress: 0 });
    // A note typed without a figure does not set a result back; a figure does.
    expect(progressEntry("berjalan", null, 80)).toEqual({ status: "berjalan", progress: 80 });
    expect(progressEntry("berjalan", null, 100)).toEqual({ status: "selesai", progress: 100 });
    expect(progressEntry("berjalan", 20, 80)).toEqual({ status: "berjalan", progress: 20 });
    expect(progressEntry("pengadaan", null, 0)).toEqual({ status: "pengadaan", progress: 10 });
    expect(progressEntry("berjalan", null, 0)).toEqual({ status: "berjalan", progress: 50 });
    expect(progressEntry("berjalan", 35, 0)).toEqual({ status: "berjalan", progress: 35 });
    expect(progressEntry("berjalan", 100, 0)).toEqual({ status: "selesai", progress: 100 });
    expect(progressEntry("selesai", 60, 0)).toEqual({ status: "selesai", progress: 100 });
    expect(progressEntry("dihentikan", null, 40)).toEqual({ status: "dihentikan", progress: 40 });
  });

  it("computes a parent's progress as its children's weighted mean, or plain mean without weights", () => {
    expect(parentProgress([{ progress: 100, weight: 0.7 }, { progress: 0, weight: 0.3 }])).toBe(70);
    expect(parentProgress([{ progress: 100, weight: null }, { progress: 0, weight: null }])).toBe(50);
    // One child without a weight: all count alike.
    expect(parentProgress([{ progress: 100, weight: 0.7 }, { progress: 0, weight: null }])).toBe(50);
    expect(parentProgress([{ progress: 33, weight: null }, { progress: 34, weight: null }, { progress: 34, weight: null }])).toBe(34);
    expect(parentProgress([])).toBe(0);
  });

  it("is late once its period ended below 100 %, and a stopped result is not late", () => {
    const ended = new Date("2027-05-31T16:59:59.999Z");
    expect(isLate({ endsAt: ended, progress: 99, status: "berjalan" }, now)).toBe(true);
    expect(isLate({ endsAt: ended, progress: 100, status: "selesai" }, now)).toBe(false);
    expect(isLate({ endsAt: ended, progress: 20, status: "dihentikan" }, now)).toBe(false);
    expect(isLate({ endsAt: new Date("2027-06-30T16:59:59.999Z"), progress: 0, status: "direncanakan" }, now)).toBe(false);
    expect(isLate({ endsAt: null, progress: 0, status: "direncanakan" }, now)).toBe(false);
  });

  it("counts the executed share per kelurahan against a fixture counted by hand", () => {
    const past = new Date("2027-04-30T16:59:59.999Z");
    const future = new Date("2027-12-31T16:59:59.999Z");
    const results = [
      { kel: "A", progress: 100, status: "selesai", endsAt: past, costRupiah: 10 },
      { kel: "A", progress: 50, status: "berjalan", endsAt: past, costRupiah: 20 }, // late
      { kel: "A", progress: 0, status: "direncanakan", endsAt: future, costRupiah: null },
      { kel: "B", progress: 100, status: "selesai", endsAt: future, costRupiah: 5 },
      { kel: "B", progress: 80, status: "berjalan", endsAt: future, costRupiah: 5 },
      { kel: "C", progress: 10, status: "pengadaan", endsAt: past, costRupiah: 1 }, // late
      { kel: null, progress: 10, status: "pengadaan", endsAt: past, costRupiah: 1 }, // no key: left out
    ];
    expect(executionBy(results, (r) => r.kel, now)).toEqual([
      // Most late first, then the lowest share.
      { key: "C", results: 1, done: 0, late: 1, meanProgress: 10, executedShare: 0, costRupiah: 1 },
      { key: "A", results: 3, done: 1, late: 1, meanProgress: 50, executedShare: 1 / 3, costRupiah: 30 },
      { key: "B", results: 2, done: 1, late: 0, meanProgress: 90, executedShare: 0.5, costRupiah: 10 },
    ]);
  });
});
