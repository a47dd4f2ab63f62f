import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { followThread, parseLastEventId } from "~/services/live.server";

// Server-sent events for a report's threads: each committed comment (new, edited, hidden, deleted) arrives as a
// "comment" event with the same public view the page renders, and the Redis stream id as its SSE id. A browser that
// reconnects (EventSource does so by itself, sending Last-Event-ID) gets what it missed, from whichever web process
// it reaches; a "reset" event says too much was missed and the page should load the thread again. The first
// connection names with `?sejak=` where the page's data was read, as if it were a reconnect.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const report = await db.report.findUnique({ where: { id: params.id ?? "" }, select: { id: true } });
  if (!report) throw new Response("Not found", { status: 404 });
  const lastEventId = parseLastEventId(request.headers.get("Last-Event-ID") ?? new URL(request.url).searchParams.get("sejak"));
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          closed = true;
        }
      };
      // Tells EventSource to wait 2 s before reconnecting (its default is ~3 s); then what was missed is replayed.
      write("retry: 2000\n\n");
      const unfollow = followThread(report.id, lastEventId, (event) => {
        if (event === "reset") return write("event: reset\ndata: \n\n");
        try {
          const parsed = JSON.parse(event.data) as { type: string; comment?: unknown };
          if (parsed.type === "comment" && parsed.comment) write(`id: ${event.id}\nevent: comment\ndata: ${JSON.stringify(parsed.comment)}\n\n`);
        } catch {
          // Never let one bad message end the stream.
        }
      });
      // Keeps idle connections open through proxies that close silent ones.
      const ping = setInterval(() => write("event: ping\ndata: \n\n"), 25_000);
      let ended = false;
      cleanup = () => {
        if (ended) return;
        ended = true;
        closed = true;
        clearInterval(ping);
        unfollow();
        try {
          controller.close();
        } catch {
          // Already closed by the reader.
        }
      };
      request.signal.addEventListener("abort", () => cleanup());
      if (request.signal.aborted) cleanup();
    },
    cancel() {
      cleanup();
    },
  });
  // X-Accel-Buffering: nginx (and proxies that follow it) must pass each event on at once.
  return new Response(stream, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive", "X-Accel-Buffering": "no" } });
}
