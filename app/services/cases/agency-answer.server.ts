import { type Tx, db, lockFor } from "~/db.server";
import type { Tally } from "~/domain/ballot";
import { AGENCY_DESK_STATES, isAccepted, isCaseOfficer, JOINT_ACTION_STATES } from "~/domain/case-policy";
import { isOverdue, SLA_STATES, type CaseState } from "~/domain/case-workflow";
import type { Actor } from "~/domain/roles";
import { appendAuditEvent } from "../audit.server";
import { ServiceError } from "../errors";
import { notify } from "../notifications.server";
import { ringOutbox } from "../outbox.server";
import { discardUploads, stageReportPhotos, type UploadedPhoto } from "../photos.server";
import { enqueue } from "../queue.server";
import { caseSelect, findCase } from "./case-records.server";

// The agency's side of a case: its desk, its progress notes and proof of completion, and the SLA round that
// reminds it and escalates its silence.

/** Cases routed to the officer's agency that wait for, or follow, its answer; overdue ones first. */
export async function agencyDesk(actor: Actor, now = new Date()) {
  if (actor.role !== "petugas" && actor.role !== "admin") throw new ServiceError(403, "errors.forbidden");
  const rows = await db.deliberation.findMany({
    where: { state: { in: [...AGENCY_DESK_STATES] }, ...(actor.role === "petugas" ? { agencyId: actor.agencyId ?? "-" } : {}) },
    orderBy: [{ dueAt: "asc" }],
    take: 200,
    select: { ...caseSelect, report: { select: { number: true, title: true, categorySlug: true } } },
  });
  const winners = await db.proposal.findMany({ where: { id: { in: rows.map((r) => r.winnerProposalId ?? "").filter(Boolean) } }, select: { id: true, title: true, text: true, costRupiah: true, jointAction: true } });
  const winnerOf = new Map(winners.map((w) => [w.id, w]));
  return rows
    .map((r) => ({
      reportId: r.reportId,
      report: r.report,
      state: r.state,
      dueAt: r.dueAt?.toISOString() ?? null,
      overdue: isOverdue(r.state as CaseState, r.dueAt, now),
      summary: r.summary,
      tally: r.tally ? (JSON.parse(r.tally) as Tally) : null,
      solution: r.winnerProposalId ? winnerOf.get(r.winnerProposalId) ?? null : null,
      answer: r.answer,
    }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue));
}

/**
 * The agency's progress note on an accepted case, with up to 5 photos (proof of completion) that go
 * through the same checks and worker as a report's photos. Uploads are discarded when anything fails.
 */
export async function addProgress(actor: Actor, reportId: string, note: unknown, photos: UploadedPhoto[] = []) {
  try {
    const c = await findCase(reportId);
    // Permission first: someone who may not post learns nothing about the case's state.
    if (!c || !isCaseOfficer(actor, c.agencyId)) throw new ServiceError(403, "errors.case_forbidden");
    if (!JOINT_ACTION_STATES.includes(c.state as CaseState) || !isAccepted(c.answer)) throw new ServiceError(409, "errors.case_illegal");
    const text = typeof note === "string" ? note.trim() : "";
    if (text.length < 5 || text.length > 2000) throw new ServiceError(422, "errors.form_invalid", { note: "errors.progress_note" });
    const staged = await stageReportPhotos(photos);
    const created = await db.$transaction(async (tx: Tx) => {
      // Photo positions follow the last one: two notes at once must not take the same places.
      await lockFor(tx, `report-photos:${reportId}`);
      const last = await tx.reportPhoto.aggregate({ where: { reportId }, _max: { position: true } });
      const update = await tx.progressUpdate.create({
        data: {
          deliberationId: c.id,
          authorId: actor.id,
          note: text,
          kind: staged.length > 0 ? "completion" : "progress",
          photos: {
            create: staged.map((p, i) => ({ id: p.id, reportId, position: (last._max.position ?? 0) + 1 + i, originalPath: p.originalPath, bytes: p.bytes, mime: p.mime })),
          },
        },
        select: { photos: { select: { id: true } } },
      });
      await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "case.progress", data: { note: text, photos: staged.length } });
      return update;
    });
    for (const p of created.photos) await enqueue("photo.process", { photoId: p.id }, p.id);
  } catch (error) {
    await discardUploads(photos);
    throw error;
  }
}

/** Remind the agency this long before an answer is due. */
export const SLA_REMINDER_MS = 2 * 24 * 3600_000;

/**
 * For the sweeper: remind the agency's officers of answers due soon, and escalate overdue cases to the region's
 * DPRD members and the public timeline. Each case once (remindedAt / escalatedAt), so the round is idempotent.
 */
export async function slaRound(now = new Date()) {
  const soon = await db.deliberation.findMany({
    where: { state: { in: [...SLA_STATES] }, remindedAt: null, dueAt: { gt: now, lte: new Date(now.getTime() + SLA_REMINDER_MS) } },
    select: { id: true, reportId: true, agencyId: true, dueAt: true },
    take: 200,
  });
  const late = await db.deliberation.findMany({
    where: { state: { in: [...SLA_STATES] }, escalatedAt: null, dueAt: { lte: now } },
    select: { id: true, reportId: true, agencyId: true, dueAt: true, report: { select: { kelurahanCode: true, kecamatanCode: true, kotaCode: true } } },
    take: 200,
  });
  const outbox: string[] = [];
  for (const c of soon) {
    const officers = await db.user.findMany({ where: { role: "petugas", agencyId: c.agencyId ?? "-" }, select: { id: true } });
    outbox.push(...(await db.$transaction(async (tx) => {
      const claimed = await tx.deliberation.updateMany({ where: { id: c.id, remindedAt: null }, data: { remindedAt: now } });
      if (claimed.count === 0) return [];
      return notify(tx, officers.map((o) => o.id), { kind: "sla_reminder", reportId: c.reportId, actorId: null, excerpt: c.dueAt?.toISOString() ?? "" });
    })));
  }
  for (const c of late) {
    const codes = [c.report.kelurahanCode, c.report.kecamatanCode, c.report.kotaCode];
    const [dprd, officers] = await Promise.all([
      db.user.findMany({ where: { role: "dprd", regions: { some: { regionCode: { in: codes } } } }, select: { id: true } }),
      db.user.findMany({ where: { role: "petugas", agencyId: c.agencyId ?? "-" }, select: { id: true } }),
    ]);
    outbox.push(...(await db.$transaction(async (tx) => {
      const claimed = await tx.deliberation.updateMany({ where: { id: c.id, escalatedAt: null }, data: { escalatedAt: now } });
      if (claimed.count === 0) return [];
      await appendAuditEvent(tx, { reportId: c.reportId, actorId: null, type: "case.overdue", data: { dueAt: c.dueAt?.toISOString() } });
      return notify(tx, [...dprd, ...officers].map((u) => u.id), { kind: "sla_overdue", reportId: c.reportId, actorId: null, excerpt: c.dueAt?.toISOString() ?? "" });
    })));
  }
  await ringOutbox(outbox);
  return { reminded: soon.length, escalated: late.length };
}

