import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { exportFile, getExport } from "~/services/exports.server";
import { loaderError } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

// The finished PDF, only for the member who asked for it; streamed from EXPORT_DIR.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await getExport(user, params.id ?? "").catch(loaderError);
  const row = await db.exportJob.findUnique({ where: { id: job.id }, select: { filePath: true } });
  if (job.status !== "selesai" || !row?.filePath || job.size === null) return new Response("Not ready", { status: 404 });
  const name = job.kind === "list" ? `berkas-dprd-${job.total}.pdf` : `berkas-${job.number}.pdf`;
  return new Response(Readable.toWeb(createReadStream(exportFile(row.filePath))) as ReadableStream, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(job.size),
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
