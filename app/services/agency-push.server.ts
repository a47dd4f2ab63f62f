import { Webhook } from "standardwebhooks";
import { publicOrigin } from "~/config.server";
import { db, type Tx } from "~/db.server";
import type { Tally } from "~/domain/ballot";
import { ServiceError } from "./errors";
import { sendMail } from "./mail.server";
import { writeOutbox } from "./outbox.server";
import { newWebhookSecret, postSignedWebhook, WebhookUrlSchema } from "./signed-webhook.server";

// Pushing the citizen-preferred solution to the agency: an outbox row per channel, written in the same
// transaction as the case reaching the agency, delivered by the worker. Webhooks follow the Standard Webhooks
// specification (webhook-id = the outbox row's id on every attempt, so receivers can de-duplicate).

/** Sets (or clears) an agency's webhook. Returns the new secret when one was made: it is shown once. */
export async function setAgencyWebhook(agencyId: string, input: { url?: unknown; regenerate?: unknown }): Promise<{ secret: string | null }> {
  const agency = await db.agency.findUnique({ where: { id: agencyId }, select: { id: true, webhookSecret: true } });
  if (!agency) throw new ServiceError(404, "errors.agency_not_found");
  const raw = typeof input.url === "string" ? input.url.trim() : "";
  if (raw === "") {
    await db.agency.update({ where: { id: agencyId }, data: { webhookUrl: null, webhookSecret: null, webhookDisabledAt: null } });
    return { secret: null };
  }
  const parsed = WebhookUrlSchema.safeParse(raw);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", { webhookUrl: "errors.webhook_url" });
  const secret = !agency.webhookSecret || input.regenerate === "on" ? newWebhookSecret() : null;
  await db.agency.update({
    where: { id: agencyId },
    data: { webhookUrl: parsed.data, webhookDisabledAt: null, ...(secret ? { webhookSecret: secret } : {}) },
  });
  return { secret };
}

/** Inside the transaction that sends a case to the agency: one outbox row per channel the agency has. */
export async function queueAgencyPush(tx: Tx, deliberationId: string, agencyId: string, channels: { email: boolean } = { email: true }): Promise<string[]> {
  const agency = await tx.agency.findUnique({ where: { id: agencyId }, select: { webhookUrl: true, webhookDisabledAt: true, email: true } });
  const ids: (string | null)[] = [];
  if (agency?.webhookUrl && !agency.webhookDisabledAt) ids.push(await writeOutbox(tx, "webhook.agency", { deliberationId, agencyId }));
  if (agency?.email && channels.email) ids.push(await writeOutbox(tx, "email.agency", { deliberationId, agencyId }));
  return ids.filter((id): id is string => !!id);
}

/**
 * Lookups shared by the deliveries of one batch: many rows for the same agency or case read them once.
 * Promises are cached, so parallel deliveries wait for the same query instead of repeating it.
 */
export function pushLookups() {
  const agencies = new Map<string, ReturnType<typeof loadAgency>>();
  const payloads = new Map<string, ReturnType<typeof agencyPayload>>();
  const bodies = new Map<string, Promise<string>>();
  const signers = new Map<string, Webhook>();
  const memo = <T>(cache: Map<string, T>, key: string, load: () => T): T => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key)!;
  };
  const payload = (deliberationId: string) => memo(payloads, deliberationId, () => agencyPayload(deliberationId));
  return {
    agency: (id: string) => memo(agencies, id, () => loadAgency(id)),
    payload,
    body: (deliberationId: string) => memo(bodies, deliberationId, async () => JSON.stringify(await payload(deliberationId))),
    signer: (secret: string) => memo(signers, secret, () => new Webhook(secret)),
  };
}
export type PushLookups = ReturnType<typeof pushLookups>;

function loadAgency(id: string) {
  return db.agency.findUnique({ where: { id }, select: { name: true, email: true, webhookUrl: true, webhookSecret: true, webhookDisabledAt: true } });
}

