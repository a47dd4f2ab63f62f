import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "~/db.server";
import { TOKEN_SCOPES, type TokenScope } from "~/domain/api-scopes";
import { visibleText } from "~/domain/text-safety";
import { fieldErrors } from "~/domain/validation";
import { ServiceError } from "./errors";
import { newWebhookSecret, WebhookUrlSchema } from "./signed-webhook.server";

// Host systems (a city's reporting app, a 311 system) and their API tokens. A token is shown once when made
// and stored as a SHA-256 hash (it is 32 random bytes, so a slow hash adds nothing); it carries scopes and can be
// revoked. The host's inbound secret signs what it pushes to /hooks/reports.


const HostSchema = z.object({
  slug: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "errors.host_slug"),
  name: visibleText(z.string({ invalid_type_error: "errors.host_name" }).trim(), z.string().min(2, "errors.host_name").max(120, "errors.host_name")),
  embedOrigins: z
    .string()
    .trim()
    .max(1000)
    .default("")
    .refine((v) => v.split(/\s+/).filter(Boolean).every((o) => /^https?:\/\/[^/\s]+$/.test(o)), "errors.embed_origins"),
});

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new host system with its inbound signing secret (shown once). */
export async function createHostSystem(input: Record<string, unknown>) {
  const parsed = HostSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  if (await db.hostSystem.findUnique({ where: { slug: parsed.data.slug } })) throw new ServiceError(409, "errors.form_invalid", { slug: "errors.host_slug_taken" });
  const inboundSecret = newWebhookSecret();
  const host = await db.hostSystem.create({ data: { ...parsed.data, inboundSecret }, select: { id: true, slug: true } });
  return { ...host, inboundSecret };
}

export async function listHostSystems() {
  return db.hostSystem.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true, slug: true, name: true, webhookUrl: true, webhookDisabledAt: true, embedOrigins: true, createdAt: true,
      tokens: { orderBy: { createdAt: "desc" }, select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true } },
    },
  });
}

/** Sets where the host hears about its reports' phases and statuses; a new signing secret is shown once. */
export async function setHostWebhook(hostId: string, input: { url?: unknown; embedOrigins?: unknown }) {
  const host = await db.hostSystem.findUnique({ where: { id: hostId }, select: { webhookSecret: true } });
  if (!host) throw new ServiceError(404, "errors.not_found");
  const raw = typeof input.url === "string" ? input.url.trim() : "";
  const origins = HostSchema.shape.embedOrigins.safeParse(typeof input.embedOrigins === "string" ? input.embedOrigins : "");
  if (!origins.success) throw new ServiceError(422, "errors.form_invalid", { embedOrigins: "errors.embed_origins" });
  if (raw === "") {
    await db.hostSystem.update({ where: { id: hostId }, data: { webhookUrl: null, webhookDisabledAt: null, embedOrigins: origins.data } });
    return { secret: null };
  }
  const url = WebhookUrlSchema.safeParse(raw);
  if (!url.success) throw new ServiceError(422, "errors.form_invalid", { webhookUrl: "errors.webhook_url" });
  const secret = host.webhookSecret ? null : newWebhookSecret();
  await db.hostSystem.update({
    where: { id: hostId },
    data: { webhookUrl: url.data, webhookDisabledAt: null, embedOrigins: origins.data, ...(secret ? { webhookSecret: secret } : {}) },
  });
  return { secret };
}

/** A new API token for a host system. The returned token is the only time it is ever visible. */
export async function createApiToken(hostId: string, input: { name?: unknown; scopes?: unknown }) {
  const name = typeof input.name === "string" ? input.name.trim() : "";
  const scopes = [input.scopes ?? []].flat().filter((s): s is TokenScope => TOKEN_SCOPES.includes(s as TokenScope));
  const problems: Record<string, string> = {};
  if (name.length < 2 || name.length > 80) problems.name = "errors.token_name";
  if (scopes.length === 0) problems.scopes = "errors.token_scopes";
  if (Object.keys(problems).length) throw new ServiceError(422, "errors.form_invalid", problems);
  if (!(await db.hostSystem.findUnique({ where: { id: hostId }, select: { id: true } }))) throw new ServiceError(404, "errors.not_found");
  const token = `msy_${randomBytes(32).toString("base64url")}`;
  await db.apiToken.create({ data: { hostSystemId: hostId, name, prefix: token.slice(0, 12), hash: hashToken(token), scopes: [...new Set(scopes)].join(" ") } });
  return { token };
}

export async function revokeApiToken(tokenId: string) {
  const updated = await db.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (updated.count === 0) throw new ServiceError(404, "errors.not_found");
}

export interface HostCaller {
  tokenId: string;
  hostId: string;
  hostSlug: string;
  scopes: TokenScope[];
}

/** The host behind a bearer token, or a 401 for a token that is unknown, malformed or revoked. */
export async function authenticateToken(raw: string | null | undefined, now = new Date()): Promise<HostCaller> {
  if (!raw || !/^msy_[A-Za-z0-9_-]{43}$/.test(raw)) throw new ServiceError(401, "errors.token_invalid");
  const row = await db.apiToken.findUnique({ where: { hash: hashToken(raw) }, include: { hostSystem: { select: { slug: true } } } });
  if (!row || row.revokedAt) throw new ServiceError(401, "errors.token_invalid");
  // Last-used time to the minute: enough for the admin, and no write on every call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: row.id, hostId: row.hostSystemId, hostSlug: row.hostSystem.slug, scopes: row.scopes.split(" ") as TokenScope[] };
}

export function requireScope(caller: HostCaller, scope: TokenScope) {
  if (!caller.scopes.includes(scope)) throw new ServiceError(403, "errors.token_scope", { scope });
}

/** The origins a host system allows to frame its embedded deliberations (none for an unknown host). */
export async function embedOriginsFor(hostSlug: string): Promise<string[]> {
  if (!/^[a-z0-9-]{2,40}$/.test(hostSlug)) return [];
  const host = await db.hostSystem.findUnique({ where: { slug: hostSlug }, select: { embedOrigins: true } });
  return host ? host.embedOrigins.split(/\s+/).filter(Boolean) : [];
}
