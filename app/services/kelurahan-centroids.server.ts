import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { createKelurahanLocator, type KelurahanCentroid, type KelurahanLocator } from "~/domain/kelurahan-locator";

// One point per kelurahan (prisma/data/jakarta-kelurahan-centroids.csv, made by scripts/extract-kelurahan-centroids.ts),
// read once per process: the report form's suggestion and the filing check both use it.
const FILE = path.resolve("prisma/data/jakarta-kelurahan-centroids.csv");

const Row = z.object({
  kode: z.string().regex(/^\d{10}$/),
  kode_kota: z.string().regex(/^\d{4}$/),
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
});

let cache: Promise<KelurahanCentroid[]> | undefined;

async function load(): Promise<KelurahanCentroid[]> {
  let text: string;
  try {
    text = await readFile(FILE, "utf8");
  } catch (error) {
    // Removing the file is the documented way to switch the suggestion and the check off (prisma/data/README.md).
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as unknown[];
  return rows.map((row, i) => {
    const parsed = Row.safeParse(row);
    if (!parsed.success) throw new Error(`${path.basename(FILE)} row ${i + 2}: ${parsed.error.issues[0]?.message}`);
    const r = parsed.data;
    return { code: r.kode, kotaCode: r.kode_kota, lat: r.lat, lng: r.lng };
  });
}

export function kelurahanCentroids(): Promise<KelurahanCentroid[]> {
  cache ??= load().catch((error) => {
    cache = undefined;
    throw error;
  });
  return cache;
}

let locator: Promise<KelurahanLocator> | undefined;

export function kelurahanLocator(): Promise<KelurahanLocator> {
  locator ??= kelurahanCentroids().then(createKelurahanLocator, (error) => {
    locator = undefined;
    throw error;
  });
  return locator;
}
