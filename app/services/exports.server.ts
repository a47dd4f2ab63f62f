import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { exportDir } from "~/config.server";
import { db } from "~/db.server";
import { DOSSIER_EXPORT_MAX, participation, type DossierFilters } from "~/domain/dossier";
import type { Actor } from "~/domain/roles";
import { fixedT } from "~/i18n/translate";
import { writeDossiersPdf } from "./dossier-pdf.server";
import { actorOf, describeDossierFilters, findDossiers, getDossier, requireDprd } from "./dprd.server";
import { isServiceError, ServiceError } from "./errors";
import { enqueue } from "./queue.server";

// PDF exports for DPRD members. The web process only writes an ExportJob row and rings the worker; the worker
// renders the PDF and records progress on the row, which the member's polling page reads.

export type ExportParams = { reportId: string } | { filters: DossierFilters };

/** Queues a PDF of one dossier (checked against the member's regions) or of the filtered list. */
export async function requestExport(actor: Actor, params: ExportParams): Promise<string> {
  requireDprd(actor);
  let total: number;
  let kind: "dossier" | "list";
  if ("reportId" in params) {
    await getDossier(actor, params.reportId);
    kind = "dossier";
    total = 1;
  } else {
    total = (await findDossiers(actor, params.filters)).length;
    kind = "list";
    if (total === 0) throw new ServiceError(422, "errors.export_empty");
    if (total > DOSSIER_EXPORT_MAX) throw new ServiceError(422, "errors.export_too_many");
  }
  const row = await db.exportJob.create({ data: { userId: actor.id, kind, params: JSON.stringify(params), total }, select: { id: true } });
  // If Redis is down the row waits as "antri" and the sweeper rings it.
  await enqueue("export.pdf", { exportId: row.id }, row.id);
  return row.id;
}

/** The member's own export (nobody else's: a 404 rather than revealing it exists). */
export async function getExport(actor: Actor, id: string) {
  requireDprd(actor);
  const row = await db.exportJob.findFirst({ where: { id, userId: actor.id } });
  if (!row) throw new ServiceError(404, "errors.not_found");
  const size = row.status === "selesai" && row.filePath ? await stat(exportFile(row.filePath)).then((s) => s.size, () => null) : null;
  const params = JSON.parse(row.params) as ExportParams;
  const number = "reportId" in params ? (await db.report.findUnique({ where: { id: params.reportId }, select: { number: true } }))?.number ?? null : null;
  return {
    id: row.id, kind: row.kind, status: row.status, done: row.done, total: row.total, error: row.error, size, number,
    createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null,
    back: "reportId" in params ? `/dprd/berkas/${params.reportId}` : "/dprd",
  };
}

export async function recentExports(actor: Actor) {
  requireDprd(actor);
  return db.exportJob.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "desc" }, take: 5, select: { id: true, kind: true, status: true, total: true, createdAt: true } })
    .then((rows) => rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })));
}

/** Absolute path of a finished export; the stored name never leaves EXPORT_DIR. */
export function exportFile(fileName: string): string {
  return path.join(exportDir(), path.basename(fileName));
}

/** Exports still queued after a while: their job was lost (Redis down when asked), so the sweeper rings again. */
export async function waitingExportIds(olderThanMs: number, now = new Date()): Promise<string[]> {
  const rows = await db.exportJob.findMany({ where: { status: "antri", createdAt: { lt: new Date(now.getTime() - olderThanMs) } }, take: 100, select: { id: true } });
  return rows.map((r) => r.id);
}

/** How long a finished export stays downloadable. */
export const EXPORT_KEEP_MS = 7 * 86_400_000;

/** Finished or failed exports older than a week: their files and rows go (the sweeper calls this). */
export async function purgeOldExports(now = new Date()): Promise<number> {
  const old = await db.exportJob.findMany({ where: { finishedAt: { lt: new Date(now.getTime() - EXPORT_KEEP_MS) } }, take: 500, select: { id: true, filePath: true } });
  for (const row of old) if (row.filePath) await rm(exportFile(row.filePath), { force: true });
  await db.exportJob.deleteMany({ where: { id: { in: old.map((r) => r.id) } } });
  return old.length;
}

/** Progress is written at most this often (a 200-dossier export would otherwise write 200 times in seconds). */
const PROGRESS_EVERY_MS = 300;

export interface RenderAttempt {
  /** This is the job's last attempt: a failure is recorded on the row instead of being retried. */
  last: boolean;
  /** Told the share done (0–100), e.g. to show it on the queue's own job. */
  onProgress?: (percent: number) => Promise<void>;
}

/**
 * The worker's half of an export: renders one ExportJob to EXPORT_DIR/<id>.pdf, recording progress and the
 * outcome on its row. Runs again from the start if the worker died mid-way (the row is still "berjalan"); writes
 * to a .part file renamed at the end, so a half-written PDF is never served. Idempotent: a finished or failed
 * export is left alone.
 */
export async function renderExport(exportId: string, attempt: RenderAttempt, now: () => Date = () => new Date()) {
  const row = await db.exportJob.findUnique({ where: { id: exportId } });
  if (!row || row.status === "selesai" || row.status === "gagal") return { skipped: true } as const;
  const dir = exportDir();
  const part = path.join(dir, `${row.id}.pdf.part`);
  try {
    const actor = await actorOf(row.userId);
    const params = JSON.parse(row.params) as ExportParams;
    const t = fixedT(actor.locale);
    let reportIds: string[];
    let contents: { number: number; title: string; phase: string; participation: number }[];
    let filters: string | null = null;
    if ("reportId" in params) {
      const d = await getDossier(actor, params.reportId);
      reportIds = [params.reportId];
      contents = [{ number: d.report.number, title: d.report.title, phase: t(`case.steps.${d.caseView.state}`), participation: 0 }];
    } else {
      const f = params.filters;
      const rows = (await findDossiers(actor, f)).slice(0, DOSSIER_EXPORT_MAX);
      reportIds = rows.map((r) => r.reportId);
      contents = rows.map((r) => ({ number: r.number, title: r.title, phase: t(`case.steps.${r.state}`), participation: participation(r) }));
      filters = (await describeDossierFilters(f, t, actor.locale)) ?? "";
    }
    await db.exportJob.update({ where: { id: row.id }, data: { status: "berjalan", done: 0, total: reportIds.length } });
    await mkdir(dir, { recursive: true });
    let last = 0;
    await writeDossiersPdf(createWriteStream(part), {
      lng: actor.locale,
      memberName: actor.name,
      filters,
      contents,
      load: (i) => getDossier(actor, reportIds[i]!),
      onProgress: async (done) => {
        if (done < reportIds.length && Date.now() - last < PROGRESS_EVERY_MS) return;
        last = Date.now();
        await db.exportJob.update({ where: { id: row.id }, data: { done } });
        await attempt.onProgress?.(Math.round((done / reportIds.length) * 100));
      },
    });
    await rename(part, path.join(dir, `${row.id}.pdf`));
    await db.exportJob.update({ where: { id: row.id }, data: { status: "selesai", filePath: `${row.id}.pdf`, finishedAt: now() } });
    return { pages: reportIds.length } as const;
  } catch (error) {
    await rm(part, { force: true });
    // A refusal (the member lost the region, the report is gone) will not change on retry; nor will the last attempt.
    if (!isServiceError(error) && !attempt.last) throw error;
    const message = isServiceError(error) ? fixedT("id")(error.code) : (error as Error).message;
    await db.exportJob.update({ where: { id: row.id }, data: { status: "gagal", error: message.slice(0, 300), finishedAt: now() } });
    return { failed: message } as const;
  }
}
