import { createHash, randomBytes } from "node:crypto";
import { type Tx, db, lockFor } from "~/db.server";
import { isEligible, tallyWithOpinion, validateBallot, type BallotChoices, type BallotRules } from "~/domain/ballot";
import { followMerges, mergeTarget } from "~/domain/case-policy";
import { readModel, reusePlan, storeModel } from "~/domain/opinion-map";
import { ancestorsOfKelurahan } from "~/domain/regions";
import type { Actor } from "~/domain/roles";
import { ServiceError } from "../errors";
import { assertNotSuspended } from "../forum-access.server";
import { enqueueDelayed } from "../queue.server";
import { referenceData } from "../reference-data.server";
import { activeProposalIds, caseSelect, rulesOf, votingWindowOpen, type CaseRow } from "./case-records.server";

// Ballots and the tally: casting (one per person, in the window), the provisional refresh, the final count.

/**
 * The tally of a deliberation's ballots now, with the receipts it counted (sorted, so order reveals nothing), and the
 * opinion map behind it (to store, never to publish). `fresh`: ignore the last map (the final tally at close, the
 * `npm run tally` command); otherwise a provisional tally reuses it when few ballots changed since.
 */
export async function computeTally(c: Pick<CaseRow, "id" | "reportId" | "ballotType" | "quorum" | "minSupportPercent" | "eligibility">, client: Tx = db, options: { fresh?: boolean } = {}) {
  const startedAt = new Date();
  const [proposalIds, ballots, prior, merged] = await Promise.all([
    activeProposalIds(c.reportId, client),
    // In a fixed order: the analysis breaks ties by position (k-means++'s first pick, the most active voters), and the
    // same ballots must give the same tally whichever order the database returns them in.
    client.ballot.findMany({ where: { deliberationId: c.id }, orderBy: { id: "asc" }, select: { choices: true, receipt: true, updatedAt: true, externalVoter: true } }),
    options.fresh ? null : client.deliberation.findUnique({ where: { id: c.id }, select: { opinionModel: true } }),
    // Ballots that name a proposal merged since count for the proposal it was merged into.
    client.proposal.findMany({ where: { reportId: c.reportId, status: "merged" }, select: { id: true, mergedIntoId: true } }),
  ]);
  const rules = rulesOf(c as CaseRow);
  const active = new Set(proposalIds);
  const into = new Map(merged.map((m) => [m.id, m.mergedIntoId ?? ""]));
  const follow = (id: string) => mergeTarget(id, into);
  const choices = ballots.map((b) => {
    const raw = JSON.parse(b.choices) as BallotChoices;
    if (Array.isArray(raw)) return [...new Set(raw.map(follow))].filter((id) => active.has(id));
    return followMerges(raw, into, active) as BallotChoices;
  });
  const stored = readModel(prior?.opinionModel);
  const changed = stored ? ballots.filter((b) => b.updatedAt.getTime() > Date.parse(stored.at)).length : ballots.length;
  const plan = reusePlan(stored, proposalIds, ballots.length, changed);
  const { tally, opinion } = tallyWithOpinion(rules, proposalIds, choices, plan ?? {});
  // A reused map keeps the date and count of the computation that made it, so "changed since" keeps growing and the
  // map is recomputed once a tenth of the ballots are new or changed since it was made (not since the last refresh).
  const madeAt = opinion?.reused && stored ? new Date(stored.at) : startedAt;
  const madeWith = opinion?.reused && stored ? stored.ballots : ballots.length;
  return {
    tally: { ...tally, receipts: ballots.map((b) => b.receipt).sort() },
    opinionModel: opinion ? storeModel(opinion.model, proposalIds, madeWith, madeAt) : null,
    reused: opinion?.reused ?? false,
    /** Per imported ballot: the Pol.is voter it came from, and its group (−1: not placed). Our own voters are never listed. */
    participants: ballots.flatMap((b, i) => (b.externalVoter !== null ? [{ externalId: b.externalVoter, group: opinion ? opinion.labels[i]! : 0 }] : [])),
  };
}

