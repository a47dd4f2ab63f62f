import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "~/db.server";
import { descriptionFor, kelurahanFor, open311Status, reportStatusFromOpen311, titleFor } from "~/domain/open311";
import { fieldErrors } from "~/domain/validation";
import { ServiceError } from "./errors";
import { upsertHostReport, setHostReportStatus } from "./host-reports.server";
import { referenceData, regionPath } from "./reference-data.server";
import { responsibleAgency } from "./routing.server";
import { newWebhookSecret } from "./signed-webhook.server";

// Open311 GeoReport v2: the service list, intake of new requests from 311 clients, and the importer that pulls
// requests from a remote GeoReport server into Musyawarah (idempotent on the remote service_request_id, resuming
// from the newest request it stored).

export async function open311Services() {
  const rows = await db.serviceMapping.findMany({ orderBy: { serviceCode: "asc" } });
  return rows.map((s) => ({
    service_code: s.serviceCode,
    service_name: s.name,
    description: s.name,
    metadata: true,
    type: "realtime",
    keywords: s.categorySlug,
    group: "Musyawarah",
  }));
}

/** The attribute a 311 client sends to place a request (services.json says so through metadata = true). */
export const KELURAHAN_ATTRIBUTE = {
  variable: true,
  code: "kelurahan",
  datatype: "string",
  required: false,
  datatype_description: "Kode Kemendagri kelurahan (10 digit), atau sebutkan nama kelurahan di address_string",
  order: 1,
  description: "Kelurahan",
};

async function kelurahanList() {
  return db.region.findMany({ where: { level: "kelurahan" }, select: { code: true, name: true } });
}

const IntakeSchema = z.object({
  service_code: z.string().trim().min(1, "errors.service_unknown").max(60),
  lat: z.coerce.number({ invalid_type_error: "errors.location_required" }),
  long: z.coerce.number({ invalid_type_error: "errors.location_required" }),
  description: z.string().trim().max(4000).default(""),
  address_string: z.string().trim().max(500).default(""),
  media_url: z.string().trim().url("errors.photo_url").max(2000).optional().or(z.literal("")),
  "attribute[kelurahan]": z.string().trim().max(20).optional(),
});

/** A 311 client files a request: becomes a report of the token's host system. Returns the GeoReport answer. */
export async function intakeRequest(hostSlug: string, params: Record<string, string>) {
  const parsed = IntakeSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ServiceError(400, "errors.form_invalid", { [String(issue.path[0] ?? "request")]: issue.message.startsWith("errors.") ? issue.message : "errors.form_invalid" });
  }
  const p = parsed.data;
  const service = await db.serviceMapping.findUnique({ where: { serviceCode: p.service_code } });
  if (!service) throw new ServiceError(404, "errors.form_invalid", { service_code: "errors.service_unknown" });
  const kelurahan = kelurahanFor(p["attribute[kelurahan]"], p.address_string, await kelurahanList());
  if (!kelurahan) throw new ServiceError(400, "errors.form_invalid", { address_string: "errors.location_unknown" });
  const saved = await upsertHostReport(hostSlug, {
    externalId: `open311-${randomUUID()}`,
    category: service.categorySlug,
    title: titleFor(service.name, p.description),
    description: descriptionFor(p.description, p.address_string),
    lat: p.lat,
    lng: p.long,
    kelurahan,
    photos: p.media_url ? [{ url: p.media_url }] : [],
  });
  return [{ service_request_id: saved.id, service_notice: `Laporan #${saved.number} diterima. Warga dapat membahasnya di ${saved.url}`, account_id: null }];
}

const ReadFilters = z.object({
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(60).optional(),
  start_date: z.string().datetime({ offset: true }).optional(),
  end_date: z.string().datetime({ offset: true }).optional(),
  status: z.enum(["open", "closed"]).optional(),
});

/** GeoReport v2's window and cap for a list without ids: the last 90 days, at most 1,000 requests. */
const WINDOW_DAYS = 90;
const MAX_REQUESTS = 1000;

/**
 * GET requests.json with GeoReport v2's standard filters. Without dates, the last 90 days; never more than 1,000
 * requests, newest first. Unknown filter values are refused (400), never silently ignored.
 */
