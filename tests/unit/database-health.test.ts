import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "~/services/database-health.server";

// Which errors put the 503 gate down: only the database being unreachable, as Prisma reports it — never a busy
// pool, a bad query, or a network error from another system (an agency's webhook, Redis).
const prisma = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? "")), { name: "PrismaClientKnownRequestError", clientVersion: "6.19.3", ...fields });

describe("isDatabaseUnavailable", () => {
  it("recognises an unreachable or restarting database reported through Prisma", () => {
    expect(isDatabaseUnavailable(prisma({ code: "P1001", message: "Can't reach database server at 127.0.0.1:5432" }))).toBe(true);
    expect(isDatabaseUnavailable(prisma({ message: "connect ECONNREFUSED 127.0.0.1:5432" }))).toBe(true);
    expect(isDatabaseUnavailable(prisma({ message: "terminating connection due to administrator command" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } }))).toBe(true);
  });

  it("ignores a busy pool, a constraint, and network errors of other systems", () => {
    expect(isDatabaseUnavailable(prisma({ message: "timeout exceeded when trying to connect" }))).toBe(false);
    expect(isDatabaseUnavailable(prisma({ code: "P2002", message: "Unique constraint failed" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:443"), { code: "ECONNREFUSED" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("getaddrinfo ENOTFOUND agency.example"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(isDatabaseUnavailable(prisma({ message: "P2025", cause: circular }))).toBe(false);
  });
});