/**
 * Casts or changes a person's ballot while voting is open. Returns the receipt: a hash of a secret nonce,
 * the deliberation and the voter that the voter can find in the published tally's receipts.
 */
export async function castBallot(actor: Actor & { homeKelurahanCode?: string }, reportId: string, raw: unknown, now = new Date()) {
  // One query for the report, its case and its active proposals (each Prisma call costs more to plan than to run).
  const row = await db.report.findUnique({
    where: { id: reportId },
    select: {
      id: true, number: true, title: true, categorySlug: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true, status: true,
      deliberation: { select: caseSelect },
      proposals: { where: { status: "active" }, orderBy: { createdAt: "asc" }, select: { id: true } },
    },
  });
  if (!row) throw new ServiceError(404, "errors.not_found");
  const { deliberation: c, proposals, ...report } = row;
  if (!c || c.state !== "pemungutan_suara" || !votingWindowOpen(c, now)) throw new ServiceError(409, "errors.voting_closed");
  await assertNotSuspended(actor.id, report, now);
  // The signed-in person's home was read with their session; a caller without it (a script, a test) reads it here.
  const voter = actor.homeKelurahanCode !== undefined ? { homeKelurahanCode: actor.homeKelurahanCode } : await db.user.findUnique({ where: { id: actor.id }, select: { homeKelurahanCode: true } });
  const ref = await referenceData();
  const home = voter ? ancestorsOfKelurahan(voter.homeKelurahanCode, ref.byCode) : null;
  const voterRegions = voter && home ? { kelurahanCode: voter.homeKelurahanCode, ...home } : null;
  if (!isEligible(c.eligibility as BallotRules["eligibility"], voterRegions, report)) throw new ServiceError(403, "errors.not_eligible");
  const checked = validateBallot(c.ballotType as BallotRules["type"], raw, proposals.map((p) => p.id));
  if (!checked.ok) throw new ServiceError(422, "errors.form_invalid", { ballot: checked.problem });
  const choices = JSON.stringify(checked.choices);
  const { receipt } = await db.$transaction(async (tx) => {
    // Ballots run side by side (the case's lock shared) but one person's at a time; the close holds the case's lock
    // exclusively (PostgreSQL; on SQLite every transaction runs alone).
    await lockFor(tx, `case:${reportId}`, "shared");
    await lockFor(tx, `ballot:${c.id}:${actor.id}`);
    // The window is checked again in the transaction that stores the ballot: closing the vote counts ballots in its
    // own transaction, so this one lands either before it (counted) or after it (refused here), never in between.
    const open = await tx.deliberation.findFirst({ where: { id: c.id, state: "pemungutan_suara" }, select: { votingOpensAt: true, votingClosesAt: true } });
    if (!open || !votingWindowOpen(open, now)) throw new ServiceError(409, "errors.voting_closed");
    // One ballot per person, one receipt: a changed ballot keeps the receipt the voter was first given (one
    // statement: insert, or on the person's existing ballot update the choices only).
    const fresh = createHash("sha256").update(`${c.id}:${actor.id}:${randomBytes(16).toString("hex")}`).digest("hex").slice(0, 24);
    return tx.ballot.upsert({
      where: { deliberationId_userId: { deliberationId: c.id, userId: actor.id } },
      create: { deliberationId: c.id, userId: actor.id, choices, receipt: fresh },
      update: { choices },
      select: { receipt: true },
    });
  });
  await ringTallyRefresh(c.id, now);
  return { receipt };
}

// The buckets this process has already rung, per deliberation. Only saves Redis round trips: the job id makes a second
// ring of a bucket a no-op anyway, and another process rings its own (nothing here is needed by anyone else).
const rungBuckets = new Map<string, number>();