export async function readRequests(params: Record<string, string>, base: string, now = new Date()) {
  const parsed = ReadFilters.safeParse(params);
  if (!parsed.success) throw new ServiceError(400, "errors.form_invalid", { [String(parsed.error.issues[0]?.path[0] ?? "filter")]: "errors.open311_filter" });
  const f = parsed.data;
  const ids = f.service_request_id?.split(",").map((x) => x.trim()).filter(Boolean);
  const end = f.end_date ? new Date(f.end_date) : now;
  const start = f.start_date ? new Date(f.start_date) : new Date(end.getTime() - WINDOW_DAYS * 86_400_000);
  let categorySlug: string | undefined;
  if (f.service_code) {
    const mapping = await db.serviceMapping.findUnique({ where: { serviceCode: f.service_code } });
    if (!mapping) throw new ServiceError(404, "errors.form_invalid", { service_code: "errors.service_unknown" });
    categorySlug = mapping.categorySlug;
  }
  const rows = await db.report.findMany({
    where: {
      ...(ids ? { id: { in: ids.slice(0, MAX_REQUESTS) } } : { createdAt: { gte: start, lte: end } }),
      ...(categorySlug ? { categorySlug } : {}),
      ...(f.status ? (f.status === "closed" ? { status: "selesai" } : { status: { in: ["menunggu", "diproses"] } }) : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_REQUESTS,
    select: requestSelect,
  });
  return toGeoReport(rows, base);
}

export async function readRequest(id: string, base: string) {
  const row = await db.report.findUnique({ where: { id }, select: requestSelect });
  if (!row) throw new ServiceError(404, "errors.report_not_found");
  return toGeoReport([row], base);
}

const requestSelect = {
  id: true, number: true, status: true, categorySlug: true, kecamatanCode: true, kotaCode: true, kelurahanCode: true, description: true, lat: true, lng: true, createdAt: true, updatedAt: true,
  photos: { where: { status: "ready", progressUpdateId: null }, orderBy: { position: "asc" }, take: 1, select: { imagePath: true } },
  deliberation: { select: { state: true, dueAt: true } },
  events: { where: { type: "report.status_changed" }, orderBy: { createdAt: "desc" }, take: 1, select: { data: true } },
} as const;

type RequestRow = {
  id: string; number: number; status: string; categorySlug: string; kelurahanCode: string; kecamatanCode: string; kotaCode: string; description: string; lat: number; lng: number; createdAt: Date; updatedAt: Date;
  photos: { imagePath: string | null }[]; deliberation: { state: string; dueAt: Date | null } | null; events: { data: string }[];
};

/** Reports in GeoReport v2's field list (every field present; null where we have nothing to say). */
async function toGeoReport(rows: RequestRow[], base: string) {
  const [ref, services] = await Promise.all([referenceData(), db.serviceMapping.findMany()]);
  const serviceOf = new Map<string, { code: string; name: string }>();
  for (const s of services) if (!serviceOf.has(s.categorySlug)) serviceOf.set(s.categorySlug, { code: s.serviceCode, name: s.name });
  // One routing lookup per category and kelurahan, not per report.
  const agencies = new Map<string, Promise<{ name: string } | null>>();
  const agencyFor = (r: RequestRow) => {
    const key = `${r.categorySlug}|${r.kelurahanCode}`;
    if (!agencies.has(key)) agencies.set(key, responsibleAgency(r));
    return agencies.get(key)!;
  };
  return Promise.all(rows.map(async (r) => {
    const service = serviceOf.get(r.categorySlug) ?? { code: r.categorySlug, name: ref.categoryBySlug.get(r.categorySlug)?.nameId ?? r.categorySlug };
    const note = r.events[0] ? (JSON.parse(r.events[0].data) as { note?: string }).note ?? null : null;
    return {
      service_request_id: r.id,
      status: open311Status(r.status),
      status_notes: note,
      service_name: service.name,
      service_code: service.code,
      description: r.description,
      agency_responsible: (await agencyFor(r))?.name ?? null,
      service_notice: r.deliberation ? `Musyawarah warga: ${r.deliberation.state}` : null,
      requested_datetime: r.createdAt.toISOString(),
      updated_datetime: r.updatedAt.toISOString(),
      expected_datetime: r.deliberation?.dueAt?.toISOString() ?? null,
      address: regionPath(ref, r.kelurahanCode),
      address_id: r.kelurahanCode,
      zipcode: null,
      lat: r.lat,
      long: r.lng,
      media_url: r.photos[0]?.imagePath ? `${base}/uploads/${r.photos[0].imagePath}` : null,
    };
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The importer.

const RemoteRequest = z.object({
  service_request_id: z.union([z.string(), z.number()]).transform(String),
  status: z.string().optional(),
  service_code: z.union([z.string(), z.number()]).transform(String),
  service_name: z.string().optional().nullable(),
  description: z.string().optional().nullable(),
  address: z.string().optional().nullable(),
  lat: z.coerce.number(),
  long: z.coerce.number(),
  media_url: z.string().optional().nullable(),
  requested_datetime: z.string().optional().nullable(),
  updated_datetime: z.string().optional().nullable(),
});

export interface ImportOutcome {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: { id: string; reason: string }[];
  cursor: string | null;
}

const REMOTE_TIMEOUT_MS = 15_000;

function hostSlugFor(baseUrl: string): string {
  return `open311-${new URL(baseUrl).hostname.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`.slice(0, 40).replace(/-+$/, "");
}

function normaliseBase(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ServiceError(400, "errors.form_invalid", { baseUrl: "errors.open311_url" });
  }
  if (!/^https?:$/.test(url.protocol)) throw new ServiceError(400, "errors.form_invalid", { baseUrl: "errors.open311_url" });
  return url.toString().replace(/\/+$/, "");
}

/**
 * Pulls requests from a remote GeoReport v2 server (GET <base>/requests.json?start_date=…), newest cursor first
 * remembered per source. Each request is applied on its own (a bad one is skipped with its reason), and the cursor
 * moves only past requests that were applied or deliberately skipped, so an interrupted run resumes where it stopped.
 * A server that is slow, down or answers garbage fails the run with a clear error and moves nothing.
 */
export async function importOpen311(rawBase: string, opts: { since?: Date; timeoutMs?: number } = {}): Promise<ImportOutcome> {
  const timeoutMs = opts.timeoutMs ?? REMOTE_TIMEOUT_MS;
  const base = normaliseBase(rawBase);
  const hostSlug = hostSlugFor(base);
  await db.hostSystem.upsert({ where: { slug: hostSlug }, create: { slug: hostSlug, name: `Open311 ${new URL(base).hostname}`, inboundSecret: newWebhookSecret() }, update: {} });
  const source = await db.open311Source.upsert({ where: { baseUrl: base }, create: { baseUrl: base, hostSlug }, update: {} });
  const from = opts.since ?? source.cursor ?? null;

  const url = new URL(`${base}/requests.json`);
  if (from) url.searchParams.set("start_date", from.toISOString());
  let body: unknown;
  try {
    const res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.json();
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : (error as Error).message;
    await db.open311Source.update({ where: { id: source.id }, data: { lastRunAt: new Date(), lastError: `${url.host}: ${reason}`.slice(0, 500) } });
    throw new ServiceError(503, "errors.open311_remote", { reason: `${url.host}: ${reason}` });
  }
  if (!Array.isArray(body)) {
    await db.open311Source.update({ where: { id: source.id }, data: { lastRunAt: new Date(), lastError: "requests.json is not a list" } });
    throw new ServiceError(503, "errors.open311_remote", { reason: "requests.json is not a list" });
  }

  const mappings = new Map((await db.serviceMapping.findMany()).map((m) => [m.serviceCode, m]));
  const kelurahan = await kelurahanList();
  const outcome: ImportOutcome = { fetched: body.length, created: 0, updated: 0, unchanged: 0, skipped: [], cursor: source.cursor?.toISOString() ?? null };
  // Oldest first, so the cursor only ever moves forward past what was handled.
  const items = body
    .map((raw) => ({ raw, parsed: RemoteRequest.safeParse(raw) }))
    .sort((a, b) => stamp(a.raw as Parameters<typeof stamp>[0]) - stamp(b.raw as Parameters<typeof stamp>[0]));
  for (const { raw, parsed } of items) {
    const id = String((raw as { service_request_id?: unknown })?.service_request_id ?? "?");
    await handle(id, parsed);
    const at = stamp(raw as Parameters<typeof stamp>[0]);
    if (at > 0 && (!outcome.cursor || at > Date.parse(outcome.cursor))) {
      outcome.cursor = new Date(at).toISOString();
      await db.open311Source.update({ where: { id: source.id }, data: { cursor: new Date(at) } });
    }
  }
  await db.open311Source.update({
    where: { id: source.id },
    data: { lastRunAt: new Date(), lastError: null, imported: { increment: outcome.created }, skipped: { increment: outcome.skipped.length } },
  });
  return outcome;

  /** Applies one remote request, or records why it was skipped. */
  async function handle(id: string, parsed: z.SafeParseReturnType<unknown, z.infer<typeof RemoteRequest>>) {
    if (!parsed.success) {
      outcome.skipped.push({ id, reason: `malformed: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}` });
      return;
    }
    const r = parsed.data;
    const mapping = mappings.get(r.service_code);
    const kel = kelurahanFor(null, r.address ?? "", kelurahan);
    if (!mapping) outcome.skipped.push({ id, reason: `service_code ${r.service_code} has no category (add it to the mapping table)` });
    else if (!kel) outcome.skipped.push({ id, reason: `address "${r.address ?? ""}" names no kelurahan` });
    else {
      const input = {
        externalId: r.service_request_id,
        category: mapping.categorySlug,
        title: titleFor(r.service_name || mapping.name, r.description ?? ""),
        description: descriptionFor(r.description ?? "", r.address ?? ""),
        lat: r.lat,
        lng: r.long,
        kelurahan: kel,
        photos: r.media_url && /^https?:/i.test(r.media_url) ? [{ url: r.media_url }] : [],
      };
      try {
        const saved = await upsertHostReport(hostSlug, input).catch((error: unknown) => {
          // A photo that cannot be fetched does not keep the report out: import it without.
          if (error instanceof ServiceError && error.fields.photos && input.photos.length) return upsertHostReport(hostSlug, { ...input, photos: [] });
          throw error;
        });
        if (saved.created) outcome.created++;
        else if (saved.changed) outcome.updated++;
        else outcome.unchanged++;
        const wanted = reportStatusFromOpen311(r.status);
        if (wanted !== saved.status && wanted === "selesai") await setHostReportStatus(hostSlug, { externalId: r.service_request_id, status: "selesai", note: "Ditutup di sistem Open311 asal." }).catch(() => {});
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        outcome.skipped.push({ id, reason: `${error.code} ${JSON.stringify(error.fields)}` });
      }
    }
  }
}

function stamp(r: { updated_datetime?: string | null; requested_datetime?: string | null } | undefined): number {
  const t = Date.parse(r?.updated_datetime ?? r?.requested_datetime ?? "");
  return Number.isNaN(t) ? 0 : t;
}

/** For the scheduled job: every remote source registered by a first `npm run import:open311`. */
export async function importAllOpen311Sources() {
  const sources = await db.open311Source.findMany({ select: { baseUrl: true } });
  const results: Record<string, ImportOutcome | { error: string }> = {};
  for (const s of sources) {
    try {
      results[s.baseUrl] = await importOpen311(s.baseUrl);
    } catch (error) {
      results[s.baseUrl] = { error: error instanceof ServiceError ? (error.fields.reason ?? error.code) : String(error) };
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// The admin's mapping table: Open311 service codes → our categories.

const MappingSchema = z.object({
  serviceCode: z.string().trim().min(1, "errors.service_code").max(60, "errors.service_code").regex(/^[\w.-]+$/, "errors.service_code"),
  categorySlug: z.string().trim().min(1, "errors.category_required"),
  name: z.string().trim().min(2, "errors.service_name").max(120, "errors.service_name"),
});

export async function listServiceMappings() {
  return db.serviceMapping.findMany({ orderBy: { serviceCode: "asc" } });
}

/** Adds or changes one service code's category and name. */
export async function saveServiceMapping(input: Record<string, unknown>) {
  const parsed = MappingSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  if (!(await db.category.findUnique({ where: { slug: parsed.data.categorySlug }, select: { slug: true } }))) {
    throw new ServiceError(422, "errors.form_invalid", { categorySlug: "errors.category_unknown" });
  }
  await db.serviceMapping.upsert({ where: { serviceCode: parsed.data.serviceCode }, create: parsed.data, update: { categorySlug: parsed.data.categorySlug, name: parsed.data.name } });
}

export async function deleteServiceMapping(serviceCode: string) {
  const deleted = await db.serviceMapping.deleteMany({ where: { serviceCode } });
  if (deleted.count === 0) throw new ServiceError(404, "errors.not_found");
}
