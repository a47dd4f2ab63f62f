// Which agency answers a report: among the agencies routed the report's category, the one covering the
// most local region wins (kelurahan office before a kecamatan or kota office before a city-wide SKPD);
// ties go to the category's default agency, then by name, so the answer is stable and explainable.
import type { RegionLevel } from "./regions";

export interface AgencyCandidate {
  id: string;
  name: string;
  /** The most local region level at which this agency covers the report. */
  coverage: RegionLevel;
}

const SPECIFICITY: Record<RegionLevel, number> = { kelurahan: 3, kecamatan: 2, kota: 1, provinsi: 0 };

export function chooseAgency(candidates: readonly AgencyCandidate[], defaultAgencyId: string | null): AgencyCandidate | null {
  if (candidates.length === 0) return null;
  return [...candidates].sort(
    (a, b) =>
      SPECIFICITY[b.coverage] - SPECIFICITY[a.coverage] ||
      Number(b.id === defaultAgencyId) - Number(a.id === defaultAgencyId) ||
      a.name.localeCompare(b.name, "id"),
  )[0]!;
}

/** The region codes a report sits in, most local first, with their levels. */
export function reportRegions(report: { kelurahanCode: string; kecamatanCode: string; kotaCode: string }, provinceCode = "31") {
  return [
    { code: report.kelurahanCode, level: "kelurahan" as const },
    { code: report.kecamatanCode, level: "kecamatan" as const },
    { code: report.kotaCode, level: "kota" as const },
    { code: provinceCode, level: "provinsi" as const },
  ];
}
