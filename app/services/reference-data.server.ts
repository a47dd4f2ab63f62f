import { db } from "~/db.server";
import { displayRegionName, type RegionLevel } from "~/domain/regions";
import { announce, onAnnouncement } from "./live.server";

// Regions and categories change rarely (an admin edit, a new seed), so they are read once per process
// and kept in memory; `invalidateReferenceData` drops the cache after an edit, in every process (web and worker,
// through a Redis announcement), and a copy never lives longer than CACHE_TTL_MS, in case an announcement is lost.
export interface RegionView {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
}

export interface CategoryView {
  slug: string;
  nameId: string;
  nameEn: string;
  defaultAgencyId: string | null;
}

interface ReferenceData {
  regions: RegionView[];
  byCode: Map<string, RegionView>;
  kota: RegionView[];
  kecamatanByKota: Map<string, RegionView[]>;
  kelurahanByKecamatan: Map<string, RegionView[]>;
  categories: CategoryView[];
  categoryBySlug: Map<string, CategoryView>;
}

let cache: Promise<ReferenceData> | undefined;

async function load(): Promise<ReferenceData> {
  const [regionRows, categoryRows] = await Promise.all([
    db.region.findMany({ select: { code: true, parentCode: true, level: true, name: true }, orderBy: { code: "asc" } }),
    db.category.findMany({
      select: { slug: true, nameId: true, nameEn: true, defaultAgencyId: true },
      orderBy: [{ position: "asc" }, { slug: "asc" }],
    }),
  ]);
  const regions = regionRows.map((r) => ({ ...r, level: r.level as RegionLevel, name: displayRegionName(r.name) }));
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const childrenOf = (level: RegionLevel) => {
    const map = new Map<string, RegionView[]>();
    for (const r of regions)
      if (r.level === level && r.parentCode) map.set(r.parentCode, [...(map.get(r.parentCode) ?? []), r]);
    for (const list of map.values()) list.sort((a, b) => a.name.localeCompare(b.name, "id"));
    return map;
  };
  return {
    regions,
    byCode,
    kota: regions.filter((r) => r.level === "kota").sort((a, b) => a.name.localeCompare(b.name, "id")),
    kecamatanByKota: childrenOf("kecamatan"),
    kelurahanByKecamatan: childrenOf("kelurahan"),
    categories: categoryRows,
    categoryBySlug: new Map(categoryRows.map((c) => [c.slug, c])),
  };
}

const CACHE_TTL_MS = 5 * 60_000;
let loadedAt = 0;
let listening = false;

export function referenceData(): Promise<ReferenceData> {
  if (!listening) {
    listening = true;
    onAnnouncement("reference-data", () => void (cache = undefined));
  }
  if (cache && Date.now() - loadedAt > CACHE_TTL_MS) cache = undefined;
  if (!cache) {
    loadedAt = Date.now();
    cache = load().catch((error) => {
      cache = undefined;
      throw error;
    });
  }
  return cache;
}

/** Drops the copy of every process after an edit of regions, categories or their default agencies. */
export function invalidateReferenceData(): void {
  cache = undefined;
  void announce("reference-data");
}

/** A region's name with its parents, e.g. "Cipete Utara, Kebayoran Baru, Kota Jakarta Selatan". */
export function regionPath(data: ReferenceData, code: string): string {
  const names: string[] = [];
  let current = data.byCode.get(code);
  while (current && current.level !== "provinsi") {
    names.push(current.name);
    current = current.parentCode ? data.byCode.get(current.parentCode) : undefined;
  }
  return names.join(", ");
}

/** Kota → kecamatan → kelurahan, in the shape the region pickers render (kelurahan left empty when not wanted). */
export function regionTree(data: ReferenceData, { kelurahan = true }: { kelurahan?: boolean } = {}) {
  return data.kota.map((kota) => ({
    code: kota.code,
    name: kota.name,
    kecamatan: (data.kecamatanByKota.get(kota.code) ?? []).map((kec) => ({
      code: kec.code,
      name: kec.name,
      kelurahan: kelurahan ? (data.kelurahanByKecamatan.get(kec.code) ?? []).map((kel) => ({ code: kel.code, name: kel.name })) : [],
    })),
  }));
}
export type RegionTree = ReturnType<typeof regionTree>;
