import { db, lockFor, type Tx } from "~/db.server";
import { endOfMonthJakarta } from "~/domain/agency-reply";
import { isAccepted, isCaseOfficer, JOINT_ACTION_STATES } from "~/domain/case-policy";
import type { CaseState } from "~/domain/case-workflow";
import { executionBy, isLate, isResultStatus, parentProgress, parseProgress, progressEntry } from "~/domain/results";
import type { Actor } from "~/domain/roles";
import { appendAuditEvent } from "./audit.server";
import type { CaseReport } from "./cases/case-records.server";
import { ServiceError } from "./errors";
import { queueNotifications, ringFanouts } from "./notifications.server";
import { discardUploads, stageReportPhotos, type UploadedPhoto } from "./photos.server";
import { enqueue } from "./queue.server";

// Results (what an agency committed to, and how far it got): created from an accepted reply, moved by the agency's
// officers with dated progress entries (text, up to 5 photos), read by the report page, /hasil-kerja and the DPRD.

type AcceptedItem = { id: string; title: string; costRupiah: bigint | null; periodMonth: string | null; unit: string | null };

/**
 * One Result per accepted item, inheriting the report's place and category and the case's agency; several items
 * hang under one parent (the solution as a whole) whose progress is theirs.
 */
export async function createResults(tx: Tx, c: { id: string; agencyId: string | null; winnerProposalId: string | null }, report: CaseReport, items: AcceptedItem[]) {
  if (items.length === 0) return;
  const place = {
    deliberationId: c.id, reportId: report.id, kelurahanCode: report.kelurahanCode, kecamatanCode: report.kecamatanCode, kotaCode: report.kotaCode,
    categorySlug: report.categorySlug, agencyId: c.agencyId,
  };
  const ofItem = (i: AcceptedItem) => ({
    ...place, replyItemId: i.id, title: i.title, unit: i.unit ?? "", costRupiah: i.costRupiah, periodMonth: i.periodMonth,
    endsAt: i.periodMonth ? endOfMonthJakarta(i.periodMonth) : null,
  });
  if (items.length === 1) {
    await tx.result.create({ data: ofItem(items[0]!) });
    return;
  }
  const months = items.map((i) => i.periodMonth).filter((m): m is string => !!m).sort();
  const last = months.at(-1) ?? null;
  const parent = await tx.result.create({
    data: {
      ...place, title: report.title.slice(0, 200), costRupiah: items.reduce((s, i) => s + (i.costRupiah ?? 0n), 0n), periodMonth: last,
      endsAt: last ? endOfMonthJakarta(last) : null,
    },
    select: { id: true },
  });
  await tx.result.createMany({ data: items.map((i) => ({ ...ofItem(i), parentId: parent.id })) });
}

/** A parent's progress and status follow its children's (after one of them moved). */
async function rollUp(tx: Tx, parentId: string) {
  const children = await tx.result.findMany({ where: { parentId }, select: { progress: true, weight: true, status: true } });
  const progress = parentProgress(children);
  const status = progress >= 100 ? "selesai" : children.some((c) => c.progress > 0) ? "berjalan" : "direncanakan";
  await tx.result.update({ where: { id: parentId }, data: { progress, status } });
}

/**
 * An officer's progress entry on a result: its new status and progress (0–100, an integer; the status's default when
 * left empty), a note, up to 5 photos. Followers of the report are told. Uploads are discarded when anything fails.
 */
export async function addResultProgress(
  actor: Actor, resultId: string, input: { status: unknown; progress: unknown; note: unknown; reportId?: string }, photos: UploadedPhoto[] = [],
) {
  try {
    const result = await db.result.findUnique({ where: { id: resultId }, select: { id: true, agencyId: true, reportId: true, deliberationId: true, progress: true, title: true, children: { select: { id: true }, take: 1 } } });
    // An officer of the result's agency only; posted from a report's page, the result must be that report's.
    if (!result || !isCaseOfficer(actor, result.agencyId) || (input.reportId !== undefined && input.reportId !== result.reportId)) throw new ServiceError(403, "errors.case_forbidden");
    // A parent moves with its children only.
    if (result.children.length > 0 || !result.deliberationId || !result.reportId) throw new ServiceError(409, "errors.result_parent");
    const fields: Record<string, string> = {};
    if (!isResultStatus(input.status)) fields.status = "errors.result_status";
    const rawProgress = typeof input.progress === "string" ? input.progress.trim() : input.progress;
    const given = rawProgress === "" || rawProgress === undefined || rawProgress === null ? null : parseProgress(rawProgress);
    if (given === null && rawProgress !== "" && rawProgress !== undefined && rawProgress !== null) fields.progress = "errors.progress_invalid";
    const note = typeof input.note === "string" ? input.note.trim() : "";
    if (note.length < 5 || note.length > 2000) fields.note = "errors.progress_note";
    if (Object.keys(fields).length > 0) throw new ServiceError(422, "errors.form_invalid", fields);
    const staged = await stageReportPhotos(photos);
    const reportId = result.reportId;
    const { created, fanout } = await db.$transaction(async (tx) => {
      await lockFor(tx, `report-photos:${reportId}`);
      // Moved only while the case follows an accepted answer (not once it is done, reopened or refused).
      const c = await tx.deliberation.findUnique({ where: { id: result.deliberationId! }, select: { state: true, answer: true } });
      if (!c || !JOINT_ACTION_STATES.includes(c.state as CaseState) || !isAccepted(c.answer)) throw new ServiceError(409, "errors.case_illegal");
      const current = await tx.result.findUniqueOrThrow({ where: { id: resultId }, select: { progress: true, parentId: true } });
      const next = progressEntry(input.status as never, given, current.progress);
      await tx.result.update({ where: { id: resultId }, data: next });
      const last = await tx.reportPhoto.aggregate({ where: { reportId }, _max: { position: true } });
      const update = await tx.progressUpdate.create({
        data: {
          deliberationId: result.deliberationId!, authorId: actor.id, note, resultId, progress: next.progress, status: next.status,
          kind: next.progress === 100 ? "completion" : "progress",
          photos: { create: staged.map((p, i) => ({ id: p.id, reportId, position: (last._max.position ?? 0) + 1 + i, originalPath: p.originalPath, bytes: p.bytes, mime: p.mime })) },
        },
        select: { photos: { select: { id: true } } },
      });
      if (current.parentId) await rollUp(tx, current.parentId);
      await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "case.progress", data: { note, result: result.title, progress: next.progress, status: next.status, photos: staged.length } });
      const fanout = await queueNotifications(tx, { reportId, actorId: actor.id, excerpt: `${next.progress}%: ${note}` }, [{ kind: "result_progress", followersOf: { type: "report", id: reportId } }]);
      return { created: update, fanout };
    });
    for (const p of created.photos) await enqueue("photo.process", { photoId: p.id }, p.id);
    await ringFanouts([fanout]);
  } catch (error) {
    await discardUploads(photos);
    throw error;
  }
}

