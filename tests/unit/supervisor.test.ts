import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appChildren, DEFAULT_POLICY, planRestart, Supervisor } from "../../scripts/supervisor";
import { waitFor } from "../helpers/fixtures";

describe("the restart policy", () => {
  it("backs off 1, 2, 4 … seconds, capped at 30 s, while a child keeps crashing", () => {
    let crashes = 0;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = planRestart(crashes, 500);
      crashes = next.crashesInARow;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("starts again from 1 s after a minute of healthy running", () => {
    expect(planRestart(6, 59_999)).toEqual({ crashesInARow: 7, delayMs: 30_000 });
    expect(planRestart(6, 60_000)).toEqual({ crashesInARow: 1, delayMs: 1000 });
    expect(planRestart(0, 0)).toEqual({ crashesInARow: 1, delayMs: 1000 });
  });

  it("follows a policy of its own", () => {
    const policy = { ...DEFAULT_POLICY, initialMs: 100, maxMs: 250 };
    expect([0, 1, 2, 3].map((n) => planRestart(n, 10, policy).delayMs)).toEqual([100, 200, 250, 250]);
  });
});

describe("the supervisor", () => {
  const node = (code: string) => ({ command: process.execPath, args: ["-e", code], options: { stdio: "ignore" as const } });

  it("restarts a crashing child with back-off while its sibling keeps running, and stop() ends both", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ policy: { initialMs: 50, maxMs: 200, healthyAfterMs: 60_000 }, stopGraceMs: 2000, log: (l) => lines.push(l) });
    supervisor.add({ name: "steady", ...node("setInterval(() => {}, 1000)") });
    supervisor.add({ name: "crashy", ...node("process.exit(3)") });
    const steadyPid = supervisor.pid("steady");
    await waitFor(async () => lines.filter((l) => l.includes("crashy exited with code 3")).length >= 4, 10_000);
    await supervisor.stop();

    expect(lines.filter((l) => l.startsWith("[start] crashy exited with code 3")).slice(0, 4).map((l) => l.match(/restarting in ([\d.]+) s/)?.[1])).toEqual(["0.05", "0.1", "0.2", "0.2"]);
    expect(lines.some((l) => l.startsWith("[start] steady") && !l.includes("started"))).toBe(false);
    expect(supervisor.pid("steady")).toBeUndefined();
    expect(() => process.kill(steadyPid!, 0)).toThrow();
  });

  it("restarts a child started its own way (a cluster worker's process) like any other", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ policy: { initialMs: 50, maxMs: 200, healthyAfterMs: 60_000 }, stopGraceMs: 2000, log: (l) => lines.push(l) });
    let starts = 0;
    supervisor.add({ name: "web-1", start: () => (starts++, spawn(process.execPath, ["-e", starts === 1 ? "process.exit(1)" : "setInterval(() => {}, 1000)"], { stdio: "ignore" })) });
    await waitFor(async () => starts === 2 && !!supervisor.pid("web-1"), 10_000);
    await supervisor.stop();
    expect(lines.some((l) => l.startsWith("[start] web-1 exited with code 1; restarting in 0.05 s"))).toBe(true);
    expect(starts).toBe(2);
  });

  it("kills a child that ignores SIGTERM after the grace period", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ stopGraceMs: 300, log: (l) => lines.push(l) });
    // The child says when its handler is in place (a fixed pause is not enough on a busy machine); a file, since
    // the supervisor's children write to its own output.
    const ready = path.join(mkdtempSync(path.join(tmpdir(), "stubborn-")), "ready");
    supervisor.add({ name: "stubborn", ...node(`process.on('SIGTERM', () => {}); require('fs').writeFileSync(${JSON.stringify(ready)}, ''); setInterval(() => {}, 1000)`) });
    const pid = supervisor.pid("stubborn")!;
    await waitFor(async () => existsSync(ready), 10_000);
    await supervisor.stop();
    expect(lines.some((l) => l.includes("stubborn did not stop within 0.3 s"))).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe("npm start's children", () => {
  it("are one web server and one worker by default, as before", () => {
    expect(appChildren(1, 1)).toEqual([{ name: "web", script: "server.ts" }, { name: "worker", script: "workers/index.ts" }]);
  });

  it("are a cluster primary for several web processes and one child per worker process", () => {
    expect(appChildren(4, 3)).toEqual([
      { name: "web", script: "scripts/web-cluster.ts" },
      { name: "worker-1", script: "workers/index.ts" },
      { name: "worker-2", script: "workers/index.ts" },
      { name: "worker-3", script: "workers/index.ts" },
    ]);
  });
});
