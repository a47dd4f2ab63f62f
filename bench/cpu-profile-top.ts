// `npx tsx bench/cpu-profile-top.ts <file.cpuprofile> [n] [--from s --to s]`: where a CPU profile's busy time went,
// by self time: per package (or the app's own build, Node's internals, the garbage collector) and the top n
// functions. Shares are of the busy samples (idle left out). --from/--to keep only the samples taken that many
// seconds after the profile started (bench:load writes each load's window to windows.json beside the profile).
import { readFileSync } from "node:fs";

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : undefined;
};
const from = option("--from") ?? 0;
const to = option("--to") ?? Infinity;
const [file, topArg] = args;
if (!file) {
  console.error("usage: npx tsx bench/cpu-profile-top.ts <file.cpuprofile> [n]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// Self time per node from the samples and their time deltas (hitCount alone ignores the sampling interval's jitter).
const self = new Map<number, number>();
let at = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at / 1e6 >= from && at / 1e6 <= to) self.set(id, (self.get(id) ?? 0) + delta);
});

function packageOf(url: string, name: string): string {
  if (name === "(idle)") return "(idle)";
  if (name === "(garbage collector)") return "(garbage collector)";
  if (name === "(program)") return "(program: native, outside JS)";
  if (!url) return "(native / builtin)";
  if (url.startsWith("node:")) return "node internals";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) {
    const pkg = m[1]!;
    if (pkg === "@prisma/client" && /query_compiler|\.wasm/.test(url)) return "@prisma/client (query compiler, wasm)";
    if (pkg === "@prisma/client") return "@prisma/client (runtime)";
    return pkg;
  }
  if (url.includes("/build/index.js")) return "app (build/index.js)";
  if (url.includes("/app/generated/prisma")) return "@prisma/client (generated client)";
  if (url.startsWith("wasm://")) return "@prisma/client (query compiler, wasm)";
  return url.replace(/^file:\/\//, "").replace(process.cwd(), ".");
}

let idle = 0;
let busy = 0;
const packages = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of self) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === "(idle)") {
    idle += us;
    continue;
  }
  busy += us;
  const pkg = packageOf(url, functionName);
  packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  const key = `${functionName || "(anonymous)"} — ${pkg}${url && !url.startsWith("wasm") ? `:${lineNumber + 1}` : ""}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`.padStart(7);
console.log(`${file}: ${(busy / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle (${((100 * idle) / (busy + idle)).toFixed(0)} % of samples)\n`);
console.log("self time by package (share of busy time):");
for (const [name, us] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(us)}  ${name}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${name}`);
