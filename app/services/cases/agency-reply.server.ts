import { db, type Tx } from "~/db.server";
import { voteCount, type VoteCount } from "~/domain/alternative-vote";
import { alternativeDeadline, alternativeOutcome, type AlternativeOutcome, type AlternativeResponse, type Reply, type ReplyItem } from "~/domain/agency-reply";
import { ServiceError } from "../errors";
import { notify } from "../notifications.server";
import { createResults } from "../results.server";
import type { CaseReport, CaseRow } from "./case-records.server";

// The agency's structured reply as stored: one AgencyReply per round with its items, the Results of what it
// accepted, and the deliberation's answer to a counter-proposal. Called by takeStep inside its transaction.

/**
 * An agency a refusal names as responsible must be one of ours and not the one refusing (the case is forwarded there:
 * a made-up id would strand it, the agency itself would hand itself a new deadline).
 */
async function checkResponsibleAgencies(tx: Tx, reply: Reply, refusingAgencyId: string | null) {
  if (!("items" in reply)) return;
  const fields: Record<string, string> = {};
  for (const [i, item] of reply.items.entries()) {
    const named = item.accepted ? null : item.refusal.responsibleAgencyId;
    if (!named) continue;
    const exists = named !== refusingAgencyId && (await tx.agency.findUnique({ where: { id: named }, select: { id: true } }));
    if (!exists) fields[reply.kind === "sebagian" ? `item-${i}-responsibleAgencyId` : "responsibleAgencyId"] = "errors.responsible_agency_invalid";
  }
  if (Object.keys(fields).length > 0) throw new ServiceError(422, "errors.form_invalid", fields);
}

/** The reply waiting for the deliberation's answer (a counter-proposal), if any. */
export async function openAlternative(tx: Tx, deliberationId: string) {
  return tx.agencyReply.findFirst({
    where: { deliberationId, kind: "alternatif", response: null },
    orderBy: { round: "desc" },
    select: { id: true, round: true, amendment: true, alternativeText: true, costRupiah: true, periodMonth: true, unit: true, respondBy: true, voteClosesAt: true },
  });
}

/** A short vote's count on a counter-proposal (read in the transaction that decides with it). */
export async function countVote(tx: Tx, replyId: string): Promise<VoteCount> {
  const rows = await tx.alternativeBallot.groupBy({ by: ["choice"], where: { replyId }, _count: { _all: true } });
  return voteCount(rows.map((r) => ({ choice: r.choice, n: r._count._all })));
}

const itemData = (item: ReplyItem, position: number) =>
  item.accepted
    ? { position, title: item.title, accepted: true, costRupiah: BigInt(item.terms.costRupiah), periodMonth: item.terms.periodMonth, unit: item.terms.unit }
    : {
        position, title: item.title, accepted: false, reason: item.refusal.reason, basis: item.refusal.basis,
        regulation: item.refusal.regulation, responsibleBody: item.refusal.responsibleBody, responsibleAgencyId: item.refusal.responsibleAgencyId,
      };

/**
 * Stores a reply and, for what it accepted, its Results. Returns what the case row takes: the answer's note, the
 * planned date (the end of the latest accepted period), the counter-proposal's deadline, and the agency a
 * "bukan kewenangan" refusal names (the fasilitator may forward the case there).
 */
export async function writeReply(tx: Tx, c: CaseRow, report: CaseReport, reply: Reply, authorId: string, now: Date) {
  const previous = await tx.agencyReply.findFirst({ where: { deliberationId: c.id }, orderBy: { round: "desc" }, select: { round: true, kind: true, response: true, respondedAt: true } });
  const round = (previous?.round ?? 0) + 1;
  // The one amended answer: the deliberation refused the agency's counter-proposal, which sent the case straight
  // back (no send, forward or reopen since: those start a new cycle with a first round).
  const amendment = previous?.kind === "alternatif" && previous.response === "tolak" && !!previous.respondedAt && !!c.sentAt && previous.respondedAt >= c.sentAt;
  const respondBy = reply.kind === "alternatif" ? alternativeDeadline(now) : null;
  const items = "items" in reply ? reply.items : [];
  await checkResponsibleAgencies(tx, reply, c.agencyId);
  const created = await tx.agencyReply.create({
    data: {
      deliberationId: c.id, round, amendment, kind: reply.kind, authorId, note: reply.note, respondBy, createdAt: now,
      ...(reply.kind === "alternatif"
        ? { alternativeText: reply.alternative.text, costRupiah: BigInt(reply.alternative.terms.costRupiah), periodMonth: reply.alternative.terms.periodMonth, unit: reply.alternative.terms.unit || null }
        : {}),
      items: { create: items.map(itemData) },
    },
    select: { id: true, items: { select: { id: true, accepted: true, title: true, costRupiah: true, periodMonth: true, unit: true }, orderBy: { position: "asc" } } },
  });
  await createResults(tx, c, report, created.items.filter((i) => i.accepted));
  const refused = items.find((i): i is Extract<ReplyItem, { accepted: false }> => !i.accepted && i.refusal.basis === "bukan_kewenangan");
  const months = items.flatMap((i) => (i.accepted ? [i.terms.periodMonth] : []));
  return {
    round,
    respondBy,
    // A counter-proposal is not a plan until the deliberation agrees to it.
    forwardTo: reply.kind === "tolak" && refused?.refusal.responsibleAgencyId ? refused.refusal.responsibleAgencyId : null,
    lastMonth: months.sort().at(-1) ?? null,
  };
}

/**
 * The deliberation's answer to the open counter-proposal ("tanpa_tanggapan" from the sweeper once its window passed).
 * Agreed: an accepted item on the alternative's terms and its Result. Returns the outcome for the workflow.
 */
