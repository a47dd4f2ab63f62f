import { z } from "zod";
import { PAGE_SIZE, pageCount } from "~/domain/pagination";
import { REPORT_STATUSES } from "~/domain/report-status";
import { referenceData, regionPath } from "~/services/reference-data.server";
import { getReport, listReports } from "~/services/reports.server";
import { responsibleAgency } from "~/services/routing.server";
import { publicProcedure, router } from "../trpc.server";

// Read access to reports: what the public pages show, as typed JSON.
const regionCode = z.string().regex(/^\d{2,10}$/);

export const reportsRouter = router({
  list: publicProcedure
    .input(
      z
        .object({
          q: z.string().trim().max(100).optional(),
          category: z.string().max(60).optional(),
          status: z.enum(REPORT_STATUSES).optional(),
          kota: regionCode.optional(),
          kecamatan: regionCode.optional(),
          kelurahan: regionCode.optional(),
          page: z.number().int().min(1).max(100_000).default(1),
        })
        .default({}),
    )
    .query(async ({ input }) => {
      const { page, ...filters } = input;
      const [{ total, reports }, ref] = await Promise.all([listReports(filters, page), referenceData()]);
      return {
        total,
        page,
        pages: pageCount(total),
        pageSize: PAGE_SIZE,
        reports: reports.map((r) => ({
          id: r.id,
          number: r.number,
          title: r.title,
          status: r.status,
          category: r.categorySlug,
          kelurahan: { code: r.kelurahanCode, path: regionPath(ref, r.kelurahanCode) },
          createdAt: r.createdAt.toISOString(),
          thumbnailUrl: r.thumbPath ? `/uploads/${r.thumbPath}` : null,
        })),
      };
    }),

  byId: publicProcedure.input(z.object({ id: z.string().min(1).max(64) })).query(async ({ input }) => {
    const report = await getReport(input.id);
    const [ref, agency] = await Promise.all([referenceData(), responsibleAgency(report)]);
    return {
      id: report.id,
      number: report.number,
      title: report.title,
      description: report.description,
      status: report.status,
      category: report.categorySlug,
      location: { lat: report.lat, lng: report.lng, kelurahan: { code: report.kelurahanCode, path: regionPath(ref, report.kelurahanCode) } },
      source: report.source === "host" ? { hostSystem: report.hostSystem, externalId: report.externalId } : null,
      responsibleAgency: agency ? { id: agency.id, name: agency.name, slaDays: agency.slaDays } : null,
      photos: report.photos
        .filter((p) => p.status === "ready")
        .map((p) => ({ url: `/uploads/${p.imagePath}`, thumbnailUrl: `/uploads/${p.thumbPath}`, width: p.width, height: p.height })),
      timeline: report.events.map((e) => ({ type: e.type, at: e.createdAt.toISOString(), actor: e.actor?.name ?? null, data: e.data })),
      createdAt: report.createdAt.toISOString(),
    };
  }),
});
