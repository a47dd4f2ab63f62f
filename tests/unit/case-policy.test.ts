import { describe, expect, it } from "vitest";
import { caseCapabilities, coversReport, isCaseModerator, isCaseOfficer, mergeTarget } from "~/domain/case-policy";
import type { Actor } from "~/domain/roles";

const report = { kelurahanCode: "3171050001", kecamatanCode: "3171050", kotaCode: "3171" };
const actor = (role: Actor["role"], extra: Partial<Actor> = {}): Actor => ({ id: `u-${role}`, role, agencyId: null, regionCodes: [], ...extra });

describe("the case policy", () => {
  it("binds fasilitators and DPRD members to the report's kelurahan, kecamatan or kota", () => {
    expect(coversReport(["3171"], report)).toBe(true);
    expect(coversReport(["3171050"], report)).toBe(true);
    expect(coversReport(["3173"], report)).toBe(false);
    expect(isCaseModerator(actor("fasilitator", { regionCodes: ["3171050"] }), report)).toBe(true);
    expect(isCaseModerator(actor("fasilitator", { regionCodes: ["3173"] }), report)).toBe(false);
    expect(isCaseModerator(actor("dprd", { regionCodes: ["3171"] }), report)).toBe(false);
    expect(isCaseModerator(actor("admin"), report)).toBe(true);
    expect(isCaseModerator(null, report)).toBe(false);
  });

  it("lets only the case's own agency (or an admin) act as its officer", () => {
    expect(isCaseOfficer(actor("petugas", { agencyId: "a1" }), "a1")).toBe(true);
    expect(isCaseOfficer(actor("petugas", { agencyId: "a2" }), "a1")).toBe(false);
    expect(isCaseOfficer(actor("petugas"), null)).toBe(false);
    expect(isCaseOfficer(actor("admin"), null)).toBe(true);
  });

  it("gives each viewer the forms the case allows now", () => {
    const fasil = actor("fasilitator", { regionCodes: ["3171"] });
    const officer = actor("petugas", { agencyId: "a1" });
    const citizen = actor("warga");
    const voting = { state: "pemungutan_suara" as const, agencyId: "a1", answer: null, report };
    const accepted = { state: "dijawab" as const, agencyId: "a1", answer: "diterima", report };
    const declined = { state: "dijawab" as const, agencyId: "a1", answer: "ditolak", report };
    expect(caseCapabilities(fasil, voting)).toMatchObject({ configure: true, addTask: false, postProgress: false });
    expect(caseCapabilities(citizen, voting)).toMatchObject({ configure: false, joinTasks: false });
    expect(caseCapabilities(officer, accepted)).toMatchObject({ configure: false, postProgress: true, addTask: true, jointAction: true });
    expect(caseCapabilities(fasil, accepted)).toMatchObject({ configure: false, postProgress: false, addTask: true });
    expect(caseCapabilities(citizen, accepted)).toMatchObject({ joinTasks: true, addTask: false });
    expect(caseCapabilities(officer, declined)).toMatchObject({ postProgress: false, addTask: false, jointAction: false });
    expect(caseCapabilities(null, accepted)).toMatchObject({ joinTasks: false });
  });

  it("follows merges to the surviving proposal, and stops on a cycle", () => {
    const into = new Map([["a", "b"], ["b", "c"]]);
    expect(mergeTarget("a", into)).toBe("c");
    expect(mergeTarget("z", into)).toBe("z");
    expect(typeof mergeTarget("x", new Map([["x", "y"], ["y", "x"]]))).toBe("string");
  });
});
