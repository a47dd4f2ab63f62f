import { type Tx, db, lockFor } from "~/db.server";
import { proposalsOpen, type CaseState } from "~/domain/case-workflow";
import { ArgumentSchema, mayModerate, PROPOSAL_LIMITS, ProposalFieldsSchema } from "~/domain/deliberation";
import type { Actor } from "~/domain/roles";
import { wordDiff } from "~/domain/text-diff";
import { fieldErrors } from "~/domain/validation";
import { prepareRichText, type RichTextInput } from "~/editor/rich-text.server";
import { appendAuditEvent } from "./audit.server";
import { ServiceError } from "./errors";
import { assertNotSuspended, forumParticipants, participantNames, reportForForum, userNames } from "./forum-access.server";
import { follow, followerIds, queueNotifications, ringFanouts } from "./notifications.server";

// Solution proposals (usulan solusi): versions, amendments, arguments for and against, merging.

type ProposalInput = RichTextInput & Record<string, unknown>;

async function validateProposal(input: ProposalInput, reportId: string) {
  const parsed = ProposalFieldsSchema.safeParse(input);
  const problems: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  let rich;
  try {
    rich = await prepareRichText(input, "proposal", "body", { resolve: participantNames(reportId), participants: () => forumParticipants(reportId) });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    Object.assign(problems, error.fields);
  }
  if (parsed.success && parsed.data.agencyId) {
    const agency = await db.agency.findUnique({ where: { id: parsed.data.agencyId }, select: { id: true } });
    if (!agency) problems.agencyId = "errors.agency_unknown";
  }
  if (!parsed.success || !rich || Object.keys(problems).length > 0) throw new ServiceError(422, "errors.form_invalid", problems);
  return { ...parsed.data, rich };
}

/** Whether new proposals are taken on this report now (until voting opens). */
export async function proposalsOpenFor(reportId: string): Promise<boolean> {
  const c = await db.deliberation.findUnique({ where: { reportId }, select: { state: true } });
  return proposalsOpen((c?.state ?? null) as CaseState | null);
}

export async function createProposal(actor: Actor, reportId: string, input: ProposalInput, now = new Date()) {
  const report = await reportForForum(reportId);
  await assertNotSuspended(actor.id, report, now);
  const data = await validateProposal(input, reportId);
  const { proposal, fanout } = await db.$transaction(async (tx) => {
    await lockFor(tx, `case:${reportId}`);
    // Checked where the proposal is written: a proposal cannot slip in after voting has opened.
    const c = await tx.deliberation.findUnique({ where: { reportId }, select: { state: true } });
    if (!proposalsOpen((c?.state ?? null) as CaseState | null)) throw new ServiceError(409, "errors.proposals_closed");
    const proposal = await tx.proposal.create({
      data: {
        reportId,
        authorId: actor.id,
        title: data.title,
        body: data.rich.body,
        html: data.rich.html,
        text: data.rich.text,
        costRupiah: data.costRupiah ?? null,
        agencyId: data.agencyId ?? null,
        jointAction: data.jointAction,
        createdAt: now,
        versions: {
          create: {
            createdAt: now,
            version: 1, title: data.title, text: data.rich.text, html: data.rich.html, costRupiah: data.costRupiah ?? null,
            agencyId: data.agencyId ?? null, jointAction: data.jointAction, change: "created", authorId: actor.id,
          },
        },
      },
      select: { id: true, title: true },
    });
    await follow(tx, actor.id, "report", reportId);
    await follow(tx, actor.id, "proposal", proposal.id);
    await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "proposal.created", data: { proposalId: proposal.id, title: data.title } });
    const fanout = await queueNotifications(tx, { reportId, proposalId: proposal.id, actorId: actor.id, excerpt: data.title }, [
      { kind: "proposal", followersOf: { type: "report", id: reportId } },
    ]);
    return { proposal, fanout };
  });
  await ringFanouts([fanout]);
  return proposal;
}

export async function listProposals(reportId: string) {
  const rows = await db.proposal.findMany({
    where: { reportId, status: "active" },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: {
      id: true, title: true, text: true, costRupiah: true, version: true, createdAt: true,
      author: { select: { name: true } },
      agency: { select: { name: true } },
    },
  });
  // Counted per proposal of this list through the foreign keys' indexes (Prisma's relation `_count` would group the
  // whole Argument and Amendment tables on every page view).
  const ids = rows.map((p) => p.id);
  const [argumentCounts, amendmentCounts] = ids.length === 0 ? [[], []] : await Promise.all([
    db.argument.groupBy({ by: ["proposalId"], where: { proposalId: { in: ids } }, _count: { _all: true } }),
    db.amendment.groupBy({ by: ["proposalId"], where: { proposalId: { in: ids }, status: "pending" }, _count: { _all: true } }),
  ]);
  const argumentsOf = new Map(argumentCounts.map((c) => [c.proposalId, c._count._all]));
  const amendmentsOf = new Map(amendmentCounts.map((c) => [c.proposalId, c._count._all]));
  return rows.map((p) => ({
    id: p.id,
    title: p.title,
    summary: p.text.length > 220 ? `${p.text.slice(0, 220)}…` : p.text,
    costRupiah: p.costRupiah,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    authorName: p.author.name,
    agencyName: p.agency?.name ?? null,
    argumentCount: argumentsOf.get(p.id) ?? 0,
    pendingAmendments: amendmentsOf.get(p.id) ?? 0,
  }));
}

