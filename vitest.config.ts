import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// Tests of one engine's machinery run in that engine's run only (TEST_DB=postgresql for PostgreSQL); the drift test
// checks both histories at once, in the SQLite run.
const SQLITE_ONLY = ["tests/integration/sqlite-adapter.test.ts", "tests/integration/schema-drift.test.ts", "tests/integration/db-copy.test.ts"];
const POSTGRES_ONLY = ["tests/e2e/postgres-restart.test.ts"];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    include: ["tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(process.env.TEST_DB === "postgresql" ? SQLITE_ONLY : POSTGRES_ONLY)],
    globalSetup: ["tests/helpers/global-setup.ts"],
    setupFiles: ["tests/helpers/per-file.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Flaky is broken: no automatic retries.
    retry: 0,
    reporters: process.env.CI ? ["default", "./tests/helpers/summary-reporter.ts"] : ["default", "./tests/helpers/summary-reporter.ts"],
  },
});
