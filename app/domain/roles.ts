import { isCaseOfficer } from "./case-policy";
// Who may do what. Pure functions over plain data so the same rules serve routes, tRPC and workers.

export const ROLES = ["warga", "fasilitator", "petugas", "dprd", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export interface Actor {
  id: string;
  role: Role;
  agencyId: string | null;
  regionCodes: readonly string[];
}

export type Action =
  | "report.create"
  | "admin.users"
  | "admin.agencies"
  | "admin.categories";

/** The permission table: one place to read who may take each action. */
const ALLOWED: Record<Action, readonly Role[]> = {
  "report.create": ROLES,
  "admin.users": ["admin"],
  "admin.agencies": ["admin"],
  "admin.categories": ["admin"],
};

export function can(actor: Actor | null, action: Action): boolean {
  if (!actor) return false;
  return ALLOWED[action].includes(actor.role);
}

/** Which bindings a role needs: a petugas belongs to an agency; a DPRD member and a fasilitator to regions. */
export function roleBindingProblem(
  role: Role,
  binding: { agencyId: string | null; regionCodes: readonly string[] },
): "agency_required" | "regions_required" | null {
  if (role === "petugas" && !binding.agencyId) return "agency_required";
  if ((role === "dprd" || role === "fasilitator") && binding.regionCodes.length === 0) return "regions_required";
  return null;
}

/** Who may move a report's status by hand: an admin, or an officer of the agency responsible for it. */
export function mayUpdateReportStatus(actor: Actor | null, responsibleAgencyId: string | null): boolean {
  return isCaseOfficer(actor, responsibleAgencyId);
}

/**
 * Where a role's work starts, the page a fresh log-in opens when the visitor named no page to return to: the
 * officer's agency desk, the DPRD member's desk, the fasilitator's moderation queue, the admin's pages; a citizen
 * the list of reports.
 */
const HOME_PATHS: Record<Role, string> = {
  warga: "/",
  fasilitator: "/moderasi",
  petugas: "/instansi",
  dprd: "/dprd",
  admin: "/admin",
};

export function homePathFor(role: Role): string {
  return HOME_PATHS[role];
}