/** Debounce: one refresh per few-second bucket, run at the bucket's end, reads every ballot stored by then. */
async function ringTallyRefresh(deliberationId: string, now: Date) {
  const bucket = Math.floor(now.getTime() / TALLY_DEBOUNCE_MS);
  if (rungBuckets.get(deliberationId) === bucket) return;
  const rung = await enqueueDelayed("tally.refresh", { deliberationId }, `${deliberationId}-${bucket}`, (bucket + 1) * TALLY_DEBOUNCE_MS - now.getTime());
  // A failed ring (Redis down) is not remembered: the next ballot tries again, and the sweeper covers the rest.
  if (rung) {
    if (rungBuckets.size > 1000) rungBuckets.clear();
    rungBuckets.set(deliberationId, bucket);
  }
}

/** The tally as machine-readable JSON (for `npm run tally`): groups, and proposals best first. */
export async function tallyReport(deliberationId: string) {
  const c = await db.deliberation.findUnique({ where: { id: deliberationId }, select: caseSelect });
  if (!c) throw new ServiceError(404, "errors.not_found");
  const { tally, participants } = await computeTally(c, db, { fresh: true });
  const proposals = await db.proposal.findMany({ where: { id: { in: tally.proposals.map((p) => p.id) } }, select: { id: true, externalId: true, text: true } });
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return {
    deliberation: c.id,
    type: tally.type,
    voters: tally.voters,
    reason: tally.reason,
    winner: tally.winnerId,
    groups: (tally.groups ?? [{ id: 0, size: tally.voters }]).map((g) => ({
      ...g,
      repness: (g.repness ?? []).map((r) => ({ ...r, externalId: byId.get(r.proposalId)?.externalId ?? null })),
    })),
    clustered: tally.clustered ?? tally.voters,
    consensusStatements: tally.consensusStatements ?? { agree: [], disagree: [] },
    participants: participants.filter((p) => p.group >= 0),
    proposals: tally.proposals.map((p) => ({
      id: p.id,
      externalId: byId.get(p.id)?.externalId ?? null,
      text: byId.get(p.id)?.text ?? "",
      agree: p.support,
      disagree: p.oppose,
      pass: p.pass,
      groups: (p.groups ?? []).map((g) => ({ id: g.group, agree: g.agree, votes: g.votes, support: g.probability })),
      consensus: p.consensus ?? null,
      ...(p.rank ? { rank: p.rank } : {}),
    })),
  };
}

/** The published tally is at most this stale (plus the job's own run time) while voting is open. */
export const TALLY_DEBOUNCE_MS = 3000;

/** For the worker: recompute the provisional tally of an open vote (a no-op once voting has closed). */
export async function refreshTally(deliberationId: string): Promise<"refreshed" | "closed"> {
  const c = await db.deliberation.findUnique({ where: { id: deliberationId }, select: caseSelect });
  if (!c || c.state !== "pemungutan_suara") return "closed";
  const startedAt = new Date();
  const { tally, opinionModel } = await computeTally(c);
  // Only while still voting: the final tally written on close must never be overwritten by a late refresh.
  await db.deliberation.updateMany({ where: { id: c.id, state: "pemungutan_suara" }, data: { tally: JSON.stringify(tally), tallyAt: startedAt, opinionModel } });
  return "refreshed";
}

/** Open votes with ballots stored after their published tally was computed (their refresh job was lost). */
export async function staleTallies(now = new Date()): Promise<string[]> {
  const open = await db.deliberation.findMany({ where: { state: "pemungutan_suara" }, select: { id: true, tallyAt: true } });
  const stale: string[] = [];
  for (const c of open) {
    // A refresh is normally due within the debounce bucket: only older ballots count as missed.
    const newer = await db.ballot.findFirst({
      where: { deliberationId: c.id, updatedAt: { gt: c.tallyAt ?? new Date(0), lt: new Date(now.getTime() - 2 * TALLY_DEBOUNCE_MS) } },
      select: { id: true },
    });
    if (newer) stale.push(c.id);
  }
  return stale;
}

