import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventStream } from "remix-utils/sse/server";
import { db } from "~/db.server";
import { subscribeThread } from "~/services/live.server";

// Server-sent events for a report's threads: each committed comment (new, edited, hidden, deleted)
// arrives as a "comment" event with the same public view the page renders.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const report = await db.report.findUnique({ where: { id: params.id ?? "" }, select: { id: true } });
  if (!report) throw new Response("Not found", { status: 404 });
  return eventStream(request.signal, (send) => {
    const unsubscribe = subscribeThread(report.id, (message) => {
      try {
        const event = JSON.parse(message) as { type: string; comment?: unknown };
        if (event.type === "comment" && event.comment) send({ event: "comment", data: JSON.stringify(event.comment) });
      } catch {
        // Never let one bad message end the stream.
      }
    });
    // Keeps idle connections open through proxies that close silent ones.
    const ping = setInterval(() => send({ event: "ping", data: "" }), 25_000);
    return () => {
      clearInterval(ping);
      unsubscribe();
    };
  });
}
