// The one source of the models is prisma/schema.prisma (SQLite, the embedded default). The PostgreSQL schema is
// derived from it — the same models, another provider and another generated client — so the two can never drift
// (decision 009). It is written to prisma/postgresql/schema.prisma (not in git) before every Prisma command.
import { readFileSync, writeFileSync } from "node:fs";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgresql/schema.prisma";
export const POSTGRES_CONFIG = "prisma/postgresql/prisma.config.ts";
export const POSTGRES_MIGRATIONS = "prisma/postgresql/migrations";
export const SQLITE_MIGRATIONS = "prisma/migrations";
/** Where the CLI's PostgreSQL adapter connects when no PostgreSQL DATABASE_URL is given (diff needs no data). */
export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export const isPostgresUrl = (url) => /^postgres(ql)?:\/\//i.test(url ?? "");

/** The PostgreSQL schema text derived from the SQLite one. Throws if the source no longer has the expected lines. */
export function derivePostgresSchema(source) {
  const swaps = [
    ['provider = "sqlite"', 'provider = "postgresql"'],
    ['output     = "../app/generated/prisma"', 'output     = "../../app/generated/prisma-postgresql"'],
  ];
  let text = source;
  for (const [from, to] of swaps) {
    if (!text.includes(from)) throw new Error(`${SQLITE_SCHEMA} no longer contains ${from}: update scripts/prisma-schemas.mjs`);
    text = text.replace(from, to);
  }
  return `// GENERATED from ${SQLITE_SCHEMA} by scripts/prisma-schemas.mjs — edit that file, not this one.\n${text}`;
}

export function writePostgresSchema(source = readFileSync(SQLITE_SCHEMA, "utf8"), target = POSTGRES_SCHEMA) {
  writeFileSync(target, derivePostgresSchema(source));
}
