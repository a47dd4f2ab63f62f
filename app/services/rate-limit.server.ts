import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "~/config.server";
import { redis } from "./redis.server";
import { ServiceError } from "./errors";

// Limits on the actions worth abusing. Counters live in Redis so several web processes share them;
// if Redis is unreachable, an in-process limiter with the same rule takes over (insurance).
// Log-in follows OWASP's guidance: only failures count (a success never does), per account and per address, so a
// busy address (a carrier-grade NAT puts many Jakarta phones behind one) is never locked out by its own users.
const RULES = {
  loginFailAccount: { points: 10, duration: 15 * 60 }, // failed log-ins per account (email), from any address
  loginFailIp: { points: 50, duration: 15 * 60 }, // failed log-ins per address, any account
  register: { points: 10, duration: 60 * 60 }, // per IP
  write: { points: 30, duration: 60 * 60 }, // per user: reports and other writes
  discuss: { points: 120, duration: 60 * 60 }, // per user: comments, agreements, arguments, proposals
  flag: { points: 20, duration: 60 * 60 }, // per user: flags (so one person cannot bury a thread)
  api: { points: 600, duration: 60 }, // per API token (host systems): 10 calls a second on average
  hook: { points: 600, duration: 60 }, // per host system, spent only once its signature is verified
  hookFailIp: { points: 30, duration: 60 }, // per address: pushes to /hooks/reports that failed authentication
  apiIp: { points: 300, duration: 60 }, // per address: tRPC procedures called without a host token (each call of a batch counts)
} as const;

export type RateRule = keyof typeof RULES;

const limiters = new Map<RateRule, RateLimiterRedis>();

function limiter(rule: RateRule): RateLimiterRedis {
  let l = limiters.get(rule);
  if (!l) {
    const { points, duration } = RULES[rule];
    l = new RateLimiterRedis({
      storeClient: redis(),
      useRedisPackage: false,
      keyPrefix: `${env().QUEUE_PREFIX}-rl-${rule}`,
      points,
      duration,
      insuranceLimiter: new RateLimiterMemory({ points, duration }),
    });
    limiters.set(rule, l);
  }
  return l;
}

function limited(msBeforeNext: number): ServiceError {
  return new ServiceError(429, "errors.rate_limited", { retryAfter: String(Math.max(1, Math.ceil(msBeforeNext / 1000))) });
}

/** Counts one attempt (or `points` of them); throws a 429 ServiceError (with the wait in seconds) when the rule is exceeded. */
export async function consume(rule: RateRule, key: string, points = 1): Promise<void> {
  try {
    await limiter(rule).consume(key, points);
  } catch (result) {
    if (result instanceof RateLimiterRes) throw limited(result.msBeforeNext);
    throw result;
  }
}

/**
 * For limits that count failures: throws the 429 when `key` has already used up the rule, without counting
 * anything. Call it before checking the caller's credentials; call `recordFailure` only when they were wrong.
 */
export async function assertNotBlocked(rule: RateRule, key: string): Promise<void> {
  const state = await limiter(rule).get(key);
  if (state && state.consumedPoints >= RULES[rule].points) throw limited(state.msBeforeNext);
}

/** Counts one failure against `key` (never throws for the limit itself: the next `assertNotBlocked` refuses). */
export async function recordFailure(rule: RateRule, key: string): Promise<void> {
  try {
    await limiter(rule).consume(key);
  } catch (result) {
    if (!(result instanceof RateLimiterRes)) throw result;
  }
}

/** Clears a key, e.g. an account's failed log-ins after a successful one. */
export async function reset(rule: RateRule, key: string): Promise<void> {
  try {
    await limiter(rule).delete(key);
  } catch {
    // Nothing to clear when Redis is down; the counter expires by itself.
  }
}