/** What the agency receives: the report, the solution, the tally in brief, links and the deadline. */
export async function agencyPayload(deliberationId: string) {
  const c = await db.deliberation.findUniqueOrThrow({
    where: { id: deliberationId },
    select: {
      id: true, reportId: true, dueAt: true, summary: true, tally: true, winnerProposalId: true, state: true, answer: true,
      report: { select: { number: true, title: true, description: true, categorySlug: true, kelurahanCode: true, lat: true, lng: true, externalId: true, hostSystem: true } },
    },
  });
  const solution = c.winnerProposalId
    ? await db.proposal.findUnique({ where: { id: c.winnerProposalId }, select: { id: true, title: true, text: true, costRupiah: true, jointAction: true } })
    : null;
  const tally = c.tally ? (JSON.parse(c.tally) as Tally) : null;
  const base = publicOrigin();
  return {
    // Waiting for the agency's answer (sent, forwarded, or back after a refused counter-proposal), or the
    // deliberation's answer to its counter-proposal.
    type: c.state === "ke_instansi" ? "case.sent_to_agency" : "case.answer_changed",
    timestamp: new Date().toISOString(),
    data: {
      case: c.id,
      report: { id: c.reportId, number: c.report.number, title: c.report.title, description: c.report.description, category: c.report.categorySlug, kelurahan: c.report.kelurahanCode, lat: c.report.lat, lng: c.report.lng, externalId: c.report.externalId, hostSystem: c.report.hostSystem },
      solution,
      summary: c.summary,
      tally: tally ? { type: tally.type, voters: tally.voters, reason: tally.reason, groups: tally.groups ?? null, winner: tally.proposals.find((p) => p.id === tally.winnerId) ?? null } : null,
      dueAt: c.dueAt?.toISOString() ?? null,
      answer: c.answer,
      links: { report: `${base}/laporan/${c.reportId}`, answer: `${base}/laporan/${c.reportId}#musyawarah`, desk: `${base}/instansi` },
    },
  };
}

/** One delivery attempt. Throws on failure (the caller records it and schedules the retry). */
export async function deliverAgencyWebhook(
  messageId: string,
  payload: { deliberationId: string; agencyId: string },
  now: Date,
  lookups: PushLookups = pushLookups(),
): Promise<boolean> {
  const agency = await lookups.agency(payload.agencyId);
  if (!agency?.webhookUrl || !agency.webhookSecret || agency.webhookDisabledAt) return false;
  await postSignedWebhook({
    url: agency.webhookUrl,
    signer: lookups.signer(agency.webhookSecret),
    messageId,
    body: await lookups.body(payload.deliberationId),
    now,
    onGone: () => db.agency.update({ where: { id: payload.agencyId }, data: { webhookDisabledAt: now } }),
  });
  return true;
}

export async function deliverAgencyEmail(
  messageId: string,
  payload: { deliberationId: string; agencyId: string },
  lookups: PushLookups = pushLookups(),
): Promise<boolean> {
  const agency = await lookups.agency(payload.agencyId);
  if (!agency?.email) return false;
  const p = await lookups.payload(payload.deliberationId);
  const d = p.data;
  const lines = [
    `Kepada ${agency.name},`,
    "",
    `Warga telah mencapai mufakat atas laporan #${d.report.number}: ${d.report.title}.`,
    d.solution ? `Usulan pilihan warga: ${d.solution.title}\n\n${d.solution.text}` : "",
    d.solution?.costRupiah ? `Perkiraan biaya: Rp ${d.solution.costRupiah.toLocaleString("id-ID")}` : "",
    d.solution?.jointAction ? `Aksi bersama warga: ${d.solution.jointAction}` : "",
    d.tally ? `Pemilih: ${d.tally.voters}.` : "",
    d.dueAt ? `Mohon dijawab sebelum ${new Date(d.dueAt).toLocaleDateString("id-ID", { timeZone: "Asia/Jakarta", dateStyle: "long" })}.` : "",
    `Jawab di: ${d.links.answer}`,
  ].filter(Boolean);
  await sendMail({ to: agency.email, subject: `Usulan warga untuk laporan #${d.report.number}`, text: lines.join("\n"), messageId });
  return true;
}
