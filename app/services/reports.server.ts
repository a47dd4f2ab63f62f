import { type Tx, db, lockFor } from "~/db.server";
import { clampPage, PAGE_SIZE } from "~/domain/pagination";
import { ReportInputSchema, reportSearchText } from "~/domain/report-input";
import { fieldErrors } from "~/domain/validation";
import { ancestorsOfKelurahan } from "~/domain/regions";
import { canMoveStatus, isReportStatus, STATUS_NOTE_MAX } from "~/domain/report-status";
import { phaseStates, type ReportFilters } from "~/domain/report-filters";
import type { CaseState } from "~/domain/case-workflow";
import { mayUpdateReportStatus, type Actor } from "~/domain/roles";
import { responsibleAgency } from "./routing.server";
import { ServiceError } from "./errors";
import { appendAuditEvent } from "./audit.server";
import { referenceData } from "./reference-data.server";
import { kelurahanLocator } from "./kelurahan-centroids.server";
import { discardUploads, stageReportPhotos, type UploadedPhoto } from "./photos.server";
import { enqueue } from "./queue.server";
import { openFixCheck } from "./fix-checks.server";
import { queueHostPush } from "./host-push.server";
import { ringOutbox } from "./outbox.server";

/** The next public report number, from a counter row (portable; safe inside concurrent transactions). */
export async function nextReportNumber(tx: Tx): Promise<number> {
  // The first report of a fresh database creates the counter: two at once must not both try.
  await lockFor(tx, "counter:report");
  const counter = await tx.counter.upsert({
    where: { name: "report" },
    create: { name: "report", value: 1 },
    update: { value: { increment: 1 } },
    select: { value: true },
  });
  return counter.value;
}

/** Checks a report's fields against the reference data; returns the derived kecamatan and kota. */
export async function validateReport(input: Record<string, unknown>) {
  const parsed = ReportInputSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const ref = await referenceData();
  const problems: Record<string, string> = {};
  if (!ref.categoryBySlug.has(parsed.data.categorySlug)) problems.categorySlug = "errors.category_unknown";
  const ancestors = ancestorsOfKelurahan(parsed.data.kelurahanCode, ref.byCode);
  if (!ancestors) problems.kelurahanCode = "errors.kelurahan_unknown";
  else {
    // A point that plainly contradicts the chosen kelurahan (a Kebayoran Lama point filed under Pulau Pari).
    const contradiction = (await kelurahanLocator()).locationProblem(parsed.data, parsed.data.kelurahanCode);
    if (contradiction) problems.kelurahanCode = contradiction;
  }
  if (Object.keys(problems).length > 0 || !ancestors) throw new ServiceError(422, "errors.form_invalid", problems);
  return { ...parsed.data, ...ancestors };
}

/**
 * Files a report: validates, stores the report, its photo rows and the "created" event in one
 * transaction, then rings the worker to process the photos. Uploaded files are discarded when anything fails.
 */
export async function fileReport(reporterId: string, input: Record<string, unknown>, photos: UploadedPhoto[], now = new Date()) {
  try {
    const data = await validateReport(input);
    const staged = await stageReportPhotos(photos);
    const report = await db.$transaction(async (tx) => {
      const number = await nextReportNumber(tx);
      const created = await tx.report.create({
        data: {
          number,
          categorySlug: data.categorySlug,
          title: data.title,
          description: data.description,
          searchText: reportSearchText(data.title, data.description),
          lat: data.lat,
          lng: data.lng,
          kelurahanCode: data.kelurahanCode,
          kecamatanCode: data.kecamatanCode,
          kotaCode: data.kotaCode,
          reporterId,
          createdAt: now,
          photos: {
            create: staged.map((p, position) => ({
              id: p.id,
              position,
              originalPath: p.originalPath,
              bytes: p.bytes,
              mime: p.mime,
            })),
          },
        },
        select: { id: true, number: true, photos: { select: { id: true } } },
      });
      await appendAuditEvent(tx, {
        reportId: created.id,
        actorId: reporterId,
        type: "report.created",
        data: { photos: staged.length },
      });
      return created;
    });
    for (const photo of report.photos) await enqueue("photo.process", { photoId: photo.id }, photo.id);
    return { id: report.id, number: report.number };
  } catch (error) {
    await discardUploads(photos);
    throw error;
  }
}

function whereOf(f: ReportFilters) {
  // The narrowest region given wins; a kelurahan implies its kecamatan and kota.
  const region = f.kelurahan
    ? { kelurahanCode: f.kelurahan }
    : f.kecamatan
      ? { kecamatanCode: f.kecamatan }
      : f.kota
        ? { kotaCode: f.kota }
        : {};
  const words = (f.q ?? "").toLocaleLowerCase("id-ID").split(/\s+/).filter(Boolean).slice(0, 6);
  return {
    ...region,
    ...(f.category ? { categorySlug: f.category } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.phase ? { deliberation: { is: { state: { in: phaseStates(f.phase) } } } } : {}),
    ...(words.length ? { AND: words.map((w) => ({ searchText: { contains: w } })) } : {}),
  };
}

