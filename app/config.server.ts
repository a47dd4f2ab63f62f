import path from "node:path";
import { z } from "zod";

// Every environment variable the web and worker processes read, validated once at start-up.
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  /** `file:…` (SQLite, the embedded default) or `postgresql://…` (production; decision 009). */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .default("file:./data/musyawarah.db"),
  /** PostgreSQL only: connections each process keeps open. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** BullMQ key prefix; tests give each file its own so they never see each other's jobs. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default("musyawarah"),
  SESSION_SECRET: z.string().min(16).default("dev-only-session-secret-change-me"),
  UPLOAD_DIR: z.string().default("./data/uploads"),
  /** Where the worker writes PDF exports for DPRD members (served only to the member who asked). */
  EXPORT_DIR: z.string().default("./data/exports"),
  MAX_PHOTO_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  MAP_TILE_URL: z.string().default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  MAP_ATTRIBUTION: z
    .string()
    .default('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'),
  /** Public origin (scheme://host[:port]) used for the CSRF Origin check behind a proxy. */
  PUBLIC_ORIGIN: z.string().url().optional(),
  /** Set to "false" only behind plain-HTTP test setups; defaults to true in production. */
  SECURE_COOKIES: z.enum(["true", "false"]).optional(),
  /**
   * Where e-mail goes. Required in production, except under `npm start`'s local mode (MAIL_CAPTURE=local), whose
   * capture listens here (default smtp://127.0.0.1:2525) and writes every message to data/mail.
   */
  SMTP_URL: z.string().url().default("smtp://127.0.0.1:2525"),
  /** Set by `npm start` for its children when it runs the local mail capture (no SMTP_URL given). */
  MAIL_CAPTURE: z.enum(["local"]).optional(),
  MAIL_FROM: z.string().default("Musyawarah <no-reply@musyawarah.local>"),
  /** How long a worker's claim on an outbox row lasts; after a crash the row is delivered again once it runs out. */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How often the worker's sweeper looks for lost work (photos, outbox rows, phase dates, stale tallies). */
  SWEEP_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * May the server fetch photos from private or loopback addresses (a host system's photo URL)? Off in production,
   * so a host cannot make Musyawarah reach into its own network; on elsewhere for local development and tests.
   */
  FETCH_PRIVATE_ADDRESSES: z.enum(["true", "false"]).optional(),
  /** Express "trust proxy" setting (e.g. "loopback" or a hop count) when behind a reverse proxy. */
  TRUST_PROXY: z.string().optional(),
  /**
   * Web processes `npm start` runs (Node's cluster: one port, connections shared among them). Default 1. Nothing a
   * request needs lives in one process's memory (docs/deployment.md, "Processes").
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Worker processes `npm start` runs; repeating jobs still run once per tick, whatever the number. Default 1. */
  WORKER_PROCESSES: z.coerce.number().int().min(1).max(32).default(1),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Validates an environment (process.env at start-up); throws one message naming every problem. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  if (parsed.data.NODE_ENV === "production" && parsed.data.SESSION_SECRET.startsWith("dev-only")) {
    throw new Error("Set SESSION_SECRET (at least 16 characters) in production.");
  }
  // Production e-mail must go to a mail server someone named, never silently into files on this machine.
  if (parsed.data.NODE_ENV === "production" && !source.SMTP_URL && parsed.data.MAIL_CAPTURE !== "local") {
    throw new Error(
      "Set SMTP_URL to your mail server (e.g. smtp://user:password@mail.example.go.id:587) in production. " +
        "Only `npm start` without SMTP_URL runs the local capture that writes e-mail to data/mail (MAIL_CAPTURE=local).",
    );
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function uploadDir(): string {
  return path.resolve(env().UPLOAD_DIR);
}

export function exportDir(): string {
  return path.resolve(env().EXPORT_DIR);
}

export function secureCookies(): boolean {
  const e = env();
  return e.SECURE_COOKIES ? e.SECURE_COOKIES === "true" : e.NODE_ENV === "production";
}

/** The address links in e-mails point to. */
export function publicOrigin(): string {
  return env().PUBLIC_ORIGIN ?? `http://localhost:${env().PORT}`;
}

export function mayFetchPrivateAddresses(): boolean {
  const e = env();
  return e.FETCH_PRIVATE_ADDRESSES ? e.FETCH_PRIVATE_ADDRESSES === "true" : e.NODE_ENV !== "production";
}
