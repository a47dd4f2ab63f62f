// Before each test file: its own copy of the template database, its own BullMQ prefix and upload
// folder, and any console.error fails the test that caused it.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { databaseForFile, dropFileDatabase, TEST_DIR } from "./test-database";

const tag = `t${process.pid}${randomBytes(4).toString("hex")}`;
// Kept here: a test may point DATABASE_URL elsewhere (a private PostgreSQL cluster), and only this database is ours
// to drop at the end.
const fileDatabase = await databaseForFile(tag);
process.env.DATABASE_URL = fileDatabase;
process.env.QUEUE_PREFIX = tag;
process.env.UPLOAD_DIR = path.join(TEST_DIR, `${tag}-uploads`);
process.env.EXPORT_DIR = path.join(TEST_DIR, `${tag}-exports`);
process.env.SESSION_SECRET = "test-session-secret-0123456789";
process.env.NODE_ENV = "test";
// Each file's own SMTP port: a test that expects mail starts a capture there (tests/helpers/mail.ts).
// Below the kernel's ephemeral range (32768 and up here), so no port the OS hands out — a test's web server, a
// private Redis, an outgoing connection — can already hold it (that collision once failed a run with EADDRINUSE).
process.env.SMTP_URL = `smtp://127.0.0.1:${20000 + (randomBytes(2).readUInt16BE(0) % 12000)}`;

// The forks pool reuses a process across files: drop the previous file's Prisma client.
const g = globalThis as { __musyawarahDb?: { $disconnect(): Promise<void> } };
if (g.__musyawarahDb) {
  void g.__musyawarahDb.$disconnect();
  g.__musyawarahDb = undefined;
}

let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  vi.mocked(console.error).mockRestore?.();
  if (consoleErrors.length) {
    const text = consoleErrors.map((a) => a.map(String).join(" ")).join("\n");
    consoleErrors = [];
    throw new Error(`console.error was called:\n${text}`);
  }
});

afterAll(async () => {
  const { closeQueue } = await import("~/services/queue.server");
  const { closeRedis } = await import("~/services/redis.server");
  await closeQueue();
  await closeRedis();
  const g = globalThis as { __musyawarahDb?: { $disconnect(): Promise<void> } };
  await g.__musyawarahDb?.$disconnect();
  g.__musyawarahDb = undefined;
  await dropFileDatabase(fileDatabase);
});
