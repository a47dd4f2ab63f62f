// `npm run tally -- --deliberation <id> [--json]`: the tally of a deliberation's ballots, computed now.
import { db, prepareDatabase } from "~/db.server";
import { tallyReport } from "~/services/cases/ballots.server";
import { isServiceError } from "~/services/errors";

const args = process.argv.slice(2);
const at = args.indexOf("--deliberation");
const id = at >= 0 ? args[at + 1] : undefined;
if (!id) {
  console.error("usage: npm run tally -- --deliberation <id> [--json]");
  process.exit(2);
}
await prepareDatabase();
try {
  const report = await tallyReport(id);
  if (args.includes("--json")) console.log(JSON.stringify(report));
  else {
    console.log(`${report.voters} voters in ${report.groups.length} group(s): ${report.groups.map((g) => g.size).join(", ")}; verdict: ${report.reason}`);
    for (const p of report.proposals.slice(0, 20)) {
      console.log(`${(p.consensus ?? 0).toFixed(4)}  +${p.agree} -${p.disagree} ~${p.pass}  ${p.externalId ? `[${p.externalId}] ` : ""}${p.text.slice(0, 70)}`);
    }
  }
} catch (error) {
  console.error(`[tally] ${isServiceError(error) ? error.code : (error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
