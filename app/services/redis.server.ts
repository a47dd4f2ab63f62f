import { Redis, type RedisOptions } from "ioredis";
import { env } from "~/config.server";

// Redis in the web process is never worth waiting for: the database is the record, Redis holds rate-limit
// counters, doorbells and live updates. Connections made for requests therefore fail fast: no command queue
// while Redis is down (an immediate error instead of a wait), and a command timeout for a Redis that accepts the
// connection but does not answer (paused, overloaded). Callers fall back: rate limits to an in-process limiter
// (rate-limit.server.ts), doorbells to the sweeper (queue.server.ts), live updates to the next page load.

/** How long one Redis command from a request may take before the caller gives up on it. */
export const REQUEST_COMMAND_TIMEOUT_MS = 500;
/** How long the first command of a process waits for its connection to come up. */
export const FIRST_CONNECT_WAIT_MS = 1000;

export const FAIL_FAST_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: REQUEST_COMMAND_TIMEOUT_MS,
};

/**
 * A connection for request paths (see above). Errors are reported per command; none are printed per reconnect.
 * When a command times out while the connection looks ready, Redis accepted the connection but does not answer:
 * the connection starts over, and until Redis answers its ready check every command fails at once, instead of each
 * waiting for its own timeout (a paused Redis would otherwise cost every rate-limit check half a second).
 */
export function failFastConnection(): Redis {
  const client = new Redis(env().REDIS_URL, FAIL_FAST_OPTIONS);
  client.on("error", () => {});
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command, stream) => {
    const reply = send(command, stream);
    command.promise.catch((error: unknown) => {
      if (!isTimeout(error) || client.status !== "ready" || eventLoopWasStalled()) return;
      noteRedisFailure(error);
      client.disconnect(true);
    });
    return reply;
  }) as Redis["sendCommand"];
  return client;
}

const isTimeout = (error: unknown) => error instanceof Error && /timed out/i.test(error.message);

// A command's timeout is a timer in this process: when the process itself is too busy to read the socket (a burst of
// requests, a long render), Redis's answer waits in the buffer and the timer fires first. That says nothing about
// Redis, and taking it as "Redis is down" would turn a busy moment into lost doorbells and per-process rate limits
// for seconds. So a timeout counts against Redis only if this process's event loop was not itself stalled (more than
// STALL_MS behind) now or within two command timeouts.
const STALL_MS = 100;
let lastTick = Date.now();
let lastStallAt = 0;
setInterval(() => {
  const now = Date.now();
  if (now - lastTick > STALL_MS) lastStallAt = now;
  lastTick = now;
}, 20).unref();
/** Is this process's event loop behind by more than STALL_MS now, or was it within about the last command timeout? */
export function eventLoopWasStalled(now = Date.now()): boolean {
  return now - lastTick > STALL_MS || now - lastStallAt < 2 * REQUEST_COMMAND_TIMEOUT_MS;
}

/** After a command timed out, Redis is taken as unresponsive for this long: doorbells and live updates skip it. */
const UNRESPONSIVE_PAUSE_MS = 5000;
let unresponsiveUntil = 0;

/**
 * Call with the error of a failed command: a timeout means Redis accepted the connection but does not answer
 * (paused, partitioned, overloaded), and the next callers should not each wait for their own timeout.
 */
export function noteRedisFailure(error: unknown, now = Date.now()): void {
  if (isTimeout(error) && !eventLoopWasStalled()) unresponsiveUntil = now + UNRESPONSIVE_PAUSE_MS;
}

/**
 * Is the connection usable now? Ready (and no command timed out in the last seconds): yes. Still making its first
 * connection (or one reconnect attempt in flight): waits for it, at most `waitMs`, and gives up at the first
 * error. Between reconnect attempts (Redis is known to be down): no at once, without waiting for the next attempt.
 */
export function readyWithin(client: Redis, waitMs = FIRST_CONNECT_WAIT_MS): Promise<boolean> {
  if (Date.now() < unresponsiveUntil) return Promise.resolve(false);
  if (client.status === "ready") return Promise.resolve(true);
  if (client.status !== "wait" && client.status !== "connecting" && client.status !== "connect") return Promise.resolve(false);
  // Every caller during one connection attempt shares one wait (a burst of requests would otherwise hang dozens of
  // listeners on the connection).
  let wait = pendingReady.get(client);
  if (!wait) {
    wait = new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        client.off("ready", onReady);
        client.off("error", onError);
        client.off("end", onError);
        pendingReady.delete(client);
        resolve(ok);
      };
      const onReady = () => done(true);
      const onError = () => done(false);
      // No answer at all within the wait (a host that drops packets): the next callers should not wait again.
      const timer = setTimeout(() => {
        unresponsiveUntil = Date.now() + UNRESPONSIVE_PAUSE_MS;
        done(false);
      }, waitMs);
      client.once("ready", onReady);
      client.once("error", onError);
      client.once("end", onError);
      if (client.status === "wait") client.connect().catch(() => {});
    });
    pendingReady.set(client, wait);
  }
  return wait;
}
const pendingReady = new WeakMap<Redis, Promise<boolean>>();

// One shared connection per web process for rate limits.
let client: Redis | undefined;

export function redis(): Redis {
  client ??= failFastConnection();
  return client;
}

export async function closeRedis(): Promise<void> {
  client?.disconnect();
  client = undefined;
}
