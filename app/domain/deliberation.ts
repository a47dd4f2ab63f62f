import { isCaseModerator, regionCodesOf, type ReportRegions } from "./case-policy";
import { z } from "zod";
import { visibleText } from "./text-safety";

// The rules of a report's discussion: threads, moderation and solution proposals. Pure, so routes,
// the API and tests share one reading of them.

/** Replies nest; the page shows this many levels and links deeper replies to their own page ("lanjutkan utas"). */
export const VISIBLE_DEPTH = 3;
/** Top-level comments per page (cursor pagination). */
export const THREAD_PAGE_SIZE = 20;
/** Replies shown under one comment on the thread page before "lihat semua balasan". */
export const REPLIES_SHOWN = 10;
/** Authors may edit a comment for this long after posting it. */
export const COMMENT_EDIT_WINDOW_MS = 30 * 60 * 1000;
export const THREAD_SORTS = ["terlama", "terbaru", "disetujui"] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];
export const FLAG_REASONS = ["spam", "kasar", "hoaks", "pribadi", "lain"] as const;
export const HIDE_REASON_MAX = 300;
export const SUSPENSION_DAYS_MAX = 365;

export function parseThreadSort(value: string | null | undefined): ThreadSort {
  return (THREAD_SORTS as readonly string[]).includes(value ?? "") ? (value as ThreadSort) : "terlama";
}

export type CommentStatus = "visible" | "deleted" | "hidden";

export function canReplyTo(parent: { status: string }): boolean {
  return parent.status === "visible";
}

export function editWindowOpen(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() <= COMMENT_EDIT_WINDOW_MS;
}

/** Threads are moderated by whoever moderates the report's case (one rule: app/domain/case-policy.ts). */
export const mayModerate = isCaseModerator;

/** A suspension covers a report when it names one of the report's regions and has not ended. */
export function suspensionApplies(s: { regionCode: string; until: Date }, report: ReportRegions, now: Date): boolean {
  return s.until > now && regionCodesOf(report).includes(s.regionCode);
}

// ---- form inputs (messages are i18n keys) ----

const optionalRupiah = z.preprocess(
  (v) => {
    if (v === null || v === undefined) return undefined;
    if (typeof v === "number") return v;
    // Citizens write "Rp 2.500.000" or "2500000": keep the digits.
    const digits = String(v).replace(/[Rp\s.,]/gi, "");
    return digits === "" ? undefined : /^\d+$/.test(digits) ? Number(digits) : NaN;
  },
  z
    .number({ invalid_type_error: "errors.cost_invalid" })
    .int("errors.cost_invalid")
    .min(0, "errors.cost_invalid")
    .max(1_000_000_000_000, "errors.cost_invalid")
    .optional(),
);

export const PROPOSAL_LIMITS = { titleMin: 5, titleMax: 140, jointActionMax: 1000, explanationMax: 1000 } as const;

export const ProposalFieldsSchema = z.object({
  title: visibleText(
    z.string({ required_error: "errors.title_required", invalid_type_error: "errors.title_required" }).trim(),
    z.string().min(PROPOSAL_LIMITS.titleMin, "errors.title_too_short").max(PROPOSAL_LIMITS.titleMax, "errors.title_too_long"),
  ),
  costRupiah: optionalRupiah,
  agencyId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().max(40).optional()),
  jointAction: z.preprocess(
    (v) => (v ?? ""),
    z.string().trim().max(PROPOSAL_LIMITS.jointActionMax, "errors.joint_action_too_long"),
  ),
});
export type ProposalFields = z.infer<typeof ProposalFieldsSchema>;

export const ARGUMENT_LIMITS = { min: 5, max: 500 } as const;
export const ArgumentSchema = z.object({
  side: z.enum(["pro", "con"], { errorMap: () => ({ message: "errors.argument_side" }) }),
  text: z
    .string({ required_error: "errors.argument_required" })
    .trim()
    .min(ARGUMENT_LIMITS.min, "errors.argument_too_short")
    .max(ARGUMENT_LIMITS.max, "errors.argument_too_long"),
});

export const HideSchema = z.object({
  reason: z
    .string({ required_error: "errors.hide_reason_required" })
    .trim()
    .min(5, "errors.hide_reason_required")
    .max(HIDE_REASON_MAX, "errors.hide_reason_too_long"),
});

export const FlagSchema = z.object({
  reason: z.enum(FLAG_REASONS, { errorMap: () => ({ message: "errors.flag_reason" }) }),
});

export const SuspendSchema = z.object({
  regionCode: z.string().regex(/^\d{4,10}$/, "errors.region_unknown"),
  days: z.coerce
    .number({ invalid_type_error: "errors.suspension_days" })
    .int("errors.suspension_days")
    .min(1, "errors.suspension_days")
    .max(SUSPENSION_DAYS_MAX, "errors.suspension_days"),
  reason: HideSchema.shape.reason,
});

export const EMAIL_MODES = ["instant", "daily", "none"] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