/** One page of the list; a page past the last shows the last (`page` in the result is the page shown). */
export async function listReports(filters: ReportFilters, asked: number) {
  const where = whereOf(filters);
  const pageOf = (page: number) =>
    db.report.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        number: true,
        title: true,
        status: true,
        categorySlug: true,
        kelurahanCode: true,
        createdAt: true,
        deliberation: { select: { state: true, votingClosesAt: true } },
        photos: {
          where: { status: "ready", progressUpdateId: null },
          orderBy: { position: "asc" },
          take: 1,
          select: { thumbPath: true },
        },
      },
    });
  // Count and page in parallel; only a page past the end (a stale link, "?halaman=999") costs a second query.
  const [total, first] = await Promise.all([db.report.count({ where }), pageOf(asked)]);
  const page = clampPage(asked, total);
  const rows = page === asked ? first : await pageOf(page);
  return {
    page,
    total,
    reports: rows.map(({ photos, deliberation, ...r }) => ({
      ...r,
      thumbPath: photos[0]?.thumbPath ?? null,
      phase: (deliberation?.state ?? null) as CaseState | null,
      votingClosesAt: deliberation?.state === "pemungutan_suara" ? deliberation.votingClosesAt?.toISOString() ?? null : null,
    })),
  };
}

/** Most points the map loads at once (the newest); the page says when there are more. */
export const MAP_POINTS_MAX = 5000;

/**
 * The map's points for the list's filters, newest first, as compact rows [id, lat, lng, status, number, title]
 * so a cheap phone downloads as little as possible.
 */
export async function reportPoints(filters: ReportFilters) {
  const where = whereOf(filters);
  const [total, rows] = await Promise.all([
    db.report.count({ where }),
    db.report.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAP_POINTS_MAX, select: { id: true, lat: true, lng: true, status: true, number: true, title: true, deliberation: { select: { state: true } } } }),
  ]);
  return { total, points: rows.map((r) => [r.id, r.lat, r.lng, r.status, r.number, r.title, r.deliberation?.state ?? null] as const) };
}

export async function getReport(id: string) {
  const report = await db.report.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      title: true,
      description: true,
      status: true,
      categorySlug: true,
      lat: true,
      lng: true,
      kelurahanCode: true,
      kecamatanCode: true,
      kotaCode: true,
      source: true,
      hostSystem: true,
      externalId: true,
      commentCount: true,
      createdAt: true,
      updatedAt: true,
      reporter: { select: { name: true } },
      photos: {
        where: { progressUpdateId: null },
        orderBy: { position: "asc" },
        select: { id: true, status: true, imagePath: true, thumbPath: true, width: true, height: true },
      },
      events: {
        orderBy: { createdAt: "asc" },
        select: { id: true, type: true, data: true, createdAt: true, actor: { select: { name: true, role: true } } },
      },
    },
  });
  if (!report) throw new ServiceError(404, "errors.report_not_found");
  return {
    ...report,
    events: report.events.map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> })),
  };
}

/**
 * Moves a report to another status with an optional public note, recorded on the timeline. Only an admin
 * or an officer of the responsible agency may; the move is refused if someone else changed it first.
 */
export async function changeReportStatus(actor: Actor, reportId: string, toRaw: unknown, noteRaw: unknown) {
  const report = await db.report.findUnique({
    where: { id: reportId },
    select: { id: true, status: true, categorySlug: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true },
  });
  if (!report) throw new ServiceError(404, "errors.report_not_found");
  const agency = await responsibleAgency(report);
  if (!mayUpdateReportStatus(actor, agency?.id ?? null)) throw new ServiceError(403, "errors.forbidden");
  if (!isReportStatus(toRaw) || !isReportStatus(report.status)) {
    throw new ServiceError(422, "errors.form_invalid", { status: "errors.status_unknown" });
  }
  const note = typeof noteRaw === "string" ? noteRaw.trim() : "";
  if (note.length > STATUS_NOTE_MAX) throw new ServiceError(422, "errors.form_invalid", { note: "errors.note_too_long" });
  if (!canMoveStatus(report.status, toRaw)) {
    throw new ServiceError(409, "errors.form_invalid", { status: "errors.status_move" });
  }
  const from = report.status;
  const outbox = await db.$transaction(async (tx) => {
    const moved = await tx.report.updateMany({ where: { id: reportId, status: from }, data: { status: toRaw } });
    if (moved.count === 0) throw new ServiceError(409, "errors.form_invalid", { status: "errors.status_changed_meanwhile" });
    await appendAuditEvent(tx, {
      reportId,
      actorId: actor.id,
      type: "report.status_changed",
      data: { from, to: toRaw, ...(note ? { note } : {}) },
    });
    // Marked fixed: residents will be asked whether it really is.
    if (toRaw === "selesai") await openFixCheck(tx, reportId, new Date());
    return queueHostPush(tx, reportId, "report.status_changed");
  });
  await ringOutbox(outbox);
}
