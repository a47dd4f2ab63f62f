import { Redis } from "ioredis";
import { env } from "~/config.server";
import { failFastConnection, noteRedisFailure, readyWithin } from "./redis.server";

// Live thread updates between processes: after a comment is committed its public view is published on
// a Redis channel; every web process relays it to the browsers that have that report open (SSE).
// Best effort by design: if Redis is down nobody gets a live update, but a reload shows everything.

let publisher: Redis | undefined;
let subscriber: Redis | undefined;
const listeners = new Map<string, Set<(message: string) => void>>();

const channelOf = (reportId: string) => `${env().QUEUE_PREFIX}:live:report:${reportId}`;

export async function publishThreadEvent(reportId: string, event: Record<string, unknown>): Promise<void> {
  publisher ??= failFastConnection();
  try {
    // The connection never queues commands (so a Redis outage cannot stall a request): the very first publish
    // waits, briefly, for the connection to come up; while Redis is down nothing waits at all.
    if (!(await readyWithin(publisher))) return;
    await publisher.publish(channelOf(reportId), JSON.stringify(event));
  } catch (error) {
    noteRedisFailure(error);
    // No live update this time; the page still has it on the next load.
  }
}

function ensureSubscriber(): Redis {
  if (!subscriber) {
    subscriber = new Redis(env().REDIS_URL, { maxRetriesPerRequest: null });
    subscriber.on("error", () => {});
    subscriber.on("message", (channel: string, message: string) => {
      for (const listener of listeners.get(channel) ?? []) listener(message);
    });
  }
  return subscriber;
}

/** Calls `listener` with each event of the report's threads; returns the unsubscribe function. */
export function subscribeThread(reportId: string, listener: (message: string) => void): () => void {
  const channel = channelOf(reportId);
  const sub = ensureSubscriber();
  let set = listeners.get(channel);
  if (!set) {
    set = new Set();
    listeners.set(channel, set);
    sub.subscribe(channel).catch(() => {});
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) {
      listeners.delete(channel);
      sub.unsubscribe(channel).catch(() => {});
    }
  };
}

/** Closes this process's live-update connections (scripts that must exit). */
export async function closeLive(): Promise<void> {
  publisher?.disconnect();
  subscriber?.disconnect();
  publisher = undefined;
  subscriber = undefined;
  listeners.clear();
}
