import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as RedisModule from "~/services/redis.server";

// The web process's Redis connection fails fast, but must not take its own busy moments for Redis being down, and a
// burst of callers during a connection attempt shares one wait (a real Redis on 127.0.0.1:6379).
let redisModule: typeof RedisModule;

beforeEach(async () => {
  vi.resetModules(); // the "unresponsive" verdict is module state
  redisModule = await import("~/services/redis.server");
});
afterEach(() => redisModule.closeRedis());

const busyFor = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};
const calm = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timeout = () => new Error("Command timed out");

describe("Redis from the web process", () => {
  it("a timeout while the event loop itself was stalled does not mark Redis unresponsive", async () => {
    const client = redisModule.redis();
    expect(await redisModule.readyWithin(client)).toBe(true);
    await calm(50);
    busyFor(300); // a long render: Redis's answer would sit unread in the socket
    expect(redisModule.eventLoopWasStalled()).toBe(true);
    redisModule.noteRedisFailure(timeout());
    expect(await redisModule.readyWithin(client)).toBe(true);
  });

  it("a timeout while the event loop was calm does (Redis accepted the connection but does not answer)", async () => {
    const client = redisModule.redis();
    expect(await redisModule.readyWithin(client)).toBe(true);
    await calm(1300); // longer than the window in which a stall still excuses a timeout
    expect(redisModule.eventLoopWasStalled()).toBe(false);
    redisModule.noteRedisFailure(timeout());
    expect(await redisModule.readyWithin(client)).toBe(false);
  });

  it("fifty callers during the first connection share one wait and all see it ready", async () => {
    const client = redisModule.failFastConnection();
    try {
      const answers = Promise.all(Array.from({ length: 50 }, () => redisModule.readyWithin(client)));
      expect(client.listenerCount("ready")).toBeLessThanOrEqual(2); // ioredis's own, if any, and ours
      expect(await answers).toEqual(Array(50).fill(true));
      expect(client.listenerCount("ready")).toBeLessThanOrEqual(1);
    } finally {
      client.disconnect();
    }
  });
});
