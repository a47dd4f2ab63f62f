// `npm run import:polis -- <folder> [--report <id>]`: imports a Pol.is export into a deliberation and prints
// {"deliberation": "<id>"} as its last line.
import { db, prepareDatabase } from "~/db.server";
import { isServiceError } from "~/services/errors";
import { closeLive } from "~/services/live.server";
import { importPolis } from "~/services/polis-import.server";
import { closeQueue } from "~/services/queue.server";

const args = process.argv.slice(2);
const folder = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--report");
const reportAt = args.indexOf("--report");
const reportId = reportAt >= 0 ? args[reportAt + 1] : undefined;
if (!folder) {
  console.error("usage: npm run import:polis -- <folder with comments.csv and votes.csv> [--report <report id>]");
  process.exit(2);
}
await prepareDatabase();
try {
  const r = await importPolis(folder, { reportId });
  console.error(`[polis] ${r.statements} statements (${r.hidden} moderated out), ${r.voters} voters, ${r.votes} votes; agree = ${r.agreeSign}; report ${r.reportId}`);
  console.log(JSON.stringify({ deliberation: r.deliberation }));
} catch (error) {
  console.error(`[polis] import failed: ${isServiceError(error) ? `${error.code} ${JSON.stringify(error.fields)}` : (error as Error).message}`);
  process.exitCode = 1;
} finally {
  await Promise.all([db.$disconnect(), closeQueue(), closeLive()]);
}
