import { db } from "~/db.server";
import { chooseAgency, reportRegions } from "~/domain/routing";
import { referenceData } from "./reference-data.server";

export interface RoutedReport {
  categorySlug: string;
  kelurahanCode: string;
  kecamatanCode: string;
  kotaCode: string;
}

/** The agency responsible for a report under the current routing table, or null when none is routed. */
export async function responsibleAgency(report: RoutedReport) {
  const regions = reportRegions(report);
  const codes = regions.map((r) => r.code);
  const agencies = await db.agency.findMany({
    where: {
      categories: { some: { categorySlug: report.categorySlug } },
      regions: { some: { regionCode: { in: codes } } },
    },
    select: { id: true, name: true, slaDays: true, regions: { where: { regionCode: { in: codes } }, select: { regionCode: true } } },
  });
  const candidates = agencies.map((a) => {
    const covered = new Set(a.regions.map((r) => r.regionCode));
    return { id: a.id, name: a.name, coverage: regions.find((r) => covered.has(r.code))!.level };
  });
  const category = (await referenceData()).categoryBySlug.get(report.categorySlug);
  const chosen = chooseAgency(candidates, category?.defaultAgencyId ?? null);
  if (!chosen) return null;
  const agency = agencies.find((a) => a.id === chosen.id)!;
  return { id: agency.id, name: agency.name, slaDays: agency.slaDays, coverage: chosen.coverage };
}
