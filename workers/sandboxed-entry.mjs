// The file BullMQ loads in each worker thread (see workers/sandboxed.ts). Worker threads do not run the parent's
// `--import tsx`, so TypeScript is registered here, for this thread, before the processor is imported.
import { register } from "tsx/esm/api";

// A thread runs one job at a time: on PostgreSQL its own pool needs few connections (each thread has its own client;
// process.env is this thread's copy).
process.env.DATABASE_POOL_SIZE = String(Math.min(Number(process.env.DATABASE_POOL_SIZE ?? 10) || 10, 3));
register();
const { default: processor } = await import("./sandboxed.ts");
export default processor;
