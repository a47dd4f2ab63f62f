// A small process supervisor for `npm start`: runs each child (web, workers, mail capture, private Redis), restarts
// one that exits with exponential back-off, and never takes the others down with it. A crash loop backs off to one
// restart every 30 s; a child that ran healthily for a minute starts again from 1 s. stop() ends them all.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface RestartPolicy {
  /** Delay before the first restart after a crash. */
  initialMs: number;
  /** The longest delay between restarts of a child that keeps crashing. */
  maxMs: number;
  /** A child that ran at least this long was healthy: its next crash starts the back-off again. */
  healthyAfterMs: number;
}

export const DEFAULT_POLICY: RestartPolicy = { initialMs: 1000, maxMs: 30_000, healthyAfterMs: 60_000 };

/**
 * The restart rule, pure: given how many times in a row the child crashed before (without a healthy run between)
 * and how long it ran this time, the new count and how long to wait before starting it again.
 * 1 s, 2 s, 4 s … capped at 30 s; reset once a run lasted a minute.
 */
export function planRestart(crashesInARow: number, ranMs: number, policy: RestartPolicy = DEFAULT_POLICY): { crashesInARow: number; delayMs: number } {
  const crashes = ranMs >= policy.healthyAfterMs ? 1 : crashesInARow + 1;
  return { crashesInARow: crashes, delayMs: Math.min(policy.initialMs * 2 ** (crashes - 1), policy.maxMs) };
}

export type ChildSpec = {
  /** Short name used in the log ("web", "worker", "mail", "redis", "web-2"). */
  name: string;
} & (
  | { command: string; args: string[]; options?: SpawnOptions }
  /** A child started some other way, e.g. a cluster worker (`cluster.fork().process`) sharing its primary's port. */
  | { start: () => ChildProcess }
);

interface Running {
  spec: ChildSpec;
  child: ChildProcess | null;
  startedAt: number;
  crashesInARow: number;
  timer: NodeJS.Timeout | null;
}

export interface SupervisorOptions {
  policy?: RestartPolicy;
  /** How long stop() waits for the children to exit after SIGTERM before killing them. */
  stopGraceMs?: number;
  log?: (line: string) => void;
  now?: () => number;
}

export class Supervisor {
  private readonly running = new Map<string, Running>();
  private readonly policy: RestartPolicy;
  private readonly stopGraceMs: number;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private stopping = false;

  constructor(options: SupervisorOptions = {}) {
    this.policy = options.policy ?? DEFAULT_POLICY;
    this.stopGraceMs = options.stopGraceMs ?? 20_000;
    this.log = options.log ?? ((line) => console.log(line));
    this.now = options.now ?? Date.now;
  }

  /** Starts a child and keeps it running until stop(). */
  add(spec: ChildSpec): void {
    if (this.running.has(spec.name)) throw new Error(`${spec.name} is already supervised`);
    const entry: Running = { spec, child: null, startedAt: 0, crashesInARow: 0, timer: null };
    this.running.set(spec.name, entry);
    this.launch(entry);
  }

  /** The current process id of a child (undefined while it waits for its restart). */
  pid(name: string): number | undefined {
    return this.running.get(name)?.child?.pid;
  }

  private launch(entry: Running): void {
    entry.timer = null;
    if (this.stopping) return;
    const spec = entry.spec;
    const child = "start" in spec ? spec.start() : spawn(spec.command, spec.args, { stdio: "inherit", ...spec.options });
    entry.child = child;
    entry.startedAt = this.now();
    // A command that cannot start at all (ENOENT) reports an error and then an exit: the exit restarts it.
    child.on("error", (error) => this.log(`[start] ${entry.spec.name} could not start: ${error.message}`));
    child.once("exit", (code, signal) => this.exited(entry, child, code, signal));
    if (child.pid) this.log(`[start] ${entry.spec.name} started (pid ${child.pid})`);
  }

  private exited(entry: Running, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (entry.child !== child) return;
    entry.child = null;
    if (this.stopping) return;
    const { crashesInARow, delayMs } = planRestart(entry.crashesInARow, this.now() - entry.startedAt, this.policy);
    entry.crashesInARow = crashesInARow;
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    this.log(`[start] ${entry.spec.name} ${how}; restarting in ${delayMs / 1000} s (the others keep running)`);
    entry.timer = setTimeout(() => this.launch(entry), delayMs);
  }

  /**
   * Stops every child: no more restarts, SIGTERM to each (in the order given, or all at once), then SIGKILL for
   * any still running after the grace period. Resolves when all have exited.
   */
  async stop(order: string[][] = [[...this.running.keys()]]): Promise<void> {
    this.stopping = true;
    for (const entry of this.running.values()) if (entry.timer) clearTimeout(entry.timer);
    for (const names of order) {
      await Promise.all(names.map((name) => this.running.get(name)).filter((e): e is Running => !!e).map((e) => this.stopOne(e)));
    }
    // Anything not named in `order`.
    await Promise.all([...this.running.values()].map((e) => this.stopOne(e)));
  }

  private stopOne(entry: Running): Promise<void> {
    const child = entry.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const killer = setTimeout(() => {
        this.log(`[start] ${entry.spec.name} did not stop within ${this.stopGraceMs / 1000} s; killing it`);
        child.kill("SIGKILL");
      }, this.stopGraceMs);
      child.once("exit", () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
}

/**
 * The app's own children under `npm start`, by name and script: with WEB_CONCURRENCY > 1 the "web" child is a
 * cluster primary that runs that many web processes on the one port and restarts any that dies
 * (scripts/web-cluster.ts); with WORKER_PROCESSES > 1, that many worker processes, "worker-1" …
 */
export function appChildren(webConcurrency: number, workerProcesses: number): { name: string; script: string }[] {
  const workers = workerProcesses === 1 ? ["worker"] : Array.from({ length: workerProcesses }, (_, i) => `worker-${i + 1}`);
  return [
    { name: "web", script: webConcurrency === 1 ? "server.ts" : "scripts/web-cluster.ts" },
    ...workers.map((name) => ({ name, script: "workers/index.ts" })),
  ];
}
