import { tallyPublished, type CaseState } from "~/domain/case-workflow";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { env, mayFetchPrivateAddresses, publicOrigin } from "~/config.server";
import { db, lockFor } from "~/db.server";
import { canMoveStatus, isReportStatus, STATUS_NOTE_MAX } from "~/domain/report-status";
import { REPORT_LIMITS, reportSearchText } from "~/domain/report-input";
import { storableInstant } from "~/domain/form-dates";
import { fieldErrors } from "~/domain/validation";
import { Prisma } from "~/generated/prisma/client";
import { appendAuditEvent } from "./audit.server";
import { ServiceError } from "./errors";
import { queueHostPush } from "./host-push.server";
import { ringOutbox } from "./outbox.server";
import { discardUploads, incomingDir, stageReportPhotos, type UploadedPhoto } from "./photos.server";
import { enqueue } from "./queue.server";
import { nextReportNumber, validateReport } from "./reports.server";

// Reports that a host system sends: created or updated by the host's own id for them (idempotent), photos by
// URL or inline, status moves with the same rules as an officer's. Photos are fetched before anything is
// written, so a photo that fails leaves nothing half-done.

const PHOTO_FETCH_TIMEOUT_MS = 10_000;

const PhotoSchema = z.union([
  z.object({ url: z.string().url("errors.photo_url").max(2000).refine((u) => /^https?:/i.test(u), "errors.photo_url") }),
  // Inline upload: base64 of the image's bytes (JSON cannot carry files; 8 MB of image is ~11 MB of base64).
  z.object({ base64: z.string().min(8).max(12_000_000) }),
]);

export const HostReportSchema = z.object({
  externalId: z.string().trim().min(1, "errors.external_id").max(100, "errors.external_id"),
  category: z.string().trim().min(1).max(60),
  title: z.string(),
  description: z.string(),
  lat: z.number(),
  lng: z.number(),
  kelurahan: z.string(),
  photos: z.array(PhotoSchema).max(REPORT_LIMITS.maxPhotos, "errors.too_many_photos").default([]),
});
export type HostReportInput = z.input<typeof HostReportSchema>;

/** Refuses addresses inside private networks (SSRF): only public unicast addresses are fetched in production. */
async function assertPublicAddress(url: string) {
  if (mayFetchPrivateAddresses()) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  if (addresses.length === 0 || addresses.some((a) => ipaddr.process(a).range() !== "unicast")) throw new Error("address is not public");
}

