import { describe, expect, it } from "vitest";
import { parseEnv } from "~/config.server";

// Environment validation at start-up (app/config.server.ts), the same in the web and the worker process.
const production = { NODE_ENV: "production", SESSION_SECRET: "a-real-secret-of-some-length" } as const;

describe("environment validation", () => {
  it("refuses production without SMTP_URL, naming the fix", () => {
    expect(() => parseEnv({ ...production })).toThrow(/Set SMTP_URL to your mail server .* in production/);
  });

  it("accepts production with SMTP_URL", () => {
    expect(parseEnv({ ...production, SMTP_URL: "smtp://user:pw@mail.jakarta.go.id:587" }).SMTP_URL).toBe("smtp://user:pw@mail.jakarta.go.id:587");
  });

  it("accepts production without SMTP_URL only in npm start's local mode, which uses the local capture", () => {
    const e = parseEnv({ ...production, MAIL_CAPTURE: "local" });
    expect(e.MAIL_CAPTURE).toBe("local");
    expect(e.SMTP_URL).toBe("smtp://127.0.0.1:2525");
    expect(() => parseEnv({ ...production, MAIL_CAPTURE: "yes" })).toThrow(/Invalid environment: MAIL_CAPTURE/);
  });

  it("needs no SMTP_URL in development and tests", () => {
    expect(parseEnv({ NODE_ENV: "development" }).SMTP_URL).toBe("smtp://127.0.0.1:2525");
    expect(parseEnv({ NODE_ENV: "test" }).SMTP_URL).toBe("smtp://127.0.0.1:2525");
  });

  it("still refuses production with the development session secret", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SMTP_URL: "smtp://mail.example:25" })).toThrow(/SESSION_SECRET/);
  });

  it("reads the number of web and worker processes, 1 and 1 unless told, and refuses nonsense naming the variable", () => {
    const e = parseEnv({ NODE_ENV: "test" });
    expect([e.WEB_CONCURRENCY, e.WORKER_PROCESSES]).toEqual([1, 1]);
    expect(parseEnv({ NODE_ENV: "test", WEB_CONCURRENCY: "4", WORKER_PROCESSES: "2" })).toMatchObject({ WEB_CONCURRENCY: 4, WORKER_PROCESSES: 2 });
    expect(() => parseEnv({ NODE_ENV: "test", WEB_CONCURRENCY: "0" })).toThrow(/Invalid environment: WEB_CONCURRENCY/);
    expect(() => parseEnv({ NODE_ENV: "test", WORKER_PROCESSES: "dua" })).toThrow(/Invalid environment: WORKER_PROCESSES/);
  });
});
