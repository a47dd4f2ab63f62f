import { redirect } from "@remix-run/node";
import { RULES, type CaseEvent } from "~/domain/case-workflow";
import { addProgress } from "~/services/cases/agency-answer.server";
import { openAlternativeVote, voteOnAlternative } from "~/services/cases/alternative-vote.server";
import { castBallot } from "~/services/cases/ballots.server";
import { confirmFix } from "~/services/cases/fix-confirmation.server";
import { respondToDoubt } from "~/services/fix-checks.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { takeStep } from "~/services/cases/case-steps.server";
import { addJointTask, signUpForTask } from "~/services/cases/joint-action.server";
import { rateOutcome } from "~/services/cases/outcome-rating.server";
import { calendarDayProblem, parseJakartaDateTime, type DateProblem } from "~/domain/form-dates";
import { isServiceError, ServiceError } from "~/services/errors";
import { consume } from "~/services/rate-limit.server";
import { verifyCsrf } from "./csrf.server";
import { actionError } from "./http.server";
import { requireUser } from "./session.server";

// The co-decision forms on a report page: configure, workflow steps, ballot, answer, progress, tasks, rating.

// Every event of the workflow can be asked for; the rules (`decide`) say who may take it and when.
// Reopening a fix is not a bare step: it is the reporter's "belum" with its reason (the fix.answer form).
const STEP_EVENTS: readonly CaseEvent[] = (Object.keys(RULES) as CaseEvent[]).filter((e) => e !== "reopen_fix");

/** An impossible date handed on to the service, which then refuses the field (after its permission check). */
const NOT_A_DATE = "not-a-date";

/**
 * Datetime-local fields ("2026-11-25T09:00", Jakarta time) as ISO instants, and what is wrong with those that are
 * not real moments (30 February, year 20000, not a date at all). Empty fields stay undefined.
 */
export function jakartaDateTimes<K extends string>(formData: FormData, keys: readonly K[]) {
  const values = {} as Record<K, string | undefined>;
  const problems: Record<string, DateProblem> = {};
  for (const key of keys) {
    const raw = formData.get(key);
    if (typeof raw !== "string" || raw.trim() === "") continue;
    const parsed = parseJakartaDateTime(raw);
    if (parsed.ok) values[key] = parsed.date.toISOString();
    else {
      values[key] = NOT_A_DATE;
      problems[key] = parsed.problem;
    }
  }
  return { values, problems };
}

/**
 * Runs a use case that was given NOT_A_DATE for the fields in `problems`: it checks permission and state first as
 * always, then refuses the fields; the refusal then names what exactly is wrong with each date.
 */
async function withDateProblems<T>(problems: Record<string, DateProblem>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isServiceError(error) && error.status === 422 && Object.keys(problems).length > 0) {
      throw new ServiceError(422, "errors.form_invalid", { ...error.fields, ...problems });
    }
    throw error;
  }
}

/** Ranked ballot fields rank-<proposalId> = "1".."n" (or empty) → the ordered list; equal ranks are refused by the domain. */
function rankedChoices(formData: FormData): string[] {
  const ranks: { id: string; rank: number }[] = [];
  for (const [key, value] of formData.entries()) {
    if (!key.startsWith("rank-") || typeof value !== "string" || value === "") continue;
    ranks.push({ id: key.slice(5), rank: Number(value) });
  }
  ranks.sort((a, b) => a.rank - b.rank);
  // Two proposals given the same rank are a duplicate position: keep both so validation can say so.
  const out: string[] = [];
  ranks.forEach((r, i) => out.push(i > 0 && ranks[i - 1]!.rank === r.rank ? ranks[i - 1]!.id : r.id));
  return out;
}

function approvalChoices(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (key.startsWith("stance-") && typeof value === "string") out[key.slice(7)] = value;
  return out;
}

/** A form's text fields (not the CSRF token), each cut to 4,000 characters: the reply's many named fields. */
function formStrings(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && key !== "csrf" && key.length <= 40) out[key] = value.slice(0, 4000);
  return out;
}

