import type { Webhook } from "standardwebhooks";
import { Agent, request } from "undici";
import { z } from "zod";
import { env } from "~/config.server";

// Outgoing webhooks signed per the Standard Webhooks specification (webhook-id, webhook-timestamp,
// webhook-signature = HMAC-SHA256), for agencies and host systems alike.

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** A 410 from the endpoint: stop sending to it (the row is dead-lettered and the webhook disabled). */
export class EndpointGoneError extends Error {}

// One connection pool per process, kept alive between deliveries (undici's request costs a fraction of fetch's CPU,
// which matters at a thousand deliveries a second on two cores).
const agent = new Agent({ connectTimeout: WEBHOOK_TIMEOUT_MS, headersTimeout: WEBHOOK_TIMEOUT_MS, bodyTimeout: WEBHOOK_TIMEOUT_MS, keepAliveTimeout: 30_000 });

/** HTTPS only, except loopback addresses outside production (local receivers in development and tests). */
export const WebhookUrlSchema = z
  .string()
  .trim()
  .url("errors.webhook_url")
  .refine((u) => {
    const url = new URL(u);
    return url.protocol === "https:" || (env().NODE_ENV !== "production" && url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname));
  }, "errors.webhook_url");

export function newWebhookSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64")}`;
}

/**
 * One signed POST. Resolves when the endpoint answered 2xx; throws EndpointGoneError on 410 (after onGone) and
 * an Error on any other answer, a refused connection or a timeout (the caller records it and retries later).
 */
export async function postSignedWebhook(opts: { url: string; signer: Webhook; messageId: string; body: string; now: Date; onGone: () => Promise<unknown> }) {
  const { url, signer, messageId, body, now } = opts;
  const response = await request(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Musyawarah-Webhooks/1",
      "webhook-id": messageId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signer.sign(messageId, now, body),
    },
    body,
    dispatcher: agent,
    // Redirects are not followed (undici's default): a 3xx is an answer we do not accept.
  });
  // The body is not read; drain it so the connection goes back to the pool.
  await response.body.dump().catch(() => {});
  const status = response.statusCode;
  const host = new URL(url).host;
  if (status === 410) {
    await opts.onGone();
    throw new EndpointGoneError(`410 Gone from ${host}: webhook disabled`);
  }
  if (status < 200 || status >= 300) throw new Error(`HTTP ${status} from ${host}`);
}
