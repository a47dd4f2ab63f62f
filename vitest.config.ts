import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// Tests of SQLite-only machinery, left out of the PostgreSQL run (TEST_DB=postgresql).
const SQLITE_ONLY = ["tests/integration/sqlite-adapter.test.ts"];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    include: ["tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(process.env.TEST_DB === "postgresql" ? SQLITE_ONLY : [])],
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
