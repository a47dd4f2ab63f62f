// The file BullMQ loads in each worker thread (see workers/sandboxed.ts). Worker threads do not run the parent's
// `--import tsx`, so TypeScript is registered here, for this thread, before the processor is imported.
import { register } from "tsx/esm/api";

register();
const { default: processor } = await import("./sandboxed.ts");
export default processor;
