import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

// A real local HTTP endpoint standing in for an agency's or a host's: it records every delivery and whether it
// verifies with the official standardwebhooks package under the current secret.
export interface Delivery {
  id: string;
  body: string;
  verified: boolean;
  /** When it arrived (Date.now()). */
  at: number;
}

export async function startWebhookReceiver(opts: {
  secret: () => string;
  /** The status to answer with; 0 = never answer (an endpoint that hangs). Default 200. */
  status?: () => number;
  /** Wait this long before answering. */
  delayMs?: () => number;
}) {
  const received: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      let verified = false;
      try {
        new Webhook(opts.secret()).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ id: String(req.headers["webhook-id"]), body, verified, at: Date.now() });
      const status = opts.status?.() ?? 200;
      if (status === 0) return;
      setTimeout(() => res.writeHead(status).end(), opts.delayMs?.() ?? 0);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
