// `npm run db:diff [-- <git-rev>]`: the SQL migration from the schema at <git-rev> (default HEAD) to the
// working schema. (Prisma's --from-url and shadow-database diffs are not available with driver adapters.)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const rev = process.argv[2] ?? "HEAD";
const old = path.join(mkdtempSync(path.join(tmpdir(), "schema-")), "schema.prisma");
writeFileSync(old, execFileSync("git", ["show", `${rev}:prisma/schema.prisma`]));
const result = spawnSync(
  "node",
  ["scripts/prisma.mjs", "migrate", "diff", "--from-schema-datamodel", old, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { stdio: ["ignore", "inherit", "inherit"] },
);
process.exit(result.status ?? 1);
