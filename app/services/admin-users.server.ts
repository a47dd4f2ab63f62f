import { z } from "zod";
import { containsText, db } from "~/db.server";
import { PAGE_SIZE } from "~/domain/pagination";
import { isRole, roleBindingProblem } from "~/domain/roles";
import { ServiceError } from "./errors";
import { referenceData } from "./reference-data.server";
import { userProfileSelect, withRegionCodes } from "./user-profile.server";

export async function listUsers(q: string | undefined, page: number) {
  const term = q?.trim().toLowerCase().slice(0, 100);
  const where = term ? { OR: [{ email: containsText(term) }, { name: containsText(term) }] } : {};
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: userProfileSelect,
    }),
  ]);
  return { total, users: users.map(withRegionCodes) };
}

const AssignRoleSchema = z.object({
  userId: z.string().min(1),
  role: z.string().refine(isRole, "errors.role_unknown"),
  agencyId: z.string().optional().transform((v) => (v ? v : null)),
  regionCodes: z.array(z.string()).max(300).default([]),
});

/** Sets a user's role and its binding (agency for petugas, regions for fasilitator and DPRD) in one transaction. */
export async function assignRole(adminId: string, input: unknown) {
  const parsed = AssignRoleSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", { role: "errors.role_unknown" });
  const { userId, role, agencyId, regionCodes } = parsed.data;
  if (!isRole(role)) throw new ServiceError(422, "errors.role_unknown");
  if (userId === adminId && role !== "admin") throw new ServiceError(409, "errors.cannot_demote_self");

  const needsAgency = role === "petugas";
  const needsRegions = role === "dprd" || role === "fasilitator";
  const binding = { agencyId: needsAgency ? agencyId : null, regionCodes: needsRegions ? regionCodes : [] };
  const problem = roleBindingProblem(role, binding);
  if (problem) throw new ServiceError(422, "errors.form_invalid", { binding: `errors.${problem}` });

  const ref = await referenceData();
  if (binding.regionCodes.some((c) => !ref.byCode.has(c) || ref.byCode.get(c)!.level === "provinsi")) {
    throw new ServiceError(422, "errors.form_invalid", { binding: "errors.region_unknown" });
  }
  if (binding.agencyId && !(await db.agency.findUnique({ where: { id: binding.agencyId }, select: { id: true } }))) {
    throw new ServiceError(422, "errors.form_invalid", { binding: "errors.agency_unknown" });
  }

  await db.$transaction(async (tx) => {
    const updated = await tx.user.updateMany({ where: { id: userId }, data: { role, agencyId: binding.agencyId } });
    if (updated.count === 0) throw new ServiceError(404, "errors.user_not_found");
    await tx.userRegion.deleteMany({ where: { userId } });
    if (binding.regionCodes.length) {
      await tx.userRegion.createMany({ data: binding.regionCodes.map((regionCode) => ({ userId, regionCode })) });
    }
  });
}

export async function getUserForAdmin(id: string) {
  const user = await db.user.findUnique({ where: { id }, select: userProfileSelect });
  if (!user) throw new ServiceError(404, "errors.user_not_found");
  return withRegionCodes(user);
}
