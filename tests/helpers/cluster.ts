import { spawn, type ChildProcess } from "node:child_process";
import { webProcessEnv } from "./app";
import { freePort } from "./redis-server";

// Several real processes for the multi-process tests: single web processes on ports of their own (to choose which
// process a request reaches), a cluster of web processes on one port (scripts/web-cluster.ts, as `npm start` runs
// it with WEB_CONCURRENCY), and a small server-sent events client.

export interface Proc {
  child: ChildProcess;
  /** Output so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after 8 s; resolves once it exited. */
  stop(): Promise<void>;
}

function run(script: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  // `node --import tsx`: one process, so a kill -9 reaches the process itself.
  const child = spawn(process.execPath, ["--import", "tsx", script], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  if (process.env.APP_LOG) child.stderr!.pipe(process.stderr);
  return { child, output: () => output };
}

export async function until(fn: () => boolean | Promise<boolean>, timeoutMs: number, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 8000).unref();
  });

/** One web process (server.ts) on a port of its own. */
export async function startWebProcess(extraEnv: Record<string, string> = {}): Promise<Proc & { url: string }> {
  const port = await freePort();
  const p = run("server.ts", webProcessEnv(port, extraEnv));
  await until(() => /listening on http/.test(p.output()) || p.child.exitCode !== null, 60_000, "the web process");
  if (p.child.exitCode !== null) throw new Error(`web process exited:\n${p.output()}`);
  return { ...p, url: `http://127.0.0.1:${port}`, stop: stopper(p.child) };
}

/** `WEB_CONCURRENCY=n`: a cluster primary and its n web processes, all serving one port. */
export async function startWebCluster(n: number, extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  const p = run("scripts/web-cluster.ts", webProcessEnv(port, { ...extraEnv, WEB_CONCURRENCY: String(n) }));
  const listening = () => p.output().match(/listening on http/g)?.length ?? 0;
  await until(() => listening() >= n || p.child.exitCode !== null, 90_000, `${n} web processes`);
  if (p.child.exitCode !== null) throw new Error(`web cluster exited:\n${p.output()}`);
  return {
    ...p,
    url: `http://127.0.0.1:${port}`,
    listening,
    /** Every pid the named web process ("web-1") had, oldest first. */
    pids: (name: string) => [...p.output().matchAll(new RegExp(`\\[start\\] ${name} started \\(pid (\\d+)\\)`, "g"))].map((m) => Number(m[1])),
    stop: stopper(p.child),
  };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
  /** When it arrived (Date.now()). */
  at: number;
}

/** A server-sent events client (as EventSource, without its reconnects): every event but pings, as they arrive. */
export async function openEvents(url: string, opts: { lastEventId?: string } = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...(opts.lastEventId ? { "last-event-id": opts.lastEventId } : {}) }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
  const events: SseEvent[] = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const done = (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trimStart() ?? null;
          const event = field("event");
          if (event && event !== "ping") events.push({ id: field("id"), event, data: field("data") ?? "", at: Date.now() });
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    events,
    /** Waits until `n` events arrived. */
    waitFor: (n: number, timeoutMs = 10_000) => until(() => events.length >= n, timeoutMs, `${n} events (have ${events.length})`),
    close: async () => {
      controller.abort();
      await done;
    },
  };
}
