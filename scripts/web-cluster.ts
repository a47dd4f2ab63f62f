// The web side of `npm start` when WEB_CONCURRENCY > 1: this process is the cluster primary and serves nothing
// itself. It forks WEB_CONCURRENCY web processes (server.ts) that share one port — Node's cluster module: the
// primary accepts each connection and hands it, round-robin, to a live web process — and restarts one that dies,
// with the supervisor's back-off, while the others keep serving. If the primary itself dies, its web processes exit
// with it (a cluster worker leaves when its primary's channel closes) and npm start's supervisor starts it again.
import cluster from "node:cluster";
import path from "node:path";
import { env } from "~/config.server";
import { Supervisor } from "./supervisor";

const config = env();
cluster.setupPrimary({ exec: path.resolve("server.ts"), execArgv: ["--import", "tsx"] });
const supervisor = new Supervisor();
for (let i = 1; i <= config.WEB_CONCURRENCY; i++) {
  supervisor.add({ name: `web-${i}`, start: () => cluster.fork({ WEB_PROCESS: String(i) }).process });
}
console.log(`[web] cluster of ${config.WEB_CONCURRENCY} web processes on port ${config.PORT} (primary pid ${process.pid})`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await supervisor.stop();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
