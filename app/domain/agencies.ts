// Kinds of agency that answer reports: a city department (SKPD), a kelurahan office, or another body
// (police, the narcotics agency, the bus company).
export const AGENCY_KINDS = ["skpd", "kelurahan", "other"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