/** A proposal's page data; a merged proposal answers with where it went instead. */
export async function getProposal(proposalId: string, viewerId?: string) {
  const p = await db.proposal.findUnique({
    where: { id: proposalId },
    select: {
      id: true, reportId: true, authorId: true, title: true, html: true, body: true, text: true, costRupiah: true, agencyId: true,
      jointAction: true, version: true, status: true, mergedIntoId: true, mergeNote: true, createdAt: true, updatedAt: true,
      author: { select: { name: true } },
      agency: { select: { name: true } },
      report: { select: { number: true, title: true } },
    },
  });
  if (!p) throw new ServiceError(404, "errors.not_found");
  if (p.status === "merged" && p.mergedIntoId) return { merged: { into: await survivingProposalId(p.mergedIntoId), reportId: p.reportId } } as const;
  const [args, amendments, agreed] = await Promise.all([
    db.argument.findMany({
      where: { proposalId },
      orderBy: [{ agreeCount: "desc" }, { createdAt: "asc" }],
      take: 200,
      select: { id: true, side: true, text: true, agreeCount: true, createdAt: true, author: { select: { name: true } } },
    }),
    db.amendment.findMany({
      where: { proposalId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, title: true, html: true, text: true, costRupiah: true, jointAction: true, explanation: true, status: true, decisionNote: true, decidedAt: true, createdAt: true, author: { select: { name: true } } },
    }),
    viewerId
      ? db.argumentAgree.findMany({ where: { userId: viewerId, argument: { proposalId } }, select: { argumentId: true } })
      : Promise.resolve([]),
  ]);
  return {
    proposal: {
      ...p,
      authorName: p.author.name,
      agencyName: p.agency?.name ?? null,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
      amendments: amendments.map((a) => ({
        ...a, authorName: a.author.name, createdAt: a.createdAt.toISOString(), decidedAt: a.decidedAt?.toISOString() ?? null,
        diff: wordDiff(`${p.title}\n\n${p.text}`, `${a.title}\n\n${a.text}`),
      })),
      arguments: args.map((a) => ({ ...a, authorName: a.author.name, createdAt: a.createdAt.toISOString() })),
      agreedArgumentIds: agreed.map((a) => a.argumentId),
    },
  } as const;
}

/** Follows merge links to the proposal that survived (merges can chain). */
export async function survivingProposalId(proposalId: string): Promise<string> {
  let id = proposalId;
  for (let i = 0; i < 20; i++) {
    const p = await db.proposal.findUnique({ where: { id }, select: { status: true, mergedIntoId: true } });
    if (!p || p.status !== "merged" || !p.mergedIntoId) return id;
    id = p.mergedIntoId;
  }
  return id;
}

async function activeProposal(proposalId: string) {
  const p = await db.proposal.findUnique({ where: { id: proposalId }, select: { id: true, reportId: true, authorId: true, status: true, version: true, title: true, text: true } });
  if (!p) throw new ServiceError(404, "errors.not_found");
  if (p.status !== "active") throw new ServiceError(409, "errors.proposal_merged");
  return p;
}

async function addVersion(tx: Tx, proposalId: string, version: number, authorId: string, change: string, fields: {
  title: string; text: string; html: string; body: string; costRupiah: number | null; agencyId: string | null; jointAction: string; amendmentId?: string;
}) {
  await tx.proposal.update({
    where: { id: proposalId },
    data: { title: fields.title, text: fields.text, html: fields.html, body: fields.body, costRupiah: fields.costRupiah, agencyId: fields.agencyId, jointAction: fields.jointAction, version },
  });
  await tx.proposalVersion.create({
    data: { proposalId, version, title: fields.title, text: fields.text, html: fields.html, costRupiah: fields.costRupiah, agencyId: fields.agencyId, jointAction: fields.jointAction, change, amendmentId: fields.amendmentId ?? null, authorId },
  });
}

