import { Redis } from "ioredis";
import { env } from "~/config.server";
import { failFastConnection, noteRedisFailure, readyWithin } from "./redis.server";

// Live thread updates between processes. After a comment is committed, its public view is appended to the report's
// capped Redis stream and published on the report's channel, in one script (so the order of the ids on the channel
// is the order in the stream). Every web process relays what it receives to the browsers that have that report open
// (SSE), with the stream id as the event id. A browser that reconnects sends the last id it saw (Last-Event-ID) and
// gets what it missed from the stream, or, when the stream no longer reaches back that far, a "reset" event telling
// it to reload the thread. Best effort by design: if Redis is down nobody gets a live update, but a reload shows
// everything.
//
// Connections per process: one subscriber (every followed report's channel and every announcement on it), and one
// fail-fast connection for publishing and reading the streams. Announcements (announce / onAnnouncement) tell every
// process that data it keeps in memory changed.

/** Entries kept per report (XADD MAXLEN ~): a reconnect further behind than this reloads instead. */
export const LIVE_STREAM_MAX = 500;
/** A report's stream expires this long after its last event (a quiet report costs no memory). */
const LIVE_STREAM_TTL_S = 2 * 86_400;

let publisher: Redis | undefined;
let subscriber: Redis | undefined;
/** Per channel: its listeners, and the SUBSCRIBE that made it live (awaited before a replay reads the stream). */
const channels = new Map<string, { listeners: Set<(event: LiveEvent) => void>; subscribed: Promise<unknown> }>();
/** Called after the subscriber connection came back (messages published meanwhile never reached this process). */
const resyncs = new Set<() => void>();

const channelOf = (reportId: string) => `${env().QUEUE_PREFIX}:live:report:${reportId}`;
const streamOf = (reportId: string) => `${env().QUEUE_PREFIX}:live:stream:${reportId}`;

/** One event of a report's threads: its stream id and its JSON. */
export interface LiveEvent {
  id: string;
  data: string;
}

