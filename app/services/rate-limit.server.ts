import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "~/config.server";
import { redis } from "./redis.server";
import { ServiceError } from "./errors";

// Limits on the actions worth abusing. Counters live in Redis so several web processes share them;
// if Redis is unreachable, an in-process limiter with the same rule takes over (insurance).
const RULES = {
  login: { points: 10, duration: 15 * 60 }, // per IP + email
  loginIp: { points: 50, duration: 15 * 60 }, // per IP, any email
  register: { points: 10, duration: 60 * 60 }, // per IP
  write: { points: 30, duration: 60 * 60 }, // per user: reports and other writes
  discuss: { points: 120, duration: 60 * 60 }, // per user: comments, agreements, arguments, proposals
  flag: { points: 20, duration: 60 * 60 }, // per user: flags (so one person cannot bury a thread)
  api: { points: 600, duration: 60 }, // per API token (host systems): 10 calls a second on average
  hook: { points: 600, duration: 60 }, // per host system: pushes to /hooks/reports and Open311 intake
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

/** Counts one attempt; throws a 429 ServiceError (with the wait in seconds) when the rule is exceeded. */
export async function consume(rule: RateRule, key: string): Promise<void> {
  try {
    await limiter(rule).consume(key);
  } catch (result) {
    if (result instanceof RateLimiterRes) {
      throw new ServiceError(429, "errors.rate_limited", { retryAfter: String(Math.ceil(result.msBeforeNext / 1000)) });
    }
    throw result;
  }
}

/** Clears a key, e.g. the login counter after a successful log-in. */
export async function reset(rule: RateRule, key: string): Promise<void> {
  try {
    await limiter(rule).delete(key);
  } catch {
    // Nothing to clear when Redis is down; the counter expires by itself.
  }
}
