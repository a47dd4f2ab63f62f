import { describe, expect, it } from "vitest";
import {
  alternativeDeadline, alternativeOutcome, answerCodeOf, endOfMonthJakarta, isAcceptedAnswer, parsePeriodMonth, parseReply, parseRupiah,
} from "~/domain/agency-reply";

// The agency's structured reply: what each kind must say (field problems as i18n keys), the answer code the case
// keeps, and the counter-proposal's rounds. The clock is injected: 15 March 2027, 10:00 in Jakarta.
const now = new Date("2027-03-15T03:00:00Z");
const REASON = "Anggaran perbaikan jalan tahun ini sudah terpakai seluruhnya untuk jalan arteri.";

describe("the agency's structured reply", () => {
  it("reads rupiah as people type it and refuses the rest", () => {
    expect(parseRupiah("12500000")).toBe(12_500_000);
    expect(parseRupiah("12.500.000")).toBe(12_500_000);
    expect(parseRupiah("Rp 12.500.000")).toBe(12_500_000);
    expect(parseRupiah("Rp12.500.000,00")).toBe(12_500_000);
    expect(parseRupiah("10.000.000.000.000")).toBe(10_000_000_000_000);
    for (const bad of ["", "0", "-5", "12,5", "dua juta", "1e9", "10000000000001", null, 5]) expect(parseRupiah(bad)).toBeNull();
  });

  it("takes a period as a month not before this one, in Jakarta", () => {
    expect(parsePeriodMonth("2027-03", now)).toEqual({ ok: true, month: "2027-03" });
    expect(parsePeriodMonth("3/2028", now)).toEqual({ ok: true, month: "2028-03" });
    expect(parsePeriodMonth("2027-02", now)).toEqual({ ok: false, problem: "errors.period_past" });
    expect(parsePeriodMonth("2027-13", now)).toEqual({ ok: false, problem: "errors.period_invalid" });
    expect(parsePeriodMonth("Maret", now)).toEqual({ ok: false, problem: "errors.period_invalid" });
    expect(parsePeriodMonth("", now)).toEqual({ ok: false, problem: "errors.period_required" });
    // Ten years at most: a far period would never be late.
    expect(parsePeriodMonth("2037-03", now)).toEqual({ ok: true, month: "2037-03" });
    expect(parsePeriodMonth("9999-12", now)).toEqual({ ok: false, problem: "errors.period_too_far" });
    // 31 March 23:30 UTC is already April in Jakarta: March is past then.
    expect(parsePeriodMonth("2027-03", new Date("2027-03-31T17:30:00Z"))).toEqual({ ok: false, problem: "errors.period_past" });
  });

  it("ends a period at the last instant of its month in Jakarta", () => {
    expect(endOfMonthJakarta("2027-03").toISOString()).toBe("2027-03-31T16:59:59.999Z");
    expect(endOfMonthJakarta("2027-12").toISOString()).toBe("2027-12-31T16:59:59.999Z");
    expect(endOfMonthJakarta("2028-02").toISOString()).toBe("2028-02-29T16:59:59.999Z");
  });

  it("requires cost, period and unit to accept", () => {
    expect(parseReply({ kind: "terima" }, now)).toEqual({ ok: false, fields: { cost: "errors.cost_required", period: "errors.period_required", unit: "errors.unit_required" } });
    expect(parseReply({ kind: "terima", cost: "abc", period: "2027-04", unit: "Sudin" }, now)).toEqual({ ok: false, fields: { cost: "errors.cost_invalid" } });
    const ok = parseReply({ kind: "terima", cost: "Rp 25.000.000", period: "2027-06", unit: "Suku Dinas Bina Marga Jakarta Selatan" }, now, "Tambal dengan aspal");
    expect(ok).toEqual({
      ok: true,
      reply: { kind: "terima", note: "", items: [{ title: "Tambal dengan aspal", accepted: true, terms: { costRupiah: 25_000_000, periodMonth: "2027-06", unit: "Suku Dinas Bina Marga Jakarta Selatan" } }] },
    });
  });

  it("requires a reason of 30 characters and its basis to refuse", () => {
    expect(parseReply({ kind: "tolak", reason: "Tidak ada dana." }, now)).toEqual({ ok: false, fields: { reason: "errors.reason_too_short", basis: "errors.basis_required" } });
    expect(parseReply({ kind: "tolak", reason: REASON, basis: "regulasi" }, now)).toEqual({ ok: false, fields: { regulation: "errors.regulation_required" } });
    expect(parseReply({ kind: "tolak", reason: REASON, basis: "bukan_kewenangan" }, now)).toEqual({ ok: false, fields: { responsibleBody: "errors.responsible_body_required" } });
    expect(parseReply({ kind: "tolak", reason: REASON, basis: "regulasi", regulation: "Pergub DKI 128/2019" }, now)).toMatchObject({
      ok: true, reply: { kind: "tolak", items: [{ accepted: false, refusal: { basis: "regulasi", regulation: "Pergub DKI 128/2019", responsibleBody: null } }] },
    });
    // "Bukan kewenangan" names the body, or one of our agencies (then the case can be forwarded there).
    expect(parseReply({ kind: "tolak", reason: REASON, basis: "bukan_kewenangan", responsibleAgencyId: "ag-1", regulation: "ignored" }, now)).toMatchObject({
      ok: true, reply: { items: [{ refusal: { basis: "bukan_kewenangan", responsibleAgencyId: "ag-1", regulation: null } }] },
    });
  });

  it("answers item by item in part, needing one accepted and one refused", () => {
    const accepted = { "item-0-title": "Tambal lubang", "item-0-decision": "terima", "item-0-cost": "5000000", "item-0-period": "2027-04", "item-0-unit": "Sudin Bina Marga" };
    const refused = { "item-2-title": "Aspal ulang seluruh jalan", "item-2-decision": "tolak", "item-2-reason": REASON, "item-2-basis": "regulasi", "item-2-regulation": "Perda 1/2024" };
    expect(parseReply({ kind: "sebagian", ...accepted }, now)).toEqual({ ok: false, fields: { items: "errors.partial_needs_both" } });
    expect(parseReply({ kind: "sebagian", ...accepted, "item-1-title": "Rambu", "item-1-decision": "" }, now)).toEqual({ ok: false, fields: { "item-1-decision": "errors.item_decision" } });
    expect(parseReply({ kind: "sebagian", ...accepted, ...refused, "item-2-reason": "pendek" }, now)).toEqual({ ok: false, fields: { "item-2-reason": "errors.reason_too_short" } });
    const ok = parseReply({ kind: "sebagian", ...accepted, ...refused }, now);
    expect(ok.ok && ok.reply.kind === "sebagian" && ok.reply.items.map((i) => [i.title, i.accepted])).toEqual([["Tambal lubang", true], ["Aspal ulang seluruh jalan", false]]);
  });

  it("requires a counter-proposal's text, cost and period (its unit optional)", () => {
    expect(parseReply({ kind: "alternatif", alternativeText: "Pasang rambu saja." }, now)).toEqual({
      ok: false, fields: { alternativeText: "errors.alternative_text", "alt-cost": "errors.cost_required", "alt-period": "errors.period_required" },
    });
    const text = "Kami pasang rambu peringatan dan menambal sementara, aspal ulang tahun depan.";
    expect(parseReply({ kind: "alternatif", alternativeText: text, "alt-cost": "3.000.000", "alt-period": "2027-05" }, now)).toEqual({
      ok: true, reply: { kind: "alternatif", note: "", alternative: { text, terms: { costRupiah: 3_000_000, periodMonth: "2027-05", unit: "" } } },
    });
    expect(parseReply({ kind: "maybe" }, now)).toEqual({ ok: false, fields: { kind: "errors.answer_required" } });
  });

  it("keeps the case's answer code, accepted only in whole, in part or on agreed terms", () => {
    expect(["terima", "sebagian", "tolak", "alternatif"].map((k) => answerCodeOf(k as never))).toEqual(["diterima", "diterima_sebagian", "ditolak", "alternatif"]);
    expect(["diterima", "diterima_sebagian", "diterima_dengan_perubahan"].every(isAcceptedAnswer)).toBe(true);
    expect(["ditolak", "alternatif", "alternatif_ditolak", "alternatif_tanpa_tanggapan", null].some(isAcceptedAnswer)).toBe(false);
  });

  it("gives a counter-proposal 14 days, one amended round, then escalation; never accepts silence", () => {
    expect(alternativeDeadline(now).toISOString()).toBe("2027-03-29T03:00:00.000Z");
    expect(alternativeOutcome("setuju", 1)).toEqual({ answer: "diterima_dengan_perubahan", backToAgency: false, escalate: false });
    expect(alternativeOutcome("tolak", 1)).toEqual({ answer: "alternatif_ditolak", backToAgency: true, escalate: true });
    expect(alternativeOutcome("tolak", 2)).toEqual({ answer: "alternatif_ditolak", backToAgency: false, escalate: true });
    expect(alternativeOutcome("tanpa_tanggapan", 1)).toEqual({ answer: "alternatif_tanpa_tanggapan", backToAgency: false, escalate: true });
  });
});
