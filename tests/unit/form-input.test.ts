import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ProposalFieldsSchema } from "~/domain/deliberation";
import { calendarDayProblem, parseJakartaDateTime, storableInstant } from "~/domain/form-dates";
import { RegistrationSchema } from "~/domain/password-policy";
import { ReportInputSchema } from "~/domain/report-input";
import { hasBidiControl, isInvisibleOnly, nameOrTitleProblem } from "~/domain/text-safety";
import { fieldErrors } from "~/domain/validation";
import { retryMinutes } from "~/i18n/format";
import en from "~/i18n/locales/en";
import id from "~/i18n/locales/id";

// Form input a person can type that must be refused with a message, never stored or answered with a 500: names
// that hide or reorder text, calendar days that do not exist, years no column holds, and zod's own English.

describe("names and titles refuse invisible and direction-reversing text", () => {
  const bidi = ["\u202E", "\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069"];

  it("recognises every bidi control and zero-width-only text", () => {
    for (const c of bidi) expect(hasBidiControl(`Budi${c}Santoso`), JSON.stringify(c)).toBe(true);
    expect(hasBidiControl("Budi Santoso")).toBe(false);
    for (const t of ["\u200B\u200B\u200B", "\u200C\u200D\u2060\uFEFF", " \u200B \u00AD ", "\u3164\u3164", "\u2800\u2800"]) expect(isInvisibleOnly(t), JSON.stringify(t)).toBe(true);
    for (const t of ["Budi", "Siti Nur\u200BAini", "👨‍👩‍👧 keluarga", "ابو"]) expect(isInvisibleOnly(t), t).toBe(false);
    expect(nameOrTitleProblem("Jalan rusak")).toBeNull();
  });

  it("refuses them in registration, reports and proposals with a message in both languages", () => {
    const person = { email: "budi@contoh.id", password: "kata-sandi-panjang", homeKelurahanCode: "3171050001" };
    const report = { categorySlug: "sampah", description: "Sudah tiga hari tidak diangkut.", kelurahanCode: "3171050001", lat: "-6.24", lng: "106.80" };
    const cases: [z.ZodTypeAny, Record<string, unknown>, string][] = [
      [RegistrationSchema, { ...person, name: "\u200B\u200B\u200B" }, "name"],
      [RegistrationSchema, { ...person, name: "Budi \u202Egnaltiw" }, "name"],
      [RegistrationSchema, { ...person, name: "\u2066Admin\u2069" }, "name"],
      [ReportInputSchema, { ...report, title: "\u200B\u200B\u200B\u200B\u200B\u200B" }, "title"],
      [ReportInputSchema, { ...report, title: "Sampah \u202Etxt.exe" }, "title"],
      [ProposalFieldsSchema, { title: "\u200D\u200D\u200D\u200D\u200D\u200D", jointAction: "" }, "title"],
      [ProposalFieldsSchema, { title: "Usulan \u2067baru\u2069 sekali", jointAction: "" }, "title"],
    ];
    for (const [schema, input, field] of cases) {
      const parsed = schema.safeParse(input);
      expect(parsed.success, JSON.stringify(input)).toBe(false);
      const key = fieldErrors((parsed as { error: z.ZodError }).error)[field]!;
      expect(["errors.text_invisible", "errors.text_bidi"]).toContain(key);
      const name = key.replace("errors.", "") as keyof typeof id.errors;
      expect(id.errors[name]).toMatch(/karakter/);
      expect(en.errors[name as keyof typeof en.errors]).toMatch(/characters/);
    }
    expect(RegistrationSchema.safeParse({ ...person, name: "Siti Nur Aini" }).success).toBe(true);
    expect(ReportInputSchema.safeParse({ ...report, title: "=HYPERLINK() di judul" }).success).toBe(true);
  });
});

describe("dates typed into forms", () => {
  it("refuses 30 February, impossible times and years no column holds, instead of rolling them over", () => {
    expect(parseJakartaDateTime("2026-02-30T10:00")).toEqual({ ok: false, problem: "errors.day_invalid" });
    expect(parseJakartaDateTime("2026-04-31T10:00")).toEqual({ ok: false, problem: "errors.day_invalid" });
    expect(parseJakartaDateTime("2027-02-29T10:00")).toEqual({ ok: false, problem: "errors.day_invalid" });
    expect(parseJakartaDateTime("2026-13-01T10:00")).toEqual({ ok: false, problem: "errors.day_invalid" });
    expect(parseJakartaDateTime("2026-03-01T24:00")).toEqual({ ok: false, problem: "errors.date_invalid" });
    expect(parseJakartaDateTime("9999-12-31T10:00")).toEqual({ ok: false, problem: "errors.date_out_of_range" });
    expect(parseJakartaDateTime("+275760-09-13T00:00")).toEqual({ ok: false, problem: "errors.date_invalid" });
    expect(parseJakartaDateTime("besok pagi")).toEqual({ ok: false, problem: "errors.date_invalid" });
    expect(parseJakartaDateTime("2028-02-29T09:30")).toEqual({ ok: true, date: new Date("2028-02-29T02:30:00Z") });
    expect(parseJakartaDateTime("2026-11-25T00:15:30")).toEqual({ ok: true, date: new Date("2026-11-24T17:15:30Z") });
  });

  it("checks a date input's day the same way, and query-string instants against what a column holds", () => {
    expect(calendarDayProblem("2026-02-30")).toBe("errors.day_invalid");
    expect(calendarDayProblem("2026-02-28")).toBeNull();
    expect(calendarDayProblem("12026-02-28")).toBe("errors.date_invalid");
    expect(calendarDayProblem("1999-12-31")).toBe("errors.date_out_of_range");
    expect(storableInstant("+275760-09-13T00:00:00Z")).toBeNull();
    expect(storableInstant("bukan tanggal")).toBeNull();
    expect(storableInstant("2026-11-25T00:00:00.000Z")).toEqual(new Date("2026-11-25T00:00:00.000Z"));
  });
});

describe("zod's own messages never reach a user", () => {
  it("turns an issue without an i18n key into one that says which kind of input was wrong", () => {
    const schema = z.object({ when: z.coerce.date(), note: z.string(), title: z.string().min(5, "errors.title_too_short") });
    const parsed = schema.safeParse({ when: "9999999-99", note: null, title: "abc" });
    expect(parsed.success).toBe(false);
    expect(fieldErrors(parsed.error!)).toEqual({ when: "errors.date_invalid", note: "errors.field_invalid", title: "errors.title_too_short" });
    for (const key of ["field_invalid", "date_invalid", "day_invalid", "date_out_of_range", "form_unreadable", "body_too_large", "batch_too_large"] as const) {
      expect(id.errors[key], key).toBeTruthy();
      expect(en.errors[key], key).toBeTruthy();
    }
  });
});

describe("the wait in a rate-limit message", () => {
  it("is whole minutes, at least one, and fills the message's number", () => {
    expect(retryMinutes({ retryAfter: "899" })).toBe(15);
    expect(retryMinutes({ retryAfter: "5" })).toBe(1);
    expect(retryMinutes({})).toBeUndefined();
    expect(id.errors.rate_limited).toContain("{{minutes}}");
    expect(en.errors.rate_limited).toContain("{{minutes}}");
  });
});