/** A case's results as the report page shows them: top level first, children under their parent, each with its timeline. */
export async function resultsOf(deliberationId: string, now = new Date()) {
  const rows = await db.result.findMany({
    where: { deliberationId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true, parentId: true, title: true, unit: true, costRupiah: true, periodMonth: true, endsAt: true, status: true, progress: true, weight: true,
      replyItem: { select: { position: true } }, createdAt: true,
      updates: {
        orderBy: { createdAt: "asc" },
        select: { id: true, note: true, progress: true, status: true, createdAt: true, photos: { select: { id: true, status: true, imagePath: true, thumbPath: true }, orderBy: { position: "asc" } } },
      },
    },
  });
  // Items written together share their creation time: the reply's order decides (the same on both engines).
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.replyItem?.position ?? 0) - (b.replyItem?.position ?? 0));
  const view = rows.map(({ replyItem: _, createdAt: __, ...r }) => ({
    ...r,
    costRupiah: r.costRupiah === null ? null : Number(r.costRupiah),
    endsAt: r.endsAt?.toISOString() ?? null,
    late: isLate(r, now),
    updates: r.updates.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
  }));
  return view
    .filter((r) => !r.parentId)
    .map((r) => ({ ...r, children: view.filter((c) => c.parentId === r.id) }));
}
export type ResultView = Awaited<ReturnType<typeof resultsOf>>[number];

/**
 * /hasil-kerja: the executed share per kelurahan, kecamatan and agency (top-level results: a parent stands for its
 * children), and the late ones, most overdue first.
 */
export async function executionReport(now = new Date()) {
  const rows = await db.result.findMany({
    select: {
      id: true, parentId: true, title: true, reportId: true, kelurahanCode: true, kecamatanCode: true, agencyId: true, costRupiah: true, endsAt: true, progress: true,
      status: true, periodMonth: true, unit: true,
    },
  });
  const all = rows.map((r) => ({ ...r, costRupiah: r.costRupiah === null ? null : Number(r.costRupiah) }));
  // The shares count top-level results (a parent stands for its items); the late list names the works themselves
  // (an item past its month is late even while its parent's last month is ahead).
  const results = all.filter((r) => !r.parentId);
  const parents = new Set(all.map((r) => r.parentId).filter(Boolean));
  const works = all.filter((r) => !parents.has(r.id));
  const [regions, agencies, reports] = await Promise.all([
    db.region.findMany({ where: { code: { in: [...new Set(results.flatMap((r) => [r.kelurahanCode, r.kecamatanCode]))] } }, select: { code: true, name: true } }),
    db.agency.findMany({ where: { id: { in: [...new Set(results.map((r) => r.agencyId).filter((a): a is string => !!a))] } }, select: { id: true, name: true } }),
    db.report.findMany({ where: { id: { in: [...new Set(all.map((r) => r.reportId).filter((a): a is string => !!a))] } }, select: { id: true, number: true } }),
  ]);
  const name = new Map([...regions.map((r) => [r.code, r.name] as const), ...agencies.map((a) => [a.id, a.name] as const)]);
  const number = new Map(reports.map((r) => [r.id, r.number]));
  const named = (rows: ReturnType<typeof executionBy>) => rows.map((r) => ({ ...r, name: name.get(r.key) ?? r.key }));
  const late = works
    .filter((r) => isLate(r, now))
    .sort((a, b) => a.endsAt!.getTime() - b.endsAt!.getTime())
    .map((r) => ({
      id: r.id, title: r.title, reportId: r.reportId, reportNumber: r.reportId ? number.get(r.reportId) ?? null : null, progress: r.progress, status: r.status,
      endsAt: r.endsAt!.toISOString(), agency: r.agencyId ? name.get(r.agencyId) ?? null : null, kelurahan: name.get(r.kelurahanCode) ?? r.kelurahanCode,
    }));
  return {
    total: results.length,
    done: results.filter((r) => r.progress >= 100).length,
    byKelurahan: named(executionBy(results, (r) => r.kelurahanCode, now)),
    byKecamatan: named(executionBy(results, (r) => r.kecamatanCode, now)),
    byAgency: named(executionBy(results, (r) => r.agencyId, now)),
    late,
  };
}
export type ExecutionReport = Awaited<ReturnType<typeof executionReport>>;
