import { Webhook } from "standardwebhooks";
import { publicOrigin } from "~/config.server";
import { db, type Tx } from "~/db.server";
import { fixedT } from "~/i18n/translate";
import { writeOutbox } from "./outbox.server";
import { postSignedWebhook } from "./signed-webhook.server";

// Telling the host system when one of its reports moves: a case's phase or the report's status. The payload
// is fixed when the change is committed (same transaction, through the outbox), so a late delivery still
// says what happened then; the host can show "warga sedang bermusyawarah" under its own report.

export type HostEvent = "case.phase_changed" | "case.answered" | "report.status_changed";

export interface HostPushPayload {
  hostSystemId: string;
  event: HostEvent;
  reportId: string;
  externalId: string | null;
  status: string;
  phase: string | null;
  /** Once the vote is counted: how it ended and the citizens' chosen solution. */
  outcome: { reason: string; voters: number; solution: { id: string; title: string } | null } | null;
  /** The agency's answer code once it answered (agency-reply.ts ANSWER_CODES); optional in rows written before it. */
  answer?: string | null;
  at: string;
}

/** Inside the transaction of the change: one outbox row if the report came from a host that listens. */
export async function queueHostPush(tx: Tx, reportId: string, event: HostEvent): Promise<string[]> {
  const report = await tx.report.findUnique({
    where: { id: reportId },
    select: { hostSystem: true, externalId: true, status: true, deliberation: { select: { state: true, tally: true, winnerProposalId: true, answer: true } } },
  });
  if (!report?.hostSystem) return [];
  const host = await tx.hostSystem.findUnique({ where: { slug: report.hostSystem }, select: { id: true, webhookUrl: true, webhookDisabledAt: true } });
  if (!host?.webhookUrl || host.webhookDisabledAt) return [];
  const c = report.deliberation;
  const tally = c?.tally && c.state !== "pemungutan_suara" ? (JSON.parse(c.tally) as { reason: string; voters: number }) : null;
  const solution = c?.winnerProposalId ? await tx.proposal.findUnique({ where: { id: c.winnerProposalId }, select: { id: true, title: true } }) : null;
  const payload: HostPushPayload = {
    hostSystemId: host.id, event, reportId, externalId: report.externalId, status: report.status, phase: c?.state ?? null,
    outcome: tally ? { reason: tally.reason, voters: tally.voters, solution } : null,
    answer: c?.answer ?? null,
    at: new Date().toISOString(),
  };
  const id = await writeOutbox(tx, "webhook.host", payload as unknown as Record<string, unknown>);
  return id ? [id] : [];
}

/** The JSON the host receives. */
export function hostPushBody(p: HostPushPayload) {
  const base = publicOrigin();
  return {
    type: p.event,
    timestamp: p.at,
    data: {
      report: { id: p.reportId, externalId: p.externalId, status: p.status, url: `${base}/laporan/${p.reportId}` },
      phase: p.phase,
      outcome: p.outcome ?? null,
      answer: p.answer ?? null,
      label: p.phase ? { id: fixedT("id")(`hostLabels.${p.phase}`), en: fixedT("en")(`hostLabels.${p.phase}`) } : null,
      links: { deliberation: `${base}/laporan/${p.reportId}#musyawarah`, embed: p.externalId ? `${base}/sematkan/${encodeURIComponent(p.externalId)}` : null },
    },
  };
}

/** One delivery attempt to the host (throws on failure; the outbox records it and retries). */
export async function deliverHostWebhook(messageId: string, payload: HostPushPayload, now: Date): Promise<boolean> {
  const host = await db.hostSystem.findUnique({ where: { id: payload.hostSystemId }, select: { slug: true, webhookUrl: true, webhookSecret: true, webhookDisabledAt: true } });
  if (!host?.webhookUrl || !host.webhookSecret || host.webhookDisabledAt) return false;
  const body = hostPushBody(payload);
  if (body.data.links.embed) body.data.links.embed = `${body.data.links.embed}?sistem=${encodeURIComponent(host.slug)}`;
  await postSignedWebhook({
    url: host.webhookUrl,
    signer: new Webhook(host.webhookSecret),
    messageId,
    body: JSON.stringify(body),
    now,
    onGone: () => db.hostSystem.update({ where: { id: payload.hostSystemId }, data: { webhookDisabledAt: now } }),
  });
  return true;
}
