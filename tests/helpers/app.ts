import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { freePort } from "./redis-server";

// Starts the real web server and the real worker process against this test file's database.
export interface RunningApp {
  url: string;
  /** The web server's process id (e.g. to read its memory use from /proc). */
  webPid: number;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before ${pattern}:\n${output}`));
    });
  });
}

export interface RunningWorker {
  child: ChildProcess;
  /** Output so far (stdout and stderr). */
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** kill -9: no chance to finish anything. */
  kill(): Promise<void>;
}

/** Starts the real worker process (workers/index.ts) against this test file's database and queues. */
export async function startWorker(extraEnv: Record<string, string> = {}): Promise<RunningWorker> {
  // `node --import tsx` is one process (the tsx CLI would be a parent relaying signals, and kill -9 cannot be relayed).
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await waitForLine(child, /ready/, 30_000);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The environment of a test's web process on `port` (production build, plain HTTP, loopback photo hosts). */
export function webProcessEnv(port: number, extraEnv: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    SECURE_COOKIES: "false",
    PORT: String(port),
    // Photo hosts in tests live on loopback, which production refuses to fetch from.
    FETCH_PRIVATE_ADDRESSES: "true",
    // No map tiles from the internet in tests: the page must work without them.
    MAP_TILE_URL: `http://127.0.0.1:${port}/no-tiles/{z}/{x}/{y}.png`,
    ...extraEnv,
  };
}

export async function startApp(extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const env = webProcessEnv(port, extraEnv);
  const tsx = path.resolve("node_modules/.bin/tsx");
  // WEB_CONCURRENCY=2 (in the environment of the test run, or extraEnv) serves from a cluster of that many web
  // processes on the one port (scripts/web-cluster.ts), e.g. to run the concurrency tests across processes.
  const webProcesses = Number(env.WEB_CONCURRENCY ?? 1);
  const web = spawn(tsx, [webProcesses > 1 ? "scripts/web-cluster.ts" : "server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const worker = spawn(tsx, ["workers/index.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const listening = new RegExp(Array(webProcesses).fill("listening").join("[\\s\\S]*"));
  await Promise.all([waitForLine(web, listening, 60_000), waitForLine(worker, /ready/, 30_000)]);
  // APP_LOG=1 shows the server's and the worker's own output while a test runs (for chasing a 500).
  if (process.env.APP_LOG) for (const c of [web, worker]) c.stderr?.pipe(process.stderr);
  const stopOne = (c: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (c.exitCode !== null) return resolve();
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
      setTimeout(() => c.kill("SIGKILL"), 8000).unref();
    });
  return { url: `http://127.0.0.1:${port}`, webPid: web.pid!, stop: async () => void (await Promise.all([stopOne(web), stopOne(worker)])) };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page, for the test to assert empty. */
  errors: string[];
}

/** A phone-sized Indonesian browser context signed in through the real log-in form (fixtures' password). */
export async function signInBrowser(
  browser: Browser,
  baseUrl: string,
  email: string,
  opts: { timeoutMs?: number; context?: BrowserContextOptions } = {},
): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "id-ID", ...opts.context });
  context.setDefaultTimeout(opts.timeoutMs ?? 15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${baseUrl}/masuk`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill("kata-sandi-rahasia");
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/masuk"));
  return { context, page, errors };
}

/** Types into the Lexical editor inside `scope`. */
export async function typeInEditor(page: Page, scope: string, text: string): Promise<void> {
  const editor = page.locator(`${scope} .editor-input`).first();
  await editor.waitFor();
  await editor.click();
  await page.keyboard.type(text);
}

/** A moment as a datetime-local value in Jakarta time ("2026-11-25T09:00"). */
export const localInput = (d: Date) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(d).replace(" ", "T");

export const ARTIFACTS = path.resolve("test-artifacts");
mkdirSync(ARTIFACTS, { recursive: true });
export const shot = (name: string) => path.join(ARTIFACTS, `${name}.png`);
