// `npm run db:seed`: reference data, one demo account per role, and 320 demo reports across Jakarta.
// Deterministic (seeded random) and idempotent: a second run changes nothing.
import { db, prepareDatabase } from "~/db.server";
import { ancestorsOfKelurahan } from "~/domain/regions";
import { reportSearchText } from "~/domain/report-input";
import type { ReportStatus } from "~/domain/report-status";
import { hashPassword } from "~/services/accounts.server";
import { referenceData } from "~/services/reference-data.server";
import { nextReportNumber } from "~/services/reports.server";
import { importReferenceData } from "~/services/reference-import.server";
import { seedDeliberations } from "./seed-deliberation";
import { closeQueue } from "~/services/queue.server";
import { closeLive } from "~/services/live.server";
import { FIRST_NAMES, KOTA_CENTRES, LAST_NAMES, PLACES, STREETS, TEMPLATES } from "./seed-data";

export const DEMO_PASSWORD = "musyawarah123";
const DEMO_REPORTS = 320;

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedAccounts() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const binaMarga = await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" }, select: { id: true } });
  const accounts = [
    { email: "warga@musyawarah.id", name: "Siti Rahmawati", role: "warga", home: "3171050001" },
    { email: "fasilitator@musyawarah.id", name: "Pak RW Hendra Wijaya", role: "fasilitator", home: "3171050001", regions: ["3171050"] },
    { email: "petugas@musyawarah.id", name: "Budi Santoso (Bina Marga)", role: "petugas", home: "3172070001", agencyId: binaMarga.id },
    { email: "dprd@musyawarah.id", name: "Dra. Ratna Siregar", role: "dprd", home: "3171030001", regions: ["3171"] },
    { email: "admin@musyawarah.id", name: "Admin Jakarta Smart City", role: "admin", home: "3173010001" },
  ];
  for (const a of accounts) {
    const user = await db.user.upsert({
      where: { email: a.email },
      create: { email: a.email, name: a.name, role: a.role, homeKelurahanCode: a.home, passwordHash, agencyId: a.agencyId ?? null },
      update: {},
      select: { id: true },
    });
    for (const regionCode of a.regions ?? []) {
      await db.userRegion.upsert({
        where: { userId_regionCode: { userId: user.id, regionCode } },
        create: { userId: user.id, regionCode },
        update: {},
      });
    }
  }
}

async function seedReports() {
  const existing = await db.report.count();
  if (existing >= DEMO_REPORTS) return 0;
  const ref = await referenceData();
  const rand = mulberry32(20261122);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const passwordHash = await hashPassword(`${DEMO_PASSWORD}-citizen`);

  const citizens: string[] = [];
  const kelurahan = ref.regions.filter((r) => r.level === "kelurahan");
  for (let i = 0; i < 40; i++) {
    const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    const user = await db.user.upsert({
      where: { email: `warga${i + 1}@contoh.musyawarah.id` },
      create: { email: `warga${i + 1}@contoh.musyawarah.id`, name, passwordHash, homeKelurahanCode: pick(kelurahan).code },
      update: {},
      select: { id: true },
    });
    citizens.push(user.id);
  }

  const slugs = Object.keys(TEMPLATES);
  // Jakarta's most reported problems come up more often, as in the field data.
  const weighted = [...slugs, "sampah", "sampah", "banjir", "banjir", "jalan-rusak", "jalan-rusak", "jalan-rusak", "kemacetan", "fasilitas-umum", "parkir-liar"];
  const mainland = kelurahan.filter((k) => !k.code.startsWith("3101"));
  const now = Date.now();
  let created = 0;
  for (let i = existing; i < DEMO_REPORTS; i++) {
    const slug = pick(weighted);
    const template = pick(TEMPLATES[slug]!);
    const kel = rand() < 0.03 ? pick(kelurahan.filter((k) => k.code.startsWith("3101"))) : pick(mainland);
    const { kecamatanCode, kotaCode } = ancestorsOfKelurahan(kel.code, ref.byCode)!;
    const centre = KOTA_CENTRES[kotaCode]!;
    const fill = (s: string) => s.replaceAll("{jalan}", pick(STREETS)).replaceAll("{tempat}", pick(PLACES));
    const title = fill(template.title).slice(0, 120);
    const description = fill(template.description);
    const ageDays = Math.pow(rand(), 1.6) * 120;
    const createdAt = new Date(now - ageDays * 86_400_000 - rand() * 86_400_000);
    const roll = rand();
    const status: ReportStatus = ageDays < 7 ? (roll < 0.8 ? "menunggu" : "diproses") : roll < 0.4 ? "menunggu" : roll < 0.7 ? "diproses" : "selesai";
    const reporterId = pick(citizens);

    await db.$transaction(async (tx) => {
      const report = await tx.report.create({
        data: {
          number: await nextReportNumber(tx),
          categorySlug: slug,
          title,
          description,
          searchText: reportSearchText(title, description),
          lat: Number((centre.lat + (rand() - 0.5) * 2 * centre.spread).toFixed(6)),
          lng: Number((centre.lng + (rand() - 0.5) * 2 * centre.spread).toFixed(6)),
          kelurahanCode: kel.code,
          kecamatanCode,
          kotaCode,
          status,
          source: rand() < 0.6 ? "host" : "musyawarah",
          reporterId,
          createdAt,
          updatedAt: createdAt,
        },
        select: { id: true, source: true },
      });
      if (report.source === "host") {
        await tx.report.update({ where: { id: report.id }, data: { hostSystem: "qlue-demo", externalId: `QLUE-${100000 + i}` } });
      }
      await tx.auditEvent.create({
        data: {
          reportId: report.id,
          actorId: report.source === "host" ? null : reporterId,
          type: report.source === "host" ? "report.imported" : "report.created",
          data: JSON.stringify(report.source === "host" ? { hostSystem: "qlue-demo" } : { photos: 0 }),
          createdAt,
        },
      });
      if (status !== "menunggu") {
        const at = new Date(createdAt.getTime() + (1 + rand() * 5) * 86_400_000);
        await tx.auditEvent.create({
          data: { reportId: report.id, type: "report.status_changed", data: JSON.stringify({ from: "menunggu", to: "diproses" }), createdAt: at },
        });
        if (status === "selesai") {
          await tx.auditEvent.create({
            data: {
              reportId: report.id,
              type: "report.status_changed",
              data: JSON.stringify({ from: "diproses", to: "selesai" }),
              createdAt: new Date(at.getTime() + (2 + rand() * 10) * 86_400_000),
            },
          });
        }
      }
    });
    created++;
  }
  return created;
}

export async function seed({ demo }: { demo: boolean }) {
  await prepareDatabase();
  const ref = await importReferenceData(db);
  if (!demo) return { ...ref, reports: 0, deliberations: 0 };
  await seedAccounts();
  const reports = await seedReports();
  const deliberations = await seedDeliberations();
  return { ...ref, reports, deliberations };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const demo = !process.argv.includes("--reference-only");
  seed({ demo })
    .then((r) => console.log(`[seed] ${r.regions} regions, ${r.categories} categories, ${r.agencies} agencies, ${r.reports} new demo reports, ${r.deliberations} demo deliberations`))
    .catch((error) => {
      console.error("[seed] failed:", error);
      process.exitCode = 1;
    })
    // The services opened queue and live-update connections: close them so the script ends.
    .finally(async () => {
      await Promise.all([db.$disconnect(), closeQueue(), closeLive()]);
    });
}
