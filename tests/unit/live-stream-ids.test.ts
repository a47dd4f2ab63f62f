import { describe, expect, it } from "vitest";
import { compareStreamIds, parseLastEventId } from "~/services/live.server";

// Redis stream ids are the SSE event ids of live updates (app/services/live.server.ts): "<milliseconds>-<sequence>".
describe("live update ids", () => {
  it("orders stream ids by time, then sequence, as numbers (not as text)", () => {
    expect(compareStreamIds("1700000000000-0", "1700000000000-0")).toBe(0);
    expect(compareStreamIds("1700000000000-2", "1700000000000-10")).toBe(-1);
    expect(compareStreamIds("999-5", "1000-0")).toBe(-1);
    expect(compareStreamIds("1700000000001-0", "1700000000000-99")).toBe(1);
  });

  it("believes a Last-Event-ID only when it is a stream id", () => {
    expect(parseLastEventId("1700000000000-3")).toBe("1700000000000-3");
    expect(parseLastEventId(" 1700000000000-3 ")).toBe("1700000000000-3");
    for (const bad of [null, undefined, "", "abc", "1700000000000", "-1-0", "1-0; DROP", "1-0\nid: 2-0"]) expect(parseLastEventId(bad)).toBeNull();
  });
});
