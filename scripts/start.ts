// `npm start`: makes sure Redis answers (starting a private redis-server under ./data/redis when none
// does and one is installed), then runs the web server and the worker process side by side.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { env } from "~/config.server";

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
const config = env();

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

async function ensureRedis(): Promise<ChildProcess | null> {
  if (await redisAnswers(config.REDIS_URL)) return null;
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
  const child = spawn(
    "redis-server",
    ["--port", url.port || "6379", "--bind", url.hostname === "localhost" ? "127.0.0.1" : url.hostname, "--dir", dir,
      "--appendonly", "yes", "--maxmemory-policy", "noeviction"],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(config.REDIS_URL)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.error("[start] redis-server did not come up; see its log or set REDIS_URL.");
  child.kill();
  process.exit(1);
}

const redis = await ensureRedis();
const tsx = path.resolve("node_modules/.bin/tsx");
const children = [
  spawn(tsx, ["server.ts"], { stdio: "inherit", env: process.env }),
  spawn(tsx, ["workers/index.ts"], { stdio: "inherit", env: process.env }),
];
// Without a real SMTP server configured, e-mails are captured locally in data/mail.
if (!process.env.SMTP_URL) children.push(spawn(tsx, ["scripts/mail-capture.ts"], { stdio: "inherit", env: process.env }));

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => {
    redis?.kill("SIGTERM");
    process.exit(code);
  }, 3000).unref();
}
for (const c of children) c.on("exit", (code) => stop(code ?? 1));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
