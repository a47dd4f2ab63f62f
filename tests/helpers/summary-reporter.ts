import type { Reporter, TestModule } from "vitest/node";

// Prints one plain closing line that CI can read: "N passed, N failed, N skipped".
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    // `npm test` runs twice (the second time with the clock 400 days ahead): each line says which run it closes.
    const label = process.env.TEST_RUN_LABEL ? `[${process.env.TEST_RUN_LABEL}] ` : "";
    process.stdout.write(`\n${label}${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