export async function caseAction(request: Request, formData: FormData, reportId: string) {
  const user = await requireUser(request);
  const intent = String(formData.get("intent") ?? "");
  // The long forms (the agency's reply, the answer to its counter-proposal) come back filled in when refused.
  const refill = ["case.reply", "case.respond", "fix.answer"].includes(intent) ? formStrings(formData) : {};
  const values = { ...refill, intent, target: String(formData.get("target") ?? "") };
  const back = `/laporan/${reportId}`;
  try {
    await verifyCsrf(request, formData);
    await consume("discuss", user.id);
    switch (intent) {
      case "case.configure": {
        const dates = jakartaDateTimes(formData, ["discussionEndsAt", "votingOpensAt", "votingClosesAt"] as const);
        await withDateProblems(dates.problems, () =>
          configureCase(user, reportId, {
            type: formData.get("type"), quorum: formData.get("quorum"), minSupportPercent: formData.get("minSupportPercent"), eligibility: formData.get("eligibility"),
            ...dates.values, agencyOverrideId: formData.get("agencyOverrideId"), summary: formData.get("summary"),
            showResultsBeforeClose: formData.get("showResultsBeforeClose"),
          }),
        );
        return redirect(`${back}?ok=caseSaved#musyawarah`);
      }
      case "case.step": {
        const event = String(formData.get("event")) as CaseEvent;
        if (!STEP_EVENTS.includes(event)) throw new ServiceError(400, "errors.case_illegal");
        const planned = formData.get("plannedDate");
        const plannedProblem = typeof planned === "string" && planned.trim() !== "" ? calendarDayProblem(planned) : null;
        await withDateProblems(plannedProblem ? { plannedDate: plannedProblem } : {}, () =>
          takeStep(user, reportId, event, { decision: formData.get("decision"), note: formData.get("note"), plannedDate: plannedProblem ? NOT_A_DATE : planned }),
        );
        return redirect(`${back}?ok=caseStep#musyawarah`);
      }
      case "case.reply":
        await takeStep(user, reportId, "answer", formStrings(formData));
        return redirect(`${back}?ok=caseStep#balasan`);
      case "case.respond":
        await takeStep(user, reportId, "respond_alternative", { response: formData.get("response"), responseNote: formData.get("responseNote") });
        return redirect(`${back}?ok=caseStep#balasan`);
      case "case.altvote.open": {
        const dates = jakartaDateTimes(formData, ["voteClosesAt"] as const);
        await withDateProblems(dates.problems, () => openAlternativeVote(user, reportId, dates.values.voteClosesAt ?? ""));
        return redirect(`${back}?ok=caseStep#balasan`);
      }
      case "case.altvote":
        await voteOnAlternative(user, reportId, formData.get("choice"));
        return redirect(`${back}?ok=voted#balasan`);
      case "fix.answer": {
        const effect = await confirmFix(user, reportId, { answer: formData.get("answer"), text: formData.get("text") });
        return redirect(`${back}?ok=${effect === "reopen" ? "fixReopened" : "fixAnswered"}#perbaikan-warga`);
      }
      case "fix.respond":
        await respondToDoubt(user, reportId, formData.get("agencyResponse"));
        return redirect(`${back}?ok=caseStep#perbaikan-warga`);
      case "case.vote": {
        const ranked = formData.get("ballotType") === "ranked";
        const { receipt } = await castBallot(user, reportId, ranked ? rankedChoices(formData) : approvalChoices(formData));
        return redirect(`${back}?ok=voted&tanda=${receipt}#musyawarah`);
      }
      case "case.progress":
        await addProgress(user, reportId, formData.get("note"));
        return redirect(`${back}?ok=caseStep#musyawarah`);
      case "case.task":
        await addJointTask(user, reportId, { title: formData.get("title"), when: formData.get("when"), capacity: formData.get("capacity") });
        return redirect(`${back}?ok=caseStep#aksi`);
      case "case.join":
      case "case.leave":
        await signUpForTask(user, values.target, intent === "case.join");
        return redirect(`${back}?ok=caseStep#aksi`);
      case "case.rate":
        await rateOutcome(user, reportId, { score: formData.get("score"), comment: formData.get("comment") });
        return redirect(`${back}?ok=rated#musyawarah`);
      default:
        throw new ServiceError(400, "errors.form_invalid");
    }
  } catch (error) {
    return actionError(error, values);
  }
}
