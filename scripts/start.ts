// `npm start`: makes sure Redis answers (starting a private redis-server under ./data/redis when none
// does and one is installed), then runs the web server (WEB_CONCURRENCY processes) and the worker (WORKER_PROCESSES
// processes) side by side, and without SMTP_URL a local mail capture (data/mail). A supervisor restarts any of them
// that dies, with back-off, while the others keep running (scripts/supervisor.ts); SIGTERM or SIGINT stops them all.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { env } from "~/config.server";
import { appChildren, Supervisor } from "./supervisor";

// Without SESSION_SECRET, a random one is made on first start and kept in ./data, so a fresh install is
// safe out of the box and sessions survive restarts.
if (!process.env.SESSION_SECRET) {
  const file = path.resolve("data/.session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.SESSION_SECRET = readFileSync(file, "utf8").trim();
}
// Local mode: without SMTP_URL, e-mail goes to the local capture, and the children are told so explicitly
// (in production they refuse to start without SMTP_URL otherwise). MAIL_CAPTURE=local with an SMTP_URL runs the
// capture on that address instead.
const localMail = !process.env.SMTP_URL || process.env.MAIL_CAPTURE === "local";
if (localMail) process.env.MAIL_CAPTURE = "local";
const config = env();
const supervisor = new Supervisor();

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Redis, if nothing answers at REDIS_URL: a private redis-server, supervised like the other children. */
async function ensureRedis(): Promise<boolean> {
  if (await redisAnswers(config.REDIS_URL)) return false;
  const hasRedis = spawnSync("sh", ["-c", "command -v redis-server"]).status === 0;
  if (!hasRedis) {
    console.error(
      `[start] Nothing answers at REDIS_URL=${config.REDIS_URL} and redis-server is not installed.\n` +
        "        Install Redis (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL to a running Redis.",
    );
    process.exit(1);
  }
  const url = new URL(config.REDIS_URL);
  const dir = path.resolve("data/redis");
  mkdirSync(dir, { recursive: true });
  console.log(`[start] starting a private redis-server on port ${url.port || 6379} (data in ${dir})`);
  // redis-server crashes under libfaketime (tests that move the clock): it never gets LD_PRELOAD.
  const { LD_PRELOAD: _preload, ...redisEnv } = process.env;
  supervisor.add({
    name: "redis",
    command: "redis-server",
    args: ["--port", url.port || "6379", "--bind", url.hostname === "localhost" ? "127.0.0.1" : url.hostname, "--dir", dir,
      "--appendonly", "yes", "--maxmemory-policy", "noeviction"],
    options: { stdio: "ignore", env: redisEnv },
  });
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(config.REDIS_URL)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.error("[start] redis-server did not come up; see its log or set REDIS_URL.");
  await supervisor.stop();
  process.exit(1);
}

await ensureRedis();
// `node --import tsx`: each child is one process, so a signal (or kill -9) reaches the process itself.
const child = (name: string, script: string) => ({ name, command: process.execPath, args: ["--import", "tsx", script], options: { env: process.env } });
const children = appChildren(config.WEB_CONCURRENCY, config.WORKER_PROCESSES);
const workerNames = children.filter((c) => c.name.startsWith("worker")).map((c) => c.name);
console.log(`[start] ${config.WEB_CONCURRENCY} web process${config.WEB_CONCURRENCY === 1 ? "" : "es"}, ${workerNames.length} worker process${workerNames.length === 1 ? "" : "es"}`);
for (const c of children) supervisor.add(child(c.name, c.script));
if (localMail) {
  console.log("[start] no SMTP_URL: e-mail goes to the local capture (data/mail); set SMTP_URL to deliver it for real");
  supervisor.add(child("mail", "scripts/mail-capture.ts"));
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[start] ${signal}: stopping`);
  // Redis last, so the worker can finish and record what it is doing.
  await supervisor.stop([["web", ...workerNames, "mail"], ["redis"]]);
  console.log("[start] stopped");
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
