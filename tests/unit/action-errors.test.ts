import { describe, expect, it } from "vitest";
import { ServiceError } from "~/services/errors";
import { actionError } from "~/utils/http.server";

describe("action errors", () => {
  it("answers a ServiceError with its status, message keys and what the user typed", async () => {
    const res = actionError(new ServiceError(422, "errors.form_invalid", { title: "errors.title_too_short" }), { title: "abc" });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ ok: false, code: "errors.form_invalid", fields: { title: "errors.title_too_short" }, values: { title: "abc" } });
  });

  it("tells a rate-limited user when to retry", () => {
    const res = actionError(new ServiceError(429, "errors.rate_limited", { retryAfter: "120" }));
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("120");
  });

  it("turns a locked database into 'busy, try again' instead of an error page", async () => {
    const res = actionError(new Error("database is locked"));
    expect(res.status).toBe(503);
    expect((await res.json()).code).toBe("errors.busy");
  });

  it("rethrows anything else, so real bugs surface as 500s", () => {
    expect(() => actionError(new TypeError("boom"))).toThrow("boom");
  });
});