export async function editProposal(actor: Actor, proposalId: string, input: ProposalInput) {
  const p = await activeProposal(proposalId);
  if (p.authorId !== actor.id) throw new ServiceError(403, "errors.forbidden");
  await assertNotSuspended(actor.id, await reportForForum(p.reportId));
  const data = await validateProposal(input, p.reportId);
  await db.$transaction((tx) =>
    addVersion(tx, proposalId, p.version + 1, actor.id, "edited", {
      title: data.title, text: data.rich.text, html: data.rich.html, body: data.rich.body,
      costRupiah: data.costRupiah ?? null, agencyId: data.agencyId ?? null, jointAction: data.jointAction,
    }),
  );
}

export async function proposeAmendment(actor: Actor, proposalId: string, input: ProposalInput) {
  const p = await activeProposal(proposalId);
  if (p.authorId === actor.id) throw new ServiceError(409, "errors.amend_own");
  await assertNotSuspended(actor.id, await reportForForum(p.reportId));
  const data = await validateProposal(input, p.reportId);
  const explanation = typeof input.explanation === "string" ? input.explanation.trim() : "";
  if (explanation.length < 5 || explanation.length > PROPOSAL_LIMITS.explanationMax) {
    throw new ServiceError(422, "errors.form_invalid", { explanation: "errors.explanation_required" });
  }
  const { amendment, fanout } = await db.$transaction(async (tx) => {
    const amendment = await tx.amendment.create({
      data: {
        proposalId, authorId: actor.id, title: data.title, body: data.rich.body, html: data.rich.html, text: data.rich.text,
        costRupiah: data.costRupiah ?? null, jointAction: data.jointAction, explanation,
      },
      select: { id: true },
    });
    await follow(tx, actor.id, "proposal", proposalId);
    const fanout = await queueNotifications(tx, { reportId: p.reportId, proposalId, actorId: actor.id, excerpt: explanation }, [{ kind: "amendment", userIds: [p.authorId] }]);
    return { amendment, fanout };
  });
  await ringFanouts([fanout]);
  return amendment;
}

/** The proposal's author accepts (a new version that says so) or declines (with a note) an amendment. */
export async function decideAmendment(actor: Actor, amendmentId: string, decision: unknown, note: unknown) {
  const a = await db.amendment.findUnique({
    where: { id: amendmentId },
    select: { id: true, proposalId: true, authorId: true, status: true, title: true, body: true, html: true, text: true, costRupiah: true, jointAction: true },
  });
  if (!a) throw new ServiceError(404, "errors.not_found");
  const p = await activeProposal(a.proposalId);
  if (p.authorId !== actor.id) throw new ServiceError(403, "errors.forbidden");
  if (a.status !== "pending") throw new ServiceError(409, "errors.amendment_decided");
  if (decision !== "accept" && decision !== "decline") throw new ServiceError(422, "errors.form_invalid", { decision: "errors.decision_required" });
  const decisionNote = typeof note === "string" ? note.trim().slice(0, 500) : "";
  const current = await db.proposal.findUniqueOrThrow({ where: { id: p.id }, select: { agencyId: true } });
  const fanout = await db.$transaction(async (tx) => {
    // Decided once: a second answer racing this one finds it no longer pending, and a proposal takes one version at a time.
    await lockFor(tx, `proposal:${p.id}`);
    const decided = await tx.amendment.updateMany({ where: { id: a.id, status: "pending" }, data: { status: decision === "accept" ? "accepted" : "declined", decisionNote: decisionNote || null, decidedAt: new Date() } });
    if (decided.count === 0) throw new ServiceError(409, "errors.amendment_decided");
    if (decision === "accept") {
      await addVersion(tx, p.id, p.version + 1, actor.id, "amendment_accepted", {
        title: a.title, text: a.text, html: a.html, body: a.body, costRupiah: a.costRupiah, agencyId: current.agencyId, jointAction: a.jointAction, amendmentId: a.id,
      });
    }
    return queueNotifications(tx, { reportId: p.reportId, proposalId: p.id, actorId: actor.id, excerpt: decision === "accept" ? "accepted" : "declined" }, [
      { kind: "amendment_decided", userIds: [a.authorId] },
    ]);
  });
  await ringFanouts([fanout]);
}

