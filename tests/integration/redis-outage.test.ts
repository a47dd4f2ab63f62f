import type { ChildProcess } from "node:child_process";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRedis, stopRedis } from "../helpers/redis-server";

// A private Redis that this file kills and restarts: filing must not hang or fail while Redis is down,
// and the same worker must consume again once Redis is back.
let port: number;
let redisProcess: ChildProcess;
let worker: Worker;
let connection: Redis;

beforeAll(async () => {
  port = await freePort();
  redisProcess = await startRedis(port);
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  const { Worker } = await import("bullmq");
  const { Redis } = await import("ioredis");
  const { env } = await import("~/config.server");
  const { QUEUE_NAME } = await import("~/jobs");
  const { processJob } = await import("../../workers/dispatch");
  const { prepareDatabase } = await import("~/db.server");
  await prepareDatabase();
  connection = new Redis(env().REDIS_URL, { maxRetriesPerRequest: null });
  connection.on("error", () => {});
  worker = new Worker(QUEUE_NAME, processJob, { connection, prefix: env().QUEUE_PREFIX });
  worker.on("error", () => {});
});

afterAll(async () => {
  await Promise.race([worker?.close(), new Promise((r) => setTimeout(r, 3000))]);
  connection?.disconnect();
  if (redisProcess) await stopRedis(redisProcess);
});

describe("when Redis goes away", () => {
  it("a report is still filed at once, and its photo is processed after Redis returns", async () => {
    const { db } = await import("~/db.server");
    const { fileReport } = await import("~/services/reports.server");
    const { sweepPending } = await import("../../workers/processors/sweep");
    const { createUser, incomingImage, validReport, waitFor } = await import("../helpers/fixtures");
    const reporter = await createUser();

    // Normal operation first.
    const first = await fileReport(reporter.id, validReport, [await incomingImage()]);
    await waitFor(async () => (await db.reportPhoto.findFirst({ where: { reportId: first.id, status: "ready" } })) !== null);

    await stopRedis(redisProcess);
    const started = Date.now();
    const second = await fileReport(reporter.id, validReport, [await incomingImage()]);
    expect(Date.now() - started).toBeLessThan(3000); // fails fast, never hangs the request
    const pending = await db.reportPhoto.findFirstOrThrow({ where: { reportId: second.id }, select: { status: true } });
    expect(pending.status).toBe("pending");

    // Redis comes back empty (nothing was persisted): the sweeper rings again from the database.
    redisProcess = await startRedis(port);
    await db.reportPhoto.updateMany({ where: { reportId: second.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    await waitFor(async () => (await sweepPending()).requeued >= 1, 20_000);
    await waitFor(async () => (await db.reportPhoto.findFirst({ where: { reportId: second.id, status: "ready" } })) !== null, 20_000);
  });
});
