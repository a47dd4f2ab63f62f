import { existsSync } from "node:fs";
import path from "node:path";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env, uploadDir } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { QUEUE_NAME } from "~/jobs";
import { processPhoto, stageReportPhotos } from "~/services/photos.server";
import { fileReport, getReport } from "~/services/reports.server";
import { processJob } from "../../workers/dispatch";
import { sweepPending } from "../../workers/processors/sweep";
import { createUser, incomingBytes, incomingImage, validReport, waitFor } from "../helpers/fixtures";

// The real worker code (workers/dispatch.ts) on a real Redis, with this file's own queue prefix.
let worker: Worker;
let connection: Redis;
let reporter: { id: string };

beforeAll(async () => {
  await prepareDatabase();
  reporter = await createUser();
  connection = new Redis(env().REDIS_URL, { maxRetriesPerRequest: null });
  worker = new Worker(QUEUE_NAME, processJob, { connection, prefix: env().QUEUE_PREFIX, concurrency: 2 });
});

afterAll(async () => {
  await worker.close();
  const queue = new Queue(QUEUE_NAME, { connection, prefix: env().QUEUE_PREFIX });
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
});

const photoOf = (reportId: string) =>
  db.reportPhoto.findFirst({ where: { reportId }, select: { id: true, status: true, imagePath: true, thumbPath: true, width: true, originalPath: true } });

describe("the photo worker", () => {
  it("re-encodes an upload to WebP, makes a thumbnail, strips metadata and removes the original", async () => {
    const upload = await incomingImage("jpeg", 2400);
    const { id } = await fileReport(reporter.id, validReport, [upload]);
    const before = await photoOf(id);
    const originalFile = path.join(uploadDir(), before!.originalPath!);

    const photo = await waitFor(async () => {
      const p = await photoOf(id);
      return p?.status === "ready" ? p : null;
    });
    expect(photo.width).toBe(1600); // long edge capped, aspect kept
    const display = await sharp(path.join(uploadDir(), photo.imagePath!)).metadata();
    const thumb = await sharp(path.join(uploadDir(), photo.thumbPath!)).metadata();
    expect(display.format).toBe("webp");
    expect([display.width, display.height]).toEqual([1600, 1200]);
    expect([thumb.width, thumb.height]).toEqual([360, 360]);
    expect(display.exif).toBeUndefined();
    expect(existsSync(originalFile)).toBe(false);
  });

  it("processing the same photo twice has the effect of once", async () => {
    const [staged] = await stageReportPhotos([await incomingImage("png", 400)]);
    const report = await db.report.findFirstOrThrow({ select: { id: true } });
    await db.reportPhoto.create({ data: { id: staged!.id, reportId: report.id, position: 9, originalPath: staged!.originalPath, bytes: staged!.bytes, mime: staged!.mime } });
    expect(await processPhoto(staged!.id)).toBe("processed");
    expect(await processPhoto(staged!.id)).toBe("already-done");
    expect(await processPhoto("no-such-photo")).toBe("missing");
  });

  it("a file that claims to be a JPEG but cannot be decoded is marked failed, once, on the timeline", async () => {
    const fake = await incomingBytes(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]));
    const { id } = await fileReport(reporter.id, validReport, [fake]);
    await waitFor(async () => (await photoOf(id))?.status === "failed");
    const report = await getReport(id);
    expect(report.events.map((e) => e.type)).toEqual(["report.created", "report.photo_failed"]);
  });

  it("the sweeper re-enqueues a photo whose job was lost (Redis wiped)", async () => {
    await worker.pause();
    const { id } = await fileReport(reporter.id, validReport, [await incomingImage("webp", 300)]);
    const queue = new Queue(QUEUE_NAME, { connection, prefix: env().QUEUE_PREFIX });
    await queue.obliterate({ force: true }); // the job is gone; only the database row remains
    // Age the row past the sweeper's grace period.
    await db.reportPhoto.updateMany({ where: { reportId: id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await sweepPending()).toMatchObject({ pending: 1, requeued: 1 });
    worker.resume();
    await waitFor(async () => (await photoOf(id))?.status === "ready");
    await queue.close();
  });
});
