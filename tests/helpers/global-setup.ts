// Once per test run: a migrated template database with the reference data (SQLite file or PostgreSQL database,
// tests/helpers/test-database.ts); each test file copies it.
import { mkdirSync, rmSync } from "node:fs";
import { dropRunDatabases, prepareTemplate, TEST_DIR } from "./test-database";

export default async function setup() {
  rmSync(TEST_DIR, { recursive: true, force: true });
  mkdirSync(TEST_DIR, { recursive: true });
  await prepareTemplate();
  return dropRunDatabases;
}
