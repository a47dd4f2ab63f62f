import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./redis-server";
import { migrateWithReferenceData } from "./test-database";

// A private PostgreSQL cluster for tests that stop and restart the database (never the machine's own server).
// PostgreSQL refuses to run as root: as root, the cluster belongs to the "postgres" user.
const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const asRoot = process.getuid?.() === 0;
// Like redis-server, the database runs on the real clock even when the suite runs under faketime.
const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...realClock } = process.env;

function run(command: string, args: string[]): string {
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { env: realClock, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export interface PrivatePostgres {
  port: number;
  /** A database URL on this cluster. */
  url(database: string): string;
  start(): void;
  /** Stops the cluster the hard way (`immediate`: no checkpoint, clients cut off), as a crash or a restart would. */
  stop(): void;
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "msy-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  run(`${BIN}/initdb`, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C"]);
  const port = await freePort();
  const cluster: PrivatePostgres = {
    port,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    // fsync=off only: the tests stop PostgreSQL, never the machine, so the operating system keeps what was written.
    // synchronous_commit stays on: with it off, an immediate stop loses commits already confirmed to the app.
    start: () => {
      run(`${BIN}/pg_ctl`, ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
    },
    stop: () => {
      run(`${BIN}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]);
    },
    destroy: () => {
      try {
        run(`${BIN}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}

/** Creates, migrates and fills with reference data a database on the cluster; returns its URL. */
export async function preparedDatabase(cluster: PrivatePostgres, name: string): Promise<string> {
  const url = cluster.url(name);
  migrateWithReferenceData(url);
  return url;
}
