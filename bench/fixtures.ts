// Databases for the benchmarks: a migrated template with the reference data, and copies filled with
// SMALL and LARGE synthetic reports spread over every kelurahan, category, status and the past year.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import Database from "better-sqlite3";

// The benchmarks' servers run in production mode, which needs a mail server named; none of their e-mail is read.
process.env.SMTP_URL ??= "smtp://127.0.0.1:2525";

// BENCH_DIR lets two benchmarks run at once in one checkout without removing each other's databases.
export const BENCH_DIR = path.resolve(process.env.BENCH_DIR ?? "data/bench");
export const SMALL = 1_000;
export const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);

/** Adds `count` synthetic reports (ids r1…rN) to a migrated database. */
export function addReports(file: string, count: number) {
  const db = new Database(file);
  const kelurahan = db.prepare("SELECT code, parentCode FROM Region WHERE level = 'kelurahan'").all() as { code: string; parentCode: string }[];
  const kecToKota = new Map((db.prepare("SELECT code, parentCode FROM Region WHERE level = 'kecamatan'").all() as { code: string; parentCode: string }[]).map((r) => [r.code, r.parentCode]));
  const categories = (db.prepare("SELECT slug FROM Category").all() as { slug: string }[]).map((c) => c.slug);
  const insert = db.prepare(
    `INSERT INTO Report (id, number, categorySlug, title, description, searchText, lat, lng, kelurahanCode, kecamatanCode, kotaCode, status, source, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, -6.2, 106.8, ?, ?, ?, ?, 'musyawarah', ?, ?)`,
  );
  const statuses = ["menunggu", "diproses", "selesai"];
  const words = ["banjir", "sampah", "jalan", "lampu", "parkir", "macet", "saluran", "trotoar", "taman", "halte"];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const now = Date.now();
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const kel = kelurahan[Math.floor(rand() * kelurahan.length)]!;
      const title = `${words[Math.floor(rand() * words.length)]} di ${words[Math.floor(rand() * words.length)]} nomor ${i}`;
      const description = `Uraian laporan ${i} tentang ${words[Math.floor(rand() * words.length)]}`;
      const at = new Date(now - rand() * 365 * 86_400_000).toISOString();
      insert.run(`r${i}`, i, categories[Math.floor(rand() * categories.length)], title, description, `${title}\n${description}`, kel.code, kel.parentCode, kecToKota.get(kel.parentCode), statuses[Math.floor(rand() * 3)], at, at);
    }
  })();
  db.close();
}


/** A fresh, migrated database with the reference data only (regions, categories, agencies). */
export function benchTemplate(): string {
  rmSync(BENCH_DIR, { recursive: true, force: true });
  mkdirSync(BENCH_DIR, { recursive: true });
  const template = path.join(BENCH_DIR, "template.db");
  const env = { ...process.env, DATABASE_URL: `file:${template}` };
  if (spawnSync("node", ["scripts/prisma.mjs", "migrate", "deploy"], { env, stdio: "ignore" }).status !== 0) throw new Error("migrate failed");
  if (spawnSync("npx", ["--no-install", "tsx", "prisma/seed.ts", "--reference-only"], { env, stdio: "ignore" }).status !== 0) throw new Error("seed failed");
  return template;
}

export function benchDatabases() {
  const template = benchTemplate();
  const small = path.join(BENCH_DIR, "small.db");
  const large = path.join(BENCH_DIR, "large.db");
  copyFileSync(template, small);
  copyFileSync(template, large);
  addReports(small, SMALL);
  addReports(large, LARGE);
  return { small, large, SMALL, LARGE };
}

/**
 * The real web server (production build) on `port` over `file`, resolved once it listens. `nodeArgs` go to Node
 * itself (e.g. `--cpu-prof`).
 */
export async function startBenchServer(file: string, port: number, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: `file:${file}`, SESSION_SECRET: "bench-session-secret-123456", SECURE_COOKIES: "false", ...extraEnv },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  return child;
}
