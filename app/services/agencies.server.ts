import { z } from "zod";
import { db } from "~/db.server";
import { AGENCY_KINDS } from "~/domain/agencies";
import { visibleText } from "~/domain/text-safety";
import { fieldErrors } from "~/domain/validation";
import { ServiceError } from "./errors";
import { invalidateReferenceData, referenceData } from "./reference-data.server";

export async function listAgencies() {
  const agencies = await db.agency.findMany({
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      kind: true,
      email: true,
      slaDays: true,
      // Every agency is listed, so grouping the whole tables is the right plan here (the rule is for one row's counts).
      // eslint-disable-next-line no-restricted-syntax
      _count: { select: { regions: true, categories: true, officers: true } },
    },
  });
  return agencies;
}

export async function getAgency(id: string) {
  const agency = await db.agency.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      kind: true,
      email: true,
      slaDays: true,
      webhookUrl: true,
      webhookDisabledAt: true,
      regions: { select: { regionCode: true } },
      categories: { select: { categorySlug: true } },
    },
  });
  if (!agency) throw new ServiceError(404, "errors.agency_not_found");
  return {
    ...agency,
    regionCodes: agency.regions.map((r) => r.regionCode),
    categorySlugs: agency.categories.map((c) => c.categorySlug),
  };
}

const AgencySchema = z.object({
  name: visibleText(z.string({ invalid_type_error: "errors.agency_name" }).trim(), z.string().min(3, "errors.agency_name").max(150, "errors.agency_name")),
  kind: z.enum(AGENCY_KINDS, { errorMap: () => ({ message: "errors.agency_kind" }) }),
  email: z
    .string()
    .trim()
    .max(254)
    .transform((v) => (v === "" ? null : v))
    .pipe(z.string().email("errors.email_invalid").nullable()),
  slaDays: z.coerce.number({ invalid_type_error: "errors.sla_days" }).int("errors.sla_days").min(1, "errors.sla_days").max(365, "errors.sla_days"),
  regionCodes: z.array(z.string()).max(400),
  categorySlugs: z.array(z.string()).max(100),
});

/** Creates (id null) or updates an agency with the regions it covers and the categories routed to it. */
export async function saveAgency(id: string | null, input: unknown): Promise<string> {
  const parsed = AgencySchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const data = parsed.data;
  const ref = await referenceData();
  if (data.regionCodes.some((c) => !ref.byCode.has(c))) {
    throw new ServiceError(422, "errors.form_invalid", { regionCodes: "errors.region_unknown" });
  }
  if (data.categorySlugs.some((s) => !ref.categoryBySlug.has(s))) {
    throw new ServiceError(422, "errors.form_invalid", { categorySlugs: "errors.category_unknown" });
  }
  try {
    const saved = await db.$transaction(async (tx) => {
      const fields = { name: data.name, kind: data.kind, email: data.email, slaDays: data.slaDays };
      const agency = id
        ? await tx.agency.update({ where: { id }, data: fields, select: { id: true } })
        : await tx.agency.create({ data: fields, select: { id: true } });
      await tx.agencyRegion.deleteMany({ where: { agencyId: agency.id } });
      await tx.agencyCategory.deleteMany({ where: { agencyId: agency.id } });
      if (data.regionCodes.length)
        await tx.agencyRegion.createMany({ data: data.regionCodes.map((regionCode) => ({ agencyId: agency.id, regionCode })) });
      if (data.categorySlugs.length)
        await tx.agencyCategory.createMany({
          data: data.categorySlugs.map((categorySlug) => ({ agencyId: agency.id, categorySlug })),
        });
      return agency.id;
    });
    return saved;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "P2002") throw new ServiceError(409, "errors.form_invalid", { name: "errors.agency_name_taken" });
    if (code === "P2025") throw new ServiceError(404, "errors.agency_not_found");
    throw error;
  }
}

/** Sets the default agency of each category (the starting point of routing). */
export async function saveCategoryDefaults(input: Record<string, string>) {
  const ref = await referenceData();
  const agencyIds = new Set((await db.agency.findMany({ select: { id: true } })).map((a) => a.id));
  const updates = Object.entries(input).filter(([slug]) => ref.categoryBySlug.has(slug));
  for (const [, agencyId] of updates) {
    if (agencyId && !agencyIds.has(agencyId)) throw new ServiceError(422, "errors.agency_unknown");
  }
  await db.$transaction(
    updates.map(([slug, agencyId]) =>
      db.category.update({ where: { slug }, data: { defaultAgencyId: agencyId || null } }),
    ),
  );
  invalidateReferenceData();
}
