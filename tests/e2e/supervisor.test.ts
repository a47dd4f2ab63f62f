import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRedis, stopRedis } from "../helpers/redis-server";

// `npm start` for real (scripts/start.ts: web, worker and local mail capture under the supervisor) over this
// file's database and a private Redis. kill -9 of the worker or the mail capture must not take the site down:
// each comes back (with back-off) while the web keeps answering; a killed web comes back too; SIGTERM stops all.
let redisProcess: ChildProcess;
let start: ChildProcess;
let output = "";
let url = "";
const mailDir = mkdtempSync(path.join(tmpdir(), "supervised-mail-"));

const pids = (name: string) => [...output.matchAll(new RegExp(`\\[start\\] ${name} started \\(pid (\\d+)\\)`, "g"))].map((m) => Number(m[1]));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
// Not the fixtures' waitFor: importing fixtures would read the environment (REDIS_URL) before beforeAll sets it.
async function waitFor(fn: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
const count = (pattern: RegExp) => output.match(new RegExp(pattern.source, "g"))?.length ?? 0;

beforeAll(async () => {
  const redisPort = await freePort();
  redisProcess = await startRedis(redisPort);
  process.env.REDIS_URL = `redis://127.0.0.1:${redisPort}`;
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  start = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      SECURE_COOKIES: "false",
      PORT: String(port),
      MAP_TILE_URL: `${url}/no-tiles/{z}/{x}/{y}.png`,
      // npm start's local mode, on this file's own SMTP port and a temporary folder.
      MAIL_CAPTURE: "local",
      MAIL_CAPTURE_DIR: mailDir,
      OUTBOX_LEASE_MS: "2000",
      SWEEP_EVERY_MS: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  start.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  start.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await waitFor(async () => /listening on http/.test(output) && /\[worker\] ready/.test(output) && /\[mail\] local capture listening/.test(output), 60_000).catch(() => {
    throw new Error(`npm start did not come up:\n${output}`);
  });
});

afterAll(async () => {
  if (start && start.exitCode === null) start.kill("SIGKILL");
  for (const name of ["web", "worker", "mail"]) for (const pid of pids(name)) if (alive(pid)) process.kill(pid, "SIGKILL");
  if (redisProcess) await stopRedis(redisProcess);
  rmSync(mailDir, { recursive: true, force: true });
});

/** Polls the home page every 100 ms until stopped; returns every answer (status, or the error). */
function pollWeb() {
  const answers: (number | string)[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      answers.push(await fetch(`${url}/`).then((r) => r.status, (e: Error) => e.message));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { answers, stop: async () => ((running = false), await done, answers) };
}

async function sendOneMail(subject: string): Promise<void> {
  const { db } = await import("~/db.server");
  const { fileReport } = await import("~/services/reports.server");
  const { ringOutbox } = await import("~/services/outbox.server");
  const { createUser, validReport } = await import("../helpers/fixtures");
  const user = await createUser();
  const reportId = (await fileReport(user.id, { ...validReport, title: subject }, [])).id;
  const n = await db.notification.create({ data: { userId: user.id, kind: "comment", reportId, excerpt: subject } });
  const row = await db.outboxMessage.create({ data: { kind: "email.notification", payload: JSON.stringify({ notificationId: n.id }) } });
  await ringOutbox([row.id]);
  await waitFor(async () => (await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status === "sent", 30_000);
}

describe("npm start under its supervisor", () => {
  it("brings a worker killed with -9 back while the web keeps answering, and it delivers again", async () => {
    const [worker] = pids("worker");
    const poll = pollWeb();
    const killedAt = Date.now();
    process.kill(worker!, "SIGKILL");
    await waitFor(async () => pids("worker").length === 2 && count(/\[worker\] ready/) === 2, 60_000);
    const backMs = Date.now() - killedAt;
    const answers = await poll.stop();
    console.info(`[supervisor] worker ready again ${backMs} ms after kill -9; the web answered ${answers.filter((a) => a === 200).length}/${answers.length} polls with 200 meanwhile`);

    expect(output).toMatch(/\[start\] worker was killed \(SIGKILL\); restarting in 1 s/);
    expect(alive(pids("worker")[1]!)).toBe(true);
    expect(answers.length).toBeGreaterThan(5);
    expect(answers.every((a) => a === 200)).toBe(true);
    await sendOneMail("Setelah pekerja dimatikan");
    expect(readdirSync(mailDir)).toHaveLength(1);
  });

  it("brings a mail capture killed with -9 back, and the mail it then gets is captured", async () => {
    const [mail] = pids("mail");
    process.kill(mail!, "SIGKILL");
    await waitFor(async () => pids("mail").length === 2 && count(/\[mail\] local capture listening/) === 2, 60_000);
    expect(output).toMatch(/\[start\] mail was killed \(SIGKILL\); restarting in 1 s/);
    expect((await fetch(`${url}/`)).status).toBe(200);
    await sendOneMail("Setelah penangkap surel dimatikan");
    expect(readdirSync(mailDir)).toHaveLength(2);
  });

  it("brings a web process killed with -9 back", async () => {
    const [web] = pids("web");
    process.kill(web!, "SIGKILL");
    await waitFor(async () => pids("web").length === 2 && count(/listening on http/) === 2, 60_000);
    expect(output).toMatch(/\[start\] web was killed \(SIGKILL\); restarting in 1 s/);
    await waitFor(async () => (await fetch(`${url}/`).then((r) => r.status, () => 0)) === 200, 10_000);
  });

  it("stops everything on SIGTERM and exits 0", async () => {
    const children = ["web", "worker", "mail"].map((name) => pids(name).at(-1)!);
    expect(children.every(alive)).toBe(true);
    const exited = new Promise<number | null>((resolve) => start.once("exit", (code) => resolve(code)));
    start.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(children.filter(alive)).toEqual([]);
    expect(output).toMatch(/\[worker\] drained; exiting/);
    expect(output.slice(output.indexOf("[start] SIGTERM: stopping"))).not.toMatch(/restarting in/);
  });

  it("outside npm start's local mode, a production web process without SMTP_URL refuses to start and says why", async () => {
    const { SMTP_URL: _smtp, MAIL_CAPTURE: _capture, ...rest } = process.env;
    const web = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env: { ...rest, NODE_ENV: "production", PORT: String(await freePort()) }, stdio: ["ignore", "pipe", "pipe"] });
    let said = "";
    web.stdout!.on("data", (c: Buffer) => (said += c.toString()));
    web.stderr!.on("data", (c: Buffer) => (said += c.toString()));
    const code = await new Promise<number | null>((resolve) => web.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(said).toContain("Set SMTP_URL to your mail server");
    expect(said).not.toMatch(/listening/);
  });
});