// XADD, EXPIRE and PUBLISH at once: ids reach the channel in the stream's order, whatever the number of publishers.
const PUBLISH_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'd', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[1])
return id`;

function reader(): Redis {
  publisher ??= failFastConnection();
  return publisher;
}

export async function publishThreadEvent(reportId: string, event: Record<string, unknown>): Promise<void> {
  const client = reader();
  try {
    // The connection never queues commands (so a Redis outage cannot stall a request): the very first publish
    // waits, briefly, for the connection to come up; while Redis is down nothing waits at all.
    if (!(await readyWithin(client))) return;
    await client.eval(PUBLISH_SCRIPT, 1, streamOf(reportId), JSON.stringify(event), LIVE_STREAM_MAX, LIVE_STREAM_TTL_S, channelOf(reportId));
  } catch (error) {
    noteRedisFailure(error);
    // No live update this time; the page still has it on the next load.
  }
}

function ensureSubscriber(): Redis {
  if (!subscriber) {
    // Named, so CLIENT LIST shows the one subscriber connection of each process.
    const sub = new Redis(env().REDIS_URL, { maxRetriesPerRequest: null, connectionName: `${env().QUEUE_PREFIX}-live-${process.pid}` });
    let connectedBefore = false;
    sub.on("error", () => {});
    sub.on("message", (channel: string, message: string) => {
      const space = message.indexOf(" ");
      if (space < 0) return;
      const event = { id: message.slice(0, space), data: message.slice(space + 1) };
      for (const listener of channels.get(channel)?.listeners ?? []) listener(event);
    });
    // ioredis subscribes again by itself after a reconnect; what was published in between is read from the streams.
    sub.on("ready", () => {
      if (connectedBefore) for (const resync of resyncs) resync();
      connectedBefore = true;
    });
    subscriber = sub;
  }
  return subscriber;
}

function listen(reportId: string, listener: (event: LiveEvent) => void): { subscribed: Promise<unknown>; stop: () => void } {
  const channel = channelOf(reportId);
  const sub = ensureSubscriber();
  let entry = channels.get(channel);
  if (!entry) {
    entry = { listeners: new Set(), subscribed: sub.subscribe(channel).catch(() => {}) };
    channels.set(channel, entry);
  }
  const current = entry;
  current.listeners.add(listener);
  return {
    subscribed: current.subscribed,
    stop: () => {
      current.listeners.delete(listener);
      if (current.listeners.size === 0 && channels.get(channel) === current) {
        channels.delete(channel);
        sub.unsubscribe(channel).catch(() => {});
      }
    },
  };
}

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

/** Orders two stream ids ("<ms>-<seq>"). */
export function compareStreamIds(a: string, b: string): number {
  const [, am = "0", as = "0"] = STREAM_ID.exec(a) ?? [];
  const [, bm = "0", bs = "0"] = STREAM_ID.exec(b) ?? [];
  const byMs = BigInt(am) - BigInt(bm);
  if (byMs !== 0n) return byMs < 0n ? -1 : 1;
  const bySeq = BigInt(as) - BigInt(bs);
  return bySeq === 0n ? 0 : bySeq < 0n ? -1 : 1;
}

/** A Last-Event-ID header worth believing: a stream id, or nothing. */
export function parseLastEventId(header: string | null | undefined): string | null {
  return header && STREAM_ID.test(header.trim()) ? header.trim() : null;
}

type StreamEntry = [id: string, fields: string[]];
const toEvent = ([id, fields]: StreamEntry): LiveEvent => ({ id, data: fields[1] ?? "" });

/**
 * What a reader that last saw `lastId` missed: the entries after it, or "reset" when the stream no longer holds
 * the entry it saw (trimmed or expired), so entries may be missing in between. "0-0" stands for "the stream was
 * empty": everything in it now was missed. Null when Redis does not answer.
 */
export async function missedSince(reportId: string, lastId: string): Promise<LiveEvent[] | "reset" | null> {
  const client = reader();
  try {
    if (!(await readyWithin(client))) return null;
    const key = streamOf(reportId);
    const [first] = (await client.xrange(key, "-", "+", "COUNT", 1)) as StreamEntry[];
    if (lastId !== "0-0" && (!first || compareStreamIds(first[0], lastId) > 0)) return "reset";
    return ((await client.xrange(key, `(${lastId}`, "+", "COUNT", LIVE_STREAM_MAX * 2)) as StreamEntry[]).map(toEvent);
  } catch (error) {
    noteRedisFailure(error);
    return null;
  }
}

/**
 * Where a page's thread stands in the live stream: read before the page reads its comments, and handed to the
 * browser's first connection (`?sejak=`), so an event published while the page was on its way is replayed, not lost.
 */
export function livePosition(reportId: string): Promise<string | null> {
  return newestId(reportId);
}

/** The id of the report's newest event ("0-0" when it has none yet); null when Redis does not answer. */
async function newestId(reportId: string): Promise<string | null> {
  const client = reader();
  try {
    if (!(await readyWithin(client))) return null;
    const [last] = (await client.xrevrange(streamOf(reportId), "+", "-", "COUNT", 1)) as StreamEntry[];
    return last?.[0] ?? "0-0";
  } catch (error) {
    noteRedisFailure(error);
    return null;
  }
}

/**
 * Follows a report's thread events for one browser: calls `deliver` with each event after `lastEventId` (the
 * browser's Last-Event-ID, null on a first connection), in stream order and never twice, including those it missed
 * while away, or once with "reset" when too much was missed (then follows on from the newest event). After a lost
 * subscriber connection comes back, what was published meanwhile is read from the stream the same way.
 * Returns the function that stops following.
 */
export function followThread(reportId: string, lastEventId: string | null, deliver: (event: LiveEvent | "reset") => void): () => void {
  let lastSent = lastEventId;
  let stopped = false;
  // While catching up from the stream, live messages wait here (they may overlap what the stream returns).
  let catchingUp = 1;
  const held: LiveEvent[] = [];
  const pass = (event: LiveEvent) => {
    if (stopped || (lastSent && compareStreamIds(event.id, lastSent) <= 0)) return;
    lastSent = event.id;
    deliver(event);
  };
  const flush = () => {
    catchingUp -= 1;
    if (catchingUp === 0) for (const event of held.splice(0)) pass(event);
  };
  let subscribed: Promise<unknown> = Promise.resolve();
  let stopListening = () => {};

  /** The events after lastSent from the stream, or "reset" when it no longer reaches back that far. */
  const replay = async () => {
    if (!lastSent) return;
    const missed = await missedSince(reportId, lastSent);
    if (missed === "reset") {
      if (!stopped) deliver("reset");
      lastSent = await newestId(reportId);
    } else for (const event of missed ?? []) pass(event);
  };
  const start = async () => {
    try {
      // A first connection follows from the newest event there is, read before subscribing: what is published
      // until the subscription is live comes from the stream, like a reconnect's missed events.
      if (!lastSent) lastSent = await newestId(reportId);
      if (stopped) return;
      const listening = listen(reportId, (event) => (catchingUp > 0 ? held.push(event) : pass(event)));
      stopListening = listening.stop;
      subscribed = listening.subscribed;
      await subscribed;
      await replay();
    } finally {
      flush();
    }
  };
  // After this process's subscriber connection came back: what was published meanwhile, from the stream.
  const resync = () => {
    catchingUp += 1;
    void subscribed.then(replay).finally(flush);
  };
  resyncs.add(resync);
  void start();
  return () => {
    stopped = true;
    resyncs.delete(resync);
    stopListening();
  };
}

const announcementChannel = (topic: string) => `${env().QUEUE_PREFIX}:announce:${topic}`;

/**
 * Tells every process (web and worker) that something they may keep in memory changed, e.g. the reference data
 * after an admin's edit. Best effort: a process that misses it (Redis down) drops its copy after its own TTL.
 */
export async function announce(topic: string): Promise<void> {
  const client = reader();
  try {
    if (!(await readyWithin(client))) return;
    await client.publish(announcementChannel(topic), "0-0 {}");
  } catch (error) {
    noteRedisFailure(error);
  }
}

/**
 * Calls `listener` whenever any process announces `topic`, and after this process's subscriber connection came back
 * from an outage (an announcement may have been missed meanwhile). For the life of the process.
 */
export function onAnnouncement(topic: string, listener: () => void): void {
  const channel = announcementChannel(topic);
  const sub = ensureSubscriber();
  let entry = channels.get(channel);
  if (!entry) {
    entry = { listeners: new Set(), subscribed: sub.subscribe(channel).catch(() => {}) };
    channels.set(channel, entry);
  }
  entry.listeners.add(() => listener());
  resyncs.add(listener);
}

/** Closes this process's live-update connections (scripts that must exit). */
export async function closeLive(): Promise<void> {
  publisher?.disconnect();
  subscriber?.disconnect();
  publisher = undefined;
  subscriber = undefined;
  channels.clear();
  resyncs.clear();
}
