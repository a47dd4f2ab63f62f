import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// Tests of one engine's machinery run in that engine's run only (TEST_DB=postgresql for PostgreSQL); the drift test
// checks both histories at once, in the SQLite run.
const SQLITE_ONLY = [
  "tests/integration/sqlite-adapter.test.ts", "tests/integration/schema-drift.test.ts", "tests/integration/db-copy.test.ts",
  "tests/integration/query-plans.test.ts",
];
const POSTGRES_ONLY = ["tests/e2e/postgres-restart.test.ts"];
// Browser and process suites whose subject does not depend on the engine — the page's accessibility and layout, the
// map, HTTP headers, the rendered XSS corpus, the supervisor, worker threads and live updates over Redis — run on
// SQLite only; every journey that writes through the database (citizens, co-decision, DPRD desk, host API, the
// access matrix, the concurrency races) runs on both. This keeps the whole `npm test` within its time budget.
const ENGINE_INDEPENDENT = [
  "tests/e2e/accessibility.test.ts", "tests/e2e/phone-layout.test.ts", "tests/e2e/report-map.test.ts", "tests/e2e/integration-docs.test.ts",
  "tests/e2e/security-http.test.ts", "tests/e2e/xss-everywhere.test.ts", "tests/e2e/supervisor.test.ts", "tests/e2e/worker-processes.test.ts",
  "tests/e2e/live-across-processes.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    include: ["tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(process.env.TEST_DB === "postgresql" ? [...SQLITE_ONLY, ...ENGINE_INDEPENDENT] : POSTGRES_ONLY)],
    globalSetup: ["tests/helpers/global-setup.ts"],
    setupFiles: ["tests/helpers/per-file.ts"],
    pool: "forks",
    // One test file at a time by default: the browser files are CPU-bound (Chromium, a web server and a worker each)
    // on this two-core machine, so two at a time saved little (34 vs ~35 min for `npm test`) and pushed the
    // timing-bound tests (a worker's longest pause between deliveries under a big tally) over their limits.
    // TEST_WORKERS=2 runs two at a time: every file has its own database, queue prefix, ports and upload folder.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 1),
    // The longest browser journeys take ~45 s alone; on a busy machine they need more.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Flaky is broken: no automatic retries.
    retry: 0,
    reporters: process.env.CI ? ["default", "./tests/helpers/summary-reporter.ts"] : ["default", "./tests/helpers/summary-reporter.ts"],
  },
});
