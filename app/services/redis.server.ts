import { Redis } from "ioredis";
import { env } from "~/config.server";

// One shared Redis connection per web process for rate limits. It does not queue commands while
// Redis is down, so callers get an immediate error and can fall back (see rate-limit.server.ts).
let client: Redis | undefined;

export function redis(): Redis {
  if (!client) {
    client = new Redis(env().REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    client.on("error", () => {});
  }
  return client;
}

export async function closeRedis(): Promise<void> {
  client?.disconnect();
  client = undefined;
}
