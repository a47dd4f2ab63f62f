import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import sharp, { type OutputInfo } from "sharp";
import { env, uploadDir } from "~/config.server";
import { db } from "~/db.server";
import { checkPhotos, PHOTO_SIZES, sniffImageType } from "~/domain/photo-policy";
import { REPORT_LIMITS } from "~/domain/report-input";
import { ServiceError } from "./errors";
import { appendAuditEvent } from "./audit.server";

// Photos go through three places under UPLOAD_DIR:
//   incoming/   what the multipart parser wrote (deleted when the request fails)
//   originals/  validated uploads waiting for the worker (deleted once processed)
//   photos/ and thumbs/  the re-encoded WebP files the pages show (metadata such as GPS stripped)
export interface UploadedPhoto {
  /** Absolute path of the file the multipart parser wrote. */
  filepath: string;
  /** Set once the file has been moved to originals/. */
  stagedPath?: string;
}

export interface StagedPhoto {
  id: string;
  originalPath: string;
  bytes: number;
  mime: string;
}

export function incomingDir(): string {
  return path.join(uploadDir(), "incoming");
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buffer, 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Validates each upload by its bytes and size, then moves it to originals/ under a fresh id. */
export async function stageReportPhotos(photos: UploadedPhoto[]): Promise<StagedPhoto[]> {
  const facts = await Promise.all(
    photos.map(async (p) => ({ bytes: (await stat(p.filepath)).size, head: await readHead(p.filepath) })),
  );
  const problem = checkPhotos(facts, { maxBytes: env().MAX_PHOTO_BYTES, maxCount: REPORT_LIMITS.maxPhotos });
  if (problem) throw new ServiceError(problem === "errors.photo_too_large" ? 413 : 422, "errors.form_invalid", { photos: problem });

  await mkdir(path.join(uploadDir(), "originals"), { recursive: true });
  const staged: StagedPhoto[] = [];
  for (const [i, photo] of photos.entries()) {
    const id = randomUUID();
    const originalPath = path.join("originals", id);
    await rename(photo.filepath, path.join(uploadDir(), originalPath));
    photo.stagedPath = originalPath;
    staged.push({ id, originalPath, bytes: facts[i]!.bytes, mime: sniffImageType(facts[i]!.head)! });
  }
  return staged;
}

export async function discardUploads(photos: UploadedPhoto[]): Promise<void> {
  await Promise.all(
    photos.flatMap((p) => [
      rm(p.filepath, { force: true }),
      p.stagedPath ? rm(path.join(uploadDir(), p.stagedPath), { force: true }) : Promise.resolve(),
    ]),
  );
}

export type PhotoOutcome = "processed" | "already-done" | "missing";

/**
 * Re-encodes one photo to WebP (display size and thumbnail). Idempotent: a photo that is no longer
 * pending is left alone, and output files are written under fixed names so a second run overwrites
 * the first. Throws `UndecodablePhotoError` when the image cannot be decoded (retrying will not help).
 */
export async function processPhoto(photoId: string): Promise<PhotoOutcome> {
  const photo = await db.reportPhoto.findUnique({
    where: { id: photoId },
    select: { id: true, status: true, originalPath: true },
  });
  if (!photo) return "missing";
  if (photo.status !== "pending" || !photo.originalPath) return "already-done";

  const source = path.join(uploadDir(), photo.originalPath);
  const imagePath = path.join("photos", `${photo.id}.webp`);
  const thumbPath = path.join("thumbs", `${photo.id}.webp`);
  await mkdir(path.join(uploadDir(), "photos"), { recursive: true });
  await mkdir(path.join(uploadDir(), "thumbs"), { recursive: true });

  let info: OutputInfo;
  try {
    // rotate() applies the EXIF orientation; sharp drops all other metadata (including GPS) by default.
    info = await sharp(source, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize(PHOTO_SIZES.display, PHOTO_SIZES.display, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(path.join(uploadDir(), imagePath));
    await sharp(source, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize(PHOTO_SIZES.thumb, PHOTO_SIZES.thumb, { fit: "cover" })
      .webp({ quality: 70 })
      .toFile(path.join(uploadDir(), thumbPath));
  } catch (error) {
    throw new UndecodablePhotoError((error as Error).message);
  }

  await db.reportPhoto.updateMany({
    where: { id: photo.id, status: "pending" },
    data: {
      status: "ready",
      imagePath,
      thumbPath,
      width: info.width,
      height: info.height,
      originalPath: null,
      processedAt: new Date(),
    },
  });
  await rm(source, { force: true });
  return "processed";
}

export class UndecodablePhotoError extends Error {
  name = "UndecodablePhotoError";
}

/** The worker gave up on a photo: mark it failed and say so on the report's timeline, once. */
export async function markPhotoFailed(photoId: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const photo = await tx.reportPhoto.findUnique({ where: { id: photoId }, select: { reportId: true, status: true } });
    if (!photo || photo.status !== "pending") return;
    await tx.reportPhoto.update({
      where: { id: photoId },
      data: { status: "failed", error: reason.slice(0, 500), processedAt: new Date() },
    });
    await appendAuditEvent(tx, { reportId: photo.reportId, actorId: null, type: "report.photo_failed", data: { photoId } });
  });
}

/** Photos still pending after `olderThanMs`: their job was lost (Redis restarted or wiped) or is slow. */
export async function pendingPhotoIds(olderThanMs: number, limit = 200): Promise<string[]> {
  const rows = await db.reportPhoto.findMany({
    where: { status: "pending", createdAt: { lt: new Date(Date.now() - olderThanMs) } },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
