import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Job } from "bullmq";
import { exportDir } from "~/config.server";
import { db } from "~/db.server";
import { DOSSIER_EXPORT_MAX, participation, type DossierFilters } from "~/domain/dossier";
import { fixedT } from "~/i18n/translate";
import { writeDossiersPdf } from "~/services/dossier-pdf.server";
import { actorOf, describeDossierFilters, findDossiers, getDossier } from "~/services/dprd.server";
import { isServiceError } from "~/services/errors";
import type { ExportParams } from "~/services/exports.server";

/** Progress is written at most this often (a 200-dossier export would otherwise write 200 times in seconds). */
const PROGRESS_EVERY_MS = 300;

/**
 * Renders one ExportJob to EXPORT_DIR/<id>.pdf. Runs again from the start if the worker died mid-way (the
 * row is still "berjalan"); writes to a .part file renamed at the end, so a half-written PDF is never served.
 */
export async function processExportJob(job: Job, { exportId }: { exportId: string }) {
  const row = await db.exportJob.findUnique({ where: { id: exportId } });
  if (!row || row.status === "selesai" || row.status === "gagal") return { skipped: true };
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
      const f = params.filters as DossierFilters;
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
        await job.updateProgress(Math.round((done / reportIds.length) * 100));
      },
    });
    await rename(part, path.join(dir, `${row.id}.pdf`));
    await db.exportJob.update({ where: { id: row.id }, data: { status: "selesai", filePath: `${row.id}.pdf`, finishedAt: new Date() } });
    return { pages: reportIds.length };
  } catch (error) {
    await rm(part, { force: true });
    // A refusal (the member lost the region, the report is gone) will not change on retry; nor will the last attempt.
    const final = isServiceError(error) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!final) throw error;
    const message = isServiceError(error) ? fixedT("id")(error.code) : (error as Error).message;
    await db.exportJob.update({ where: { id: row.id }, data: { status: "gagal", error: message.slice(0, 300), finishedAt: new Date() } });
    return { failed: message };
  }
}
