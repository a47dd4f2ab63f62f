// `npm run import:open311 -- <base-url> [--since <date>]`: pulls service requests from a remote Open311
// GeoReport v2 server into Musyawarah. Run it again (or let the worker's 15-minute job do it): it asks only for what
// is newer than the last request it stored, and a request already imported is updated, never duplicated.
import { db, prepareDatabase } from "~/db.server";
import { isServiceError } from "~/services/errors";
import { importOpen311 } from "~/services/open311.server";
import { closeQueue } from "~/services/queue.server";

const args = process.argv.slice(2);
const base = args.find((a) => !a.startsWith("--"));
const sinceAt = args.indexOf("--since");
const since = sinceAt >= 0 ? new Date(args[sinceAt + 1] ?? "") : undefined;
if (!base || (since && Number.isNaN(since.getTime()))) {
  console.error("Pemakaian / usage: npm run import:open311 -- <base-url> [--since 2026-11-01]");
  process.exit(2);
}

await prepareDatabase();
let code = 0;
try {
  const outcome = await importOpen311(base, { since });
  for (const s of outcome.skipped) console.warn(`[open311] skipped ${s.id}: ${s.reason}`);
  console.log(`[open311] ${outcome.fetched} fetched: ${outcome.created} new, ${outcome.updated} updated, ${outcome.unchanged} unchanged, ${outcome.skipped.length} skipped; next run from ${outcome.cursor ?? "the beginning"}`);
  console.log(JSON.stringify({ created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, skipped: outcome.skipped.length, cursor: outcome.cursor }));
} catch (error) {
  if (!isServiceError(error)) throw error;
  console.error(`[open311] import failed, nothing moved: ${error.fields.reason ?? error.fields.baseUrl ?? error.code}`);
  code = 1;
} finally {
  await closeQueue();
  await db.$disconnect();
}
process.exit(code);