/** Downloads one photo to incoming/, never more than the size limit, within the timeout. */
async function download(url: string): Promise<UploadedPhoto> {
  const max = env().MAX_PHOTO_BYTES;
  await mkdir(incomingDir(), { recursive: true });
  const filepath = path.join(incomingDir(), `host-${randomUUID()}`);
  try {
    await assertPublicAddress(url);
    // Redirects are not followed: a redirect could lead past the address check.
    const res = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(PHOTO_FETCH_TIMEOUT_MS) });
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => {});
      throw new Error(`HTTP ${res.status}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Read no more than the limit, whatever Content-Length claims.
    const reader = res.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      size += part.value.length;
      if (size > max) {
        await reader.cancel();
        throw new ServiceError(413, "errors.form_invalid", { photos: "errors.photo_too_large", url });
      }
      chunks.push(part.value);
    }
    await writeFile(filepath, Buffer.concat(chunks));
    return { filepath };
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw new ServiceError(422, "errors.form_invalid", { photos: "errors.photo_download", url, reason: (error as Error).message.slice(0, 200) });
  }
}

async function writeInline(base64: string): Promise<UploadedPhoto> {
  await mkdir(incomingDir(), { recursive: true });
  const filepath = path.join(incomingDir(), `host-${randomUUID()}`);
  await writeFile(filepath, Buffer.from(base64, "base64"));
  return { filepath };
}

async function fetchPhotos(photos: z.infer<typeof PhotoSchema>[]): Promise<{ files: UploadedPhoto[]; sources: (string | null)[] }> {
  const files: UploadedPhoto[] = [];
  try {
    for (const p of photos) files.push("url" in p ? await download(p.url) : await writeInline(p.base64));
    return { files, sources: photos.map((p) => ("url" in p ? p.url : null)) };
  } catch (error) {
    await discardUploads(files);
    throw error;
  }
}

function reportLink(id: string) {
  return `${publicOrigin()}/laporan/${id}`;
}

/**
 * Creates the host's report, or updates it when the host already sent one with this externalId. Returns the
 * report and whether it was created. The same call twice changes nothing the second time.
 */
export async function upsertHostReport(hostSlug: string, raw: unknown) {
  const parsed = HostReportSchema.safeParse(raw);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const input = parsed.data;
  const fields = await validateReport({ categorySlug: input.category, title: input.title, description: input.description, kelurahanCode: input.kelurahan, lat: input.lat, lng: input.lng });
  const existing = await db.report.findUnique({
    where: { hostSystem_externalId: { hostSystem: hostSlug, externalId: input.externalId } },
    select: { id: true, photos: { select: { sourceUrl: true } } },
  });
  // Only photos not seen before are fetched (a host re-sends its whole report on every change).
  const known = new Set(existing?.photos.map((p) => p.sourceUrl).filter(Boolean));
  const wanted = input.photos.filter((p) => !("url" in p) || !known.has(p.url));
  if ((existing?.photos.length ?? 0) + wanted.length > REPORT_LIMITS.maxPhotos) throw new ServiceError(422, "errors.form_invalid", { photos: "errors.too_many_photos" });
  const { files, sources } = await fetchPhotos(wanted);

  try {
    const staged = await stageReportPhotos(files);
    const data = {
      categorySlug: fields.categorySlug, title: fields.title, description: fields.description, searchText: reportSearchText(fields.title, fields.description),
      lat: fields.lat, lng: fields.lng, kelurahanCode: fields.kelurahanCode, kecamatanCode: fields.kecamatanCode, kotaCode: fields.kotaCode,
    };
    const result = await db.$transaction(async (tx) => {
      // The same external report sent twice at once is created once, then updated.
      await lockFor(tx, `host-report:${hostSlug}:${input.externalId}`);
      const current = await tx.report.findUnique({ where: { hostSystem_externalId: { hostSystem: hostSlug, externalId: input.externalId } }, include: { photos: { select: { id: true } } } });
      const photoRows = (offset: number) => staged.map((p, i) => ({ id: p.id, position: offset + i, originalPath: p.originalPath, bytes: p.bytes, mime: p.mime, sourceUrl: sources[i] }));
      if (!current) {
        const created = await tx.report.create({
          data: { ...data, number: await nextReportNumber(tx), source: "host", hostSystem: hostSlug, externalId: input.externalId, photos: { create: photoRows(0) } },
          select: { id: true, number: true, status: true },
        });
        await appendAuditEvent(tx, { reportId: created.id, actorId: null, type: "report.imported", data: { system: hostSlug, photos: staged.length } });
        return { ...created, created: true, changed: true };
      }
      const changedFields = (Object.keys(data) as (keyof typeof data)[]).filter((k) => k !== "searchText" && current[k] !== data[k]);
      if (changedFields.length === 0 && staged.length === 0) return { id: current.id, number: current.number, status: current.status, created: false, changed: false };
      await tx.report.update({ where: { id: current.id }, data: { ...data, photos: { create: photoRows(current.photos.length) } } });
      await appendAuditEvent(tx, { reportId: current.id, actorId: null, type: "report.updated", data: { system: hostSlug, fields: [...changedFields, ...(staged.length ? ["photos"] : [])].join(", ") } });
      return { id: current.id, number: current.number, status: current.status, created: false, changed: true };
    });
    for (const p of staged) await enqueue("photo.process", { photoId: p.id }, p.id);
    return { id: result.id, number: result.number, status: result.status, created: result.created, changed: result.changed, url: reportLink(result.id) };
  } catch (error) {
    await discardUploads(files);
    // Two pushes of a new report at the same moment: the second loses the race on the unique key; apply it again as an update.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return upsertHostReport(hostSlug, raw);
    throw error;
  }
}

async function hostReportId(hostSlug: string, externalId: unknown): Promise<string> {
  if (typeof externalId !== "string" || externalId.length === 0 || externalId.length > 100) throw new ServiceError(422, "errors.form_invalid", { externalId: "errors.external_id" });
  const report = await db.report.findUnique({ where: { hostSystem_externalId: { hostSystem: hostSlug, externalId } }, select: { id: true } });
  if (!report) throw new ServiceError(404, "errors.report_not_found");
  return report.id;
}

/** The host moves its report's status (the same moves an officer may make), with a public note. */
export async function setHostReportStatus(hostSlug: string, input: { externalId?: unknown; status?: unknown; note?: unknown }) {
  const reportId = await hostReportId(hostSlug, input.externalId);
  if (!isReportStatus(input.status)) throw new ServiceError(422, "errors.form_invalid", { status: "errors.status_unknown" });
  const to = input.status;
  const note = typeof input.note === "string" ? input.note.trim() : "";
  if (note.length > STATUS_NOTE_MAX) throw new ServiceError(422, "errors.form_invalid", { note: "errors.note_too_long" });
  const outcome = await db.$transaction(async (tx) => {
    await lockFor(tx, `report-status:${reportId}`);
    const report = await tx.report.findUniqueOrThrow({ where: { id: reportId }, select: { status: true } });
    if (report.status === to) return { changed: false, outbox: [] as string[] };
    if (!isReportStatus(report.status) || !canMoveStatus(report.status, to)) throw new ServiceError(409, "errors.form_invalid", { status: "errors.status_move" });
    await tx.report.update({ where: { id: reportId }, data: { status: to } });
    await appendAuditEvent(tx, { reportId, actorId: null, type: "report.status_changed", data: { from: report.status, to, system: hostSlug, ...(note ? { note } : {}) } });
    return { changed: true, outbox: await queueHostPush(tx, reportId, "report.status_changed") };
  });
  await ringOutbox(outcome.outbox);
  return { id: reportId, status: to, changed: outcome.changed };
}

/** A host's report with its deliberation as the public pages show it: phase, proposals, the newest comments. */
export async function hostDeliberation(hostSlug: string, externalId: unknown) {
  const reportId = await hostReportId(hostSlug, externalId);
  return deliberationView(reportId);
}

export async function deliberationView(reportId: string) {
  const report = await db.report.findUnique({
    where: { id: reportId },
    select: {
      id: true, number: true, title: true, status: true, externalId: true, hostSystem: true, commentCount: true,
      deliberation: { select: { state: true, votingOpensAt: true, votingClosesAt: true, dueAt: true, summary: true } },
      proposals: { where: { status: "active" }, orderBy: { createdAt: "asc" }, select: { id: true, title: true, text: true, costRupiah: true, commentCount: true, createdAt: true } },
      comments: {
        where: { threadId: reportId, parentId: null, status: "visible" },
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, text: true, createdAt: true, agreeCount: true, replyCount: true, author: { select: { name: true } } },
      },
    },
  });
  if (!report) throw new ServiceError(404, "errors.report_not_found");
  return {
    report: { id: report.id, number: report.number, title: report.title, status: report.status, externalId: report.externalId, hostSystem: report.hostSystem, url: reportLink(report.id) },
    phase: report.deliberation?.state ?? null,
    dates: report.deliberation
      ? { votingOpensAt: report.deliberation.votingOpensAt?.toISOString() ?? null, votingClosesAt: report.deliberation.votingClosesAt?.toISOString() ?? null, answerDueAt: report.deliberation.dueAt?.toISOString() ?? null }
      : null,
    summary: report.deliberation?.summary ?? "",
    commentCount: report.commentCount,
    proposals: report.proposals.map((p) => ({ ...p, createdAt: p.createdAt.toISOString(), url: `${publicOrigin()}/usulan/${p.id}` })),
    comments: report.comments.map((c) => ({ id: c.id, author: c.author.name, text: c.text, agreeCount: c.agreeCount, replyCount: c.replyCount, createdAt: c.createdAt.toISOString() })),
  };
}

/** The tally and the outcome of a host's report: the citizens' choice, the agency's answer, the rating. */
export async function hostOutcome(hostSlug: string, externalId: unknown) {
  const reportId = await hostReportId(hostSlug, externalId);
  const c = await db.deliberation.findUnique({
    where: { reportId },
    select: {
      state: true, tally: true, tallyAt: true, winnerProposalId: true, sentAt: true, dueAt: true, answer: true, answerNote: true, answeredAt: true, completedAt: true,
      showResultsBeforeClose: true,
      ratings: { select: { score: true } },
    },
  });
  if (!c) return { reportId, phase: null, tally: null, solution: null, answer: null, rating: null };
  const tally = c.tally && tallyPublished(c.state as CaseState, c.showResultsBeforeClose) ? (JSON.parse(c.tally) as { type: string; voters: number; reason: string; groups?: unknown; proposals: { id: string; support: number; oppose: number; pass: number; consensus?: number }[] }) : null;
  const solution = c.winnerProposalId ? await db.proposal.findUnique({ where: { id: c.winnerProposalId }, select: { id: true, title: true, text: true, costRupiah: true, jointAction: true } }) : null;
  const stars = c.ratings.map((r) => r.score);
  return {
    reportId,
    phase: c.state,
    tally: tally ? { type: tally.type, voters: tally.voters, reason: tally.reason, computedAt: c.tallyAt?.toISOString() ?? null, groups: tally.groups ?? null, proposals: tally.proposals } : null,
    solution,
    answer: c.answer ? { decision: c.answer, note: c.answerNote, answeredAt: c.answeredAt?.toISOString() ?? null, sentAt: c.sentAt?.toISOString() ?? null, dueAt: c.dueAt?.toISOString() ?? null } : null,
    completedAt: c.completedAt?.toISOString() ?? null,
    rating: stars.length ? { count: stars.length, average: Math.round((stars.reduce((a, b) => a + b, 0) / stars.length) * 10) / 10 } : null,
  };
}

/**
 * What changed on the host's reports since a cursor: their public timeline events in order, 100 at a time. The
 * cursor is opaque to the host (the last event's time and id); pass back `next` until it comes back null.
 */
export async function hostChangesSince(hostSlug: string, cursor: string | null | undefined, limit = 100) {
  let after: { at: Date; id: string } | null = null;
  if (cursor) {
    const decoded = Buffer.from(cursor, "base64url").toString();
    const [at, id] = decoded.split("|");
    const when = storableInstant(at);
    if (!id || !when) throw new ServiceError(422, "errors.form_invalid", { cursor: "errors.cursor_invalid" });
    after = { at: when, id };
  }
  const events = await db.auditEvent.findMany({
    where: {
      report: { hostSystem: hostSlug },
      ...(after ? { OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, type: true, data: true, createdAt: true, report: { select: { id: true, externalId: true, status: true } } },
  });
  const last = events.at(-1);
  return {
    changes: events.map((e) => ({ type: e.type, at: e.createdAt.toISOString(), report: { id: e.report!.id, externalId: e.report!.externalId, status: e.report!.status }, data: JSON.parse(e.data) as Record<string, unknown> })),
    next: last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url") : (cursor ?? null),
    more: events.length === limit,
  };
}
