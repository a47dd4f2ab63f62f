import { db } from "~/db.server";
import type { Actor } from "~/domain/roles";
import { ServiceError } from "../errors";
import { findCase } from "./case-records.server";

// The outcome's rating by the citizens who took part.

/** Citizens who took part (voted, signed up, commented or proposed) rate the finished case once (changeable). */
export async function rateOutcome(actor: Actor, reportId: string, input: { score?: unknown; comment?: unknown }) {
  const c = await findCase(reportId);
  if (!c || c.state !== "selesai") throw new ServiceError(409, "errors.case_not_done");
  const score = Number(input.score);
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new ServiceError(422, "errors.form_invalid", { score: "errors.score" });
  const comment = typeof input.comment === "string" ? input.comment.trim().slice(0, 1000) : "";
  const tookPart =
    (await db.ballot.count({ where: { deliberationId: c.id, userId: actor.id } })) +
    (await db.taskSignup.count({ where: { userId: actor.id, task: { deliberationId: c.id } } })) +
    (await db.comment.count({ where: { reportId, authorId: actor.id } })) +
    (await db.proposal.count({ where: { reportId, authorId: actor.id } }));
  if (tookPart === 0) throw new ServiceError(403, "errors.rating_not_participant");
  await db.outcomeRating.upsert({
    where: { deliberationId_userId: { deliberationId: c.id, userId: actor.id } },
    create: { deliberationId: c.id, userId: actor.id, score, comment },
    update: { score, comment },
  });
}