export async function answerAlternative(
  tx: Tx, c: CaseRow, report: CaseReport, response: AlternativeResponse | "tanpa_tanggapan", note: string, actorId: string | null, now: Date,
): Promise<AlternativeOutcome> {
  const open = await openAlternative(tx, c.id);
  if (!open) throw new ServiceError(409, "errors.case_illegal");
  const outcome = alternativeOutcome(response, open.amendment ? 2 : 1);
  const answered = await tx.agencyReply.updateMany({
    where: { id: open.id, response: null },
    data: { response, responseNote: note || null, respondedById: actorId, respondedAt: now },
  });
  if (answered.count === 0) throw new ServiceError(409, "errors.case_changed_meanwhile");
  if (outcome.answer === "diterima_dengan_perubahan") {
    const item = await tx.agencyReplyItem.create({
      data: { replyId: open.id, position: 0, title: (open.alternativeText ?? "").slice(0, 200), accepted: true, costRupiah: open.costRupiah, periodMonth: open.periodMonth, unit: open.unit ?? "" },
      select: { id: true, accepted: true, title: true, costRupiah: true, periodMonth: true, unit: true },
    });
    await createResults(tx, c, report, [item]);
  }
  return outcome;
}

/** The region's DPRD members hear that a counter-proposal was refused or left unanswered (both texts on their desk). */
export async function escalateToDprd(tx: Tx, report: CaseReport, answer: string): Promise<string[]> {
  const members = await tx.user.findMany({
    where: { role: "dprd", regions: { some: { regionCode: { in: [report.kelurahanCode, report.kecamatanCode, report.kotaCode] } } } },
    select: { id: true },
  });
  return notify(tx, members.map((m) => m.id), { kind: "alternative_escalated", reportId: report.id, actorId: null, excerpt: answer });
}

/** The agency a "bukan kewenangan" refusal named, when the case's last reply was that refusal. */
export async function forwardTarget(tx: Tx, deliberationId: string): Promise<string | null> {
  const last = await tx.agencyReply.findFirst({
    where: { deliberationId },
    orderBy: { round: "desc" },
    select: { kind: true, items: { where: { basis: "bukan_kewenangan", responsibleAgencyId: { not: null } }, select: { responsibleAgencyId: true }, take: 1 } },
  });
  return last?.kind === "tolak" ? last.items[0]?.responsibleAgencyId ?? null : null;
}

/** The replies of a case, oldest first, as the report page, the dossier and the API show them. */
export async function repliesOf(deliberationId: string, client: Tx = db) {
  const rows = await client.agencyReply.findMany({
    where: { deliberationId },
    orderBy: { round: "asc" },
    select: {
      id: true, round: true, kind: true, note: true, alternativeText: true, costRupiah: true, periodMonth: true, unit: true, respondBy: true,
      response: true, responseNote: true, respondedAt: true, createdAt: true, voteClosesAt: true,
      items: {
        orderBy: { position: "asc" },
        select: {
          id: true, title: true, accepted: true, costRupiah: true, periodMonth: true, unit: true, reason: true, basis: true, regulation: true, responsibleBody: true,
          responsibleAgencyId: true,
        },
      },
    },
  });
  // The agencies refusals named, by name (the body's own words are shown when given).
  const named = [...new Set(rows.flatMap((r) => r.items.map((i) => i.responsibleAgencyId).filter((id): id is string => !!id)))];
  const agencyNames = new Map((named.length > 0 ? await client.agency.findMany({ where: { id: { in: named } }, select: { id: true, name: true } }) : []).map((a) => [a.id, a.name]));
  // A short vote's count is shown once it closed (like the main vote's tally); while it runs, only how many voted.
  const closedVotes = rows.filter((r) => r.voteClosesAt && (r.response !== null || r.voteClosesAt <= new Date()));
  const counts = new Map(await Promise.all(closedVotes.map(async (r) => [r.id, await countVote(client, r.id)] as const)));
  const voted = rows.filter((r) => r.voteClosesAt).map((r) => r.id);
  const totals = new Map(
    (voted.length > 0 ? await client.alternativeBallot.groupBy({ by: ["replyId"], where: { replyId: { in: voted } }, _count: { _all: true } }) : []).map((g) => [g.replyId, g._count._all]),
  );
  return rows.map((r) => ({
    ...r,
    voteClosesAt: r.voteClosesAt?.toISOString() ?? null,
    votes: totals.get(r.id) ?? 0,
    voteCount: counts.get(r.id) ?? null,
    costRupiah: r.costRupiah === null ? null : Number(r.costRupiah),
    respondBy: r.respondBy?.toISOString() ?? null,
    respondedAt: r.respondedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    // The accepted item written when the deliberation agreed to a counter-proposal is shown as the answer, not again.
    items: r.kind === "alternatif" ? [] : r.items.map(({ responsibleAgencyId, ...i }) => ({
      ...i,
      costRupiah: i.costRupiah === null ? null : Number(i.costRupiah),
      responsibleAgency: responsibleAgencyId ? agencyNames.get(responsibleAgencyId) ?? null : null,
    })),
  }));
}
export type ReplyView = Awaited<ReturnType<typeof repliesOf>>[number];

/** For the sweeper: counter-proposals whose window passed unanswered (shown as "alternatif tanpa tanggapan"). */
export async function expiredAlternatives(now = new Date()) {
  const rows = await db.agencyReply.findMany({
    where: { kind: "alternatif", response: null, respondBy: { lte: now } },
    select: { deliberation: { select: { reportId: true } } },
    take: 200,
  });
  return rows.map((r) => r.deliberation.reportId);
}