/** Every version with a word diff against the one before it, newest first. */
export async function proposalHistory(proposalId: string) {
  const p = await db.proposal.findUnique({ where: { id: proposalId }, select: { id: true, reportId: true, title: true } });
  if (!p) throw new ServiceError(404, "errors.not_found");
  const versions = await db.proposalVersion.findMany({ where: { proposalId }, orderBy: { version: "asc" }, take: 200 });
  const authors = await userNames([...new Set(versions.map((v) => v.authorId))]);
  const amendmentAuthors = await db.amendment.findMany({
    where: { id: { in: versions.map((v) => v.amendmentId).filter((id): id is string => !!id) } },
    select: { id: true, author: { select: { name: true } } },
  });
  const amendedBy = new Map(amendmentAuthors.map((a) => [a.id, a.author.name]));
  const declined = await db.amendment.findMany({
    where: { proposalId, status: "declined" },
    select: { id: true, title: true, decisionNote: true, decidedAt: true, author: { select: { name: true } } },
  });
  return {
    proposal: p,
    versions: versions
      .map((v, i) => ({
        version: v.version,
        change: v.change,
        authorName: authors.get(v.authorId) ?? "",
        amendedBy: v.amendmentId ? amendedBy.get(v.amendmentId) ?? null : null,
        createdAt: v.createdAt.toISOString(),
        costRupiah: v.costRupiah,
        diff: wordDiff(i === 0 ? "" : `${versions[i - 1]?.title}\n\n${versions[i - 1]?.text}`, `${v.title}\n\n${v.text}`),
      }))
      .reverse(),
    declined: declined.map((d) => ({ id: d.id, title: d.title, note: d.decisionNote, authorName: d.author.name, decidedAt: d.decidedAt?.toISOString() ?? null })),
  };
}

export async function addArgument(actor: Actor, proposalId: string, input: Record<string, unknown>) {
  const p = await activeProposal(proposalId);
  await assertNotSuspended(actor.id, await reportForForum(p.reportId));
  const parsed = ArgumentSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  return db.argument.create({ data: { proposalId, authorId: actor.id, side: parsed.data.side, text: parsed.data.text }, select: { id: true } });
}

export async function agreeWithArgument(actor: Actor, argumentId: string): Promise<void> {
  const arg = await db.argument.findUnique({ where: { id: argumentId }, select: { authorId: true, proposal: { select: { status: true, reportId: true } } } });
  if (!arg) throw new ServiceError(404, "errors.not_found");
  if (arg.authorId === actor.id) throw new ServiceError(409, "errors.agree_own");
  await assertNotSuspended(actor.id, await reportForForum(arg.proposal.reportId));
  try {
    await db.$transaction(async (tx) => {
      await tx.argumentAgree.create({ data: { argumentId, userId: actor.id } });
      await tx.argument.update({ where: { id: argumentId }, data: { agreeCount: { increment: 1 } } });
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new ServiceError(409, "errors.already_agreed");
    throw error;
  }
}

/**
 * A fasilitator merges a duplicate into the surviving proposal: its followers, arguments and thread move
 * over (later votes follow the merge link), the old address redirects with a note, the timeline says so.
 */
export async function mergeProposals(actor: Actor, fromId: string, input: { intoId?: unknown; note?: unknown }) {
  const from = await activeProposal(fromId);
  // Who may merge is checked before the input, so a refusal never depends on what was sent.
  const report = await reportForForum(from.reportId);
  if (!mayModerate(actor, report)) throw new ServiceError(403, "errors.forbidden");
  const intoId = typeof input.intoId === "string" ? input.intoId : "";
  if (!intoId || intoId === fromId) throw new ServiceError(422, "errors.form_invalid", { intoId: "errors.merge_target" });
  const into = await db.proposal.findUnique({ where: { id: intoId }, select: { id: true, reportId: true, status: true, title: true } });
  if (!into || into.reportId !== from.reportId || into.status !== "active") {
    throw new ServiceError(422, "errors.form_invalid", { intoId: "errors.merge_target" });
  }
  const note = typeof input.note === "string" ? input.note.trim().slice(0, 500) : "";
  const fanout = await db.$transaction(async (tx) => {
    const followers = await followerIds(tx, "proposal", fromId);
    for (const userId of followers) await follow(tx, userId, "proposal", intoId);
    await tx.follow.deleteMany({ where: { targetType: "proposal", targetId: fromId } });
    await tx.argument.updateMany({ where: { proposalId: fromId }, data: { proposalId: intoId } });
    const moved = await tx.comment.updateMany({ where: { threadId: fromId }, data: { threadId: intoId } });
    await tx.proposal.update({ where: { id: fromId }, data: { commentCount: 0 } });
    await tx.proposal.update({ where: { id: intoId }, data: { commentCount: { increment: moved.count } } });
    await tx.amendment.updateMany({ where: { proposalId: fromId, status: "pending" }, data: { status: "declined", decisionNote: "merged", decidedAt: new Date() } });
    await tx.proposal.update({ where: { id: fromId }, data: { status: "merged", mergedIntoId: intoId, mergeNote: note || null } });
    await appendAuditEvent(tx, { reportId: from.reportId, actorId: actor.id, type: "proposal.merged", data: { from: from.title, into: into.title, fromId, intoId, note } });
    // Named here: the merged proposal's followers are moved over in this transaction.
    return queueNotifications(tx, { reportId: from.reportId, proposalId: intoId, actorId: actor.id, excerpt: `${from.title} → ${into.title}` }, [
      { kind: "merged", userIds: followers },
    ]);
  });
  await ringFanouts([fanout]);
}
