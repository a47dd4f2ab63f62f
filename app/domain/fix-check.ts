// Residents confirm the fix (FixMyStreet #897, #1339): when a fix is marked done, its reporter and the case's
// participants are asked after some days "Sudah diperbaiki?"; the reporter's "belum" reopens it, three other
// residents' "belum" within two weeks put it in doubt, and "closed, not fixed" is never counted as fixed. Pure.

export const FIX_ANSWERS = ["sudah", "belum", "tidak_tahu"] as const;
export type FixAnswer = (typeof FIX_ANSWERS)[number];
export type FixRole = "pelapor" | "peserta" | "tetangga";

/** Days after the fix before the question goes out. */
export const FIX_CHECK_DAYS = 14;
/** Distinct residents (not the reporter) whose "belum" within DISPUTE_WINDOW_DAYS puts a fix in doubt. */
export const DISPUTES_NEEDED = 3;
export const DISPUTE_WINDOW_DAYS = 14;
/** After this many days a "belum" no longer reopens the fix: a new report, linked to it, is offered instead. */
export const REOPEN_LIMIT_DAYS = 90;
export const MIN_EXPLANATION = 10;

const DAY = 86_400_000;

export const fixAskAt = (fixedAt: Date): Date => new Date(fixedAt.getTime() + FIX_CHECK_DAYS * DAY);

/** Who is answering: the reporter, someone who took part in the case, a resident of the kelurahan, or nobody. */
export function fixRole(userId: string, who: { reporterId: string; participantIds: ReadonlySet<string>; kelurahanCode: string }, homeKelurahanCode: string | null): FixRole | null {
  if (userId === who.reporterId) return "pelapor";
  if (who.participantIds.has(userId)) return "peserta";
  if (homeKelurahanCode === who.kelurahanCode) return "tetangga";
  return null;
}

/** What is wrong with an answer (an i18n key per field), or null. "Belum" always owes a reason: the agency reads it. */
export function fixAnswerProblem(answer: unknown, text: string): Record<string, string> | null {
  if (!(FIX_ANSWERS as readonly unknown[]).includes(answer)) return { answer: "errors.fix_answer" };
  if (text.length > 2000) return { text: "errors.fix_explanation" };
  if (answer === "belum" && text.length < MIN_EXPLANATION) return { text: "errors.fix_explanation" };
  return null;
}

export type FixEffect = "reopen" | "offer_new_report" | "dispute" | "none";

/**
 * What an answer does. The reporter's "belum" reopens the fix (within REOPEN_LIMIT_DAYS and if the category allows;
 * otherwise it is a dispute, or past the limit a new linked report is offered); anyone else's "belum" is a dispute.
 * Neighbours alone never reopen.
 */
export function fixEffect(role: FixRole, answer: FixAnswer, fixedAt: Date, now: Date, reopenable: boolean): FixEffect {
  if (answer !== "belum") return "none";
  if (role !== "pelapor") return "dispute";
  if (now.getTime() - fixedAt.getTime() > REOPEN_LIMIT_DAYS * DAY) return "offer_new_report";
  return reopenable ? "reopen" : "dispute";
}

/** In doubt: at least DISPUTES_NEEDED distinct people said "belum" within the last DISPUTE_WINDOW_DAYS. */
export function isDoubted(disputes: readonly { userId: string; at: Date }[], now: Date): boolean {
  const since = now.getTime() - DISPUTE_WINDOW_DAYS * DAY;
  return new Set(disputes.filter((d) => d.at.getTime() >= since && d.at <= now).map((d) => d.userId)).size >= DISPUTES_NEEDED;
}
