import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    include: ["tests/**/*.test.ts"],
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
