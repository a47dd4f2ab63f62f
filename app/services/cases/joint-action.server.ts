import { z } from "zod";
import { db, lockFor } from "~/db.server";
import { isAccepted, isCaseModerator, isCaseOfficer, JOINT_ACTION_STATES } from "~/domain/case-policy";
import type { CaseState } from "~/domain/case-workflow";
import type { Actor } from "~/domain/roles";
import { fieldErrors } from "~/domain/validation";
import { ServiceError } from "../errors";
import { findCase, loadReport } from "./case-records.server";

// Joint action (aksi bersama): the tasks citizens carry out themselves, and who signs up for them.

const TaskSchema = z.object({
  title: z.string({ required_error: "errors.task_title" }).trim().min(5, "errors.task_title").max(200, "errors.task_title"),
  when: z.preprocess((v) => v ?? "", z.string().trim().max(120, "errors.task_when")),
  capacity: z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number({ invalid_type_error: "errors.task_capacity" }).int("errors.task_capacity").min(1, "errors.task_capacity").max(10_000, "errors.task_capacity").optional()),
});

/** A fasilitator or the agency lists a task of the joint action. */
export async function addJointTask(actor: Actor, reportId: string, input: Record<string, unknown>) {
  const report = await loadReport(reportId);
  const c = await findCase(reportId);
  if (!isCaseModerator(actor, report) && !isCaseOfficer(actor, c?.agencyId ?? null)) throw new ServiceError(403, "errors.case_forbidden");
  if (!c || !JOINT_ACTION_STATES.includes(c.state as CaseState) || !isAccepted(c.answer)) throw new ServiceError(409, "errors.case_illegal");
  const parsed = TaskSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  await db.jointTask.create({ data: { deliberationId: c.id, title: parsed.data.title, when: parsed.data.when, capacity: parsed.data.capacity ?? null, createdById: actor.id } });
}

/** A citizen signs up for (or withdraws from) a task while the joint action is on; a task's capacity holds. */
export async function signUpForTask(actor: Actor, taskId: string, join: boolean) {
  await db.$transaction(async (tx) => {
    // Capacity is counted in the transaction that adds the sign-up (SQLite: BEGIN IMMEDIATE; PostgreSQL: the task's
    // lock), so parallel joins queue here and the last places go to the first to arrive.
    await lockFor(tx, `task:${taskId}`);
    const task = await tx.jointTask.findUnique({ where: { id: taskId }, select: { id: true, capacity: true, deliberation: { select: { state: true } } } });
    if (!task) throw new ServiceError(404, "errors.not_found");
    if (!JOINT_ACTION_STATES.includes(task.deliberation.state as CaseState)) throw new ServiceError(409, "errors.case_illegal");
    if (!join) {
      await tx.taskSignup.deleteMany({ where: { taskId, userId: actor.id } });
      return;
    }
    if (await tx.taskSignup.findUnique({ where: { taskId_userId: { taskId, userId: actor.id } }, select: { taskId: true } })) return;
    if (task.capacity !== null && (await tx.taskSignup.count({ where: { taskId } })) >= task.capacity) throw new ServiceError(409, "errors.task_full");
    await tx.taskSignup.create({ data: { taskId, userId: actor.id } });
  });
}

