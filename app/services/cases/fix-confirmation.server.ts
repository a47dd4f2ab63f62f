import { db } from "~/db.server";
import type { FixEffect } from "~/domain/fix-check";
import type { Actor } from "~/domain/roles";
import { answerFixCheck, peekFixEffect, prepareFixAnswer, reopenReport } from "../fix-checks.server";
import { takeStep } from "./case-steps.server";

// "Sudah diperbaiki?" answered on the report page. An answer that reopens (the reporter's "belum") is recorded in
// the transaction that reopens: a case through the workflow ("dibuka kembali", the agency's SLA restarting), a
// report without a case back to "diproses". Any other answer in its own transaction (fix-checks.server.ts).
export async function confirmFix(actor: Actor, reportId: string, input: { answer: unknown; text: unknown }, now = new Date()): Promise<FixEffect> {
  const answer = await prepareFixAnswer(actor, reportId, input);
  if ((await peekFixEffect(reportId, answer, now)) !== "reopen") return answerFixCheck(reportId, answer, now);
  const c = await db.deliberation.findUnique({ where: { reportId }, select: { state: true } });
  if (c?.state === "selesai") await takeStep(actor, reportId, "reopen_fix", { fixAnswer: answer }, now);
  else await reopenReport(reportId, answer, now);
  return "reopen";
}
