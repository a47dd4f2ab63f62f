// The concurrency tests of tests/e2e/concurrency.test.ts again, against two web processes sharing one port
// (WEB_CONCURRENCY=2: scripts/web-cluster.ts), five rounds each: check-then-write must hold across processes, not
// only inside one, for several web processes on SQLite to be allowed (docs/deployment.md, "Processes").
// The full 20 rounds: WEB_CONCURRENCY=2 npx vitest run tests/e2e/concurrency.test.ts
process.env.WEB_CONCURRENCY = "2";
process.env.CONCURRENCY_ROUNDS ??= "5";
await import("./concurrency.test");
export {};
