import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { Db } from "~/db.server";
import { checkRegionTree, displayRegionName, type RegionRow } from "~/domain/regions";
import { invalidateReferenceData } from "./reference-data.server";

// Loads the regions and categories shipped in prisma/data, and the agencies they imply. Idempotent:
// running it again updates names but never removes an admin's edits to routing.
const RegionCsv = z.object({
  kode: z.string().regex(/^\d+$/),
  kode_induk: z.string(),
  tingkat: z.enum(["provinsi", "kota", "kecamatan", "kelurahan"]),
  nama: z.string().min(1),
});
const CategoryCsv = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  nama: z.string().min(1),
  name_en: z.string().min(1),
  default_agency: z.string().min(1),
});

const DATA_DIR = path.resolve("prisma/data");

async function readCsv<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const rows = parse(await readFile(path.join(DATA_DIR, file), "utf8"), { columns: true, skip_empty_lines: true, trim: true });
  return (rows as unknown[]).map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new Error(`${file} row ${i + 2}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

/** Agencies that are not SKPD (regional government offices) but still receive reports. */
const NON_SKPD = new Set(["Kepolisian", "Badan Narkotika Nasional Provinsi", "PT Transportasi Jakarta"]);
/** "Kelurahan" in the category file means the kelurahan where the report is, not one agency. */
const LOCAL_KELURAHAN = "Kelurahan";

export async function importReferenceData(db: Db): Promise<{ regions: number; categories: number; agencies: number }> {
  const regions: RegionRow[] = (await readCsv("jakarta-wilayah.csv", RegionCsv)).map((r) => ({
    code: r.kode,
    parentCode: r.kode_induk || null,
    level: r.tingkat,
    name: r.nama,
  }));
  const problems = checkRegionTree(regions);
  if (problems.length) throw new Error(`Region tree is inconsistent: ${problems.slice(0, 5).join("; ")}`);
  const categories = await readCsv("qlue-categories.csv", CategoryCsv);

  await db.$transaction(async (tx) => {
    // Parents before children, so every foreign key exists when its row is written.
    for (const level of ["provinsi", "kota", "kecamatan", "kelurahan"] as const) {
      for (const r of regions.filter((x) => x.level === level)) {
        await tx.region.upsert({ where: { code: r.code }, create: r, update: { name: r.name, parentCode: r.parentCode, level: r.level } });
      }
    }
    const province = regions.find((r) => r.level === "provinsi")!;
    const agencyIdByName = new Map<string, string>();
    for (const name of new Set(categories.map((c) => c.default_agency).filter((n) => n !== LOCAL_KELURAHAN))) {
      const agency = await tx.agency.upsert({
        where: { name },
        create: {
          name,
          kind: NON_SKPD.has(name) ? "other" : "skpd",
          regions: { create: [{ regionCode: province.code }] },
        },
        update: {},
        select: { id: true },
      });
      agencyIdByName.set(name, agency.id);
    }
    for (const [position, c] of categories.entries()) {
      const agencyId = agencyIdByName.get(c.default_agency) ?? null;
      const existing = await tx.category.findUnique({ where: { slug: c.slug }, select: { slug: true } });
      if (existing) {
        await tx.category.update({ where: { slug: c.slug }, data: { nameId: c.nama, nameEn: c.name_en, position } });
      } else {
        await tx.category.create({
          data: { slug: c.slug, nameId: c.nama, nameEn: c.name_en, position, defaultAgencyId: agencyId },
        });
        if (agencyId) await tx.agencyCategory.create({ data: { agencyId, categorySlug: c.slug } });
      }
    }
    // Open311 service codes: one per category to start with (the admin edits the table; edits are kept).
    for (const c of categories) {
      const mapped = await tx.serviceMapping.findUnique({ where: { serviceCode: c.slug }, select: { serviceCode: true } });
      if (!mapped) await tx.serviceMapping.create({ data: { serviceCode: c.slug, categorySlug: c.slug, name: c.nama } });
    }
    // One agency per kelurahan office, covering its own kelurahan, for the small-scale categories.
    const localSlugs = categories.filter((c) => c.default_agency === LOCAL_KELURAHAN).map((c) => c.slug);
    const byCode = new Map(regions.map((r) => [r.code, r]));
    for (const kel of regions.filter((r) => r.level === "kelurahan")) {
      const kecamatan = byCode.get(kel.parentCode!)!;
      const name = `Kelurahan ${displayRegionName(kel.name)} (Kec. ${displayRegionName(kecamatan.name)})`;
      const found = await tx.agency.findUnique({ where: { name }, select: { id: true } });
      if (found) continue;
      await tx.agency.create({
        data: {
          name,
          kind: "kelurahan",
          slaDays: 7,
          regions: { create: [{ regionCode: kel.code }] },
          categories: { create: localSlugs.map((categorySlug) => ({ categorySlug })) },
        },
      });
    }
  }, { timeout: 60_000 });
  invalidateReferenceData();
  return { regions: regions.length, categories: categories.length, agencies: await db.agency.count() };
}
