import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

// A tiny host system, as a city's reporting app would plug in: it pushes its reports to Musyawarah with signed
// webhooks, and keeps what Musyawarah tells it back (verified with the official package) to show under its report.
export interface HostEvent {
  id: string;
  type: string;
  timestamp: string;
  data: { report: { externalId: string; status: string }; phase: string | null; label: { id: string; en: string } | null; outcome?: { reason: string; voters: number; solution: { title: string } | null } | null };
}

export class TinyHostApp {
  readonly received: HostEvent[] = [];
  readonly rejected: string[] = [];
  /** What the host's own app would show under each of its reports. */
  readonly shownUnder = new Map<string, string>();
  /** The timestamp of the event behind each label: an older event arriving later does not replace it (docs 5). */
  private shownAt = new Map<string, string>();
  private server?: Server;
  private outboundSecret = "";

  constructor(
    private readonly musyawarahUrl: string,
    private readonly slug: string,
    private readonly inboundSecret: string,
  ) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        try {
          const event = new Webhook(this.outboundSecret).verify(raw, req.headers as Record<string, string>) as Omit<HostEvent, "id">;
          const id = String(req.headers["webhook-id"]);
          // De-duplicate on webhook-id, as the docs ask: a retry carries the same id.
          if (!this.received.some((e) => e.id === id)) this.received.push({ id, ...event });
          const externalId = event.data.report.externalId;
          if (event.data.label && event.timestamp >= (this.shownAt.get(externalId) ?? "")) {
            this.shownUnder.set(externalId, event.data.label.id);
            this.shownAt.set(externalId, event.timestamp);
          }
          res.writeHead(204).end();
        } catch (error) {
          this.rejected.push((error as Error).message);
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/musyawarah-webhook`;
  }

  useSecret(secret: string) {
    this.outboundSecret = secret;
  }

  /** Sends one report event, signed with the host's secret. */
  async push(type: "report.upserted" | "report.status_changed", data: Record<string, unknown>) {
    const body = JSON.stringify({ type, data });
    const id = `evt_${Date.now()}_${Math.random().toString(36).slice(2)}`;
    const now = new Date();
    const res = await fetch(`${this.musyawarahUrl}/hooks/reports?host=${this.slug}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": new Webhook(this.inboundSecret).sign(id, now, body),
      },
      body,
    });
    return { status: res.status, body: (await res.json()) as { result: { id: string } } };
  }

  close() {
    this.server?.close();
  }
}
