import { z } from "zod";
import { db } from "~/db.server";
import type { Tally } from "~/domain/ballot";
import { isOverdue, SLA_STATES, tallyPublished, type CaseState } from "~/domain/case-workflow";
import { daysToAnswer } from "~/domain/dashboard";
import { clampPage } from "~/domain/pagination";
import {
  compareDossiers, DOSSIER_PAGE_SIZE, FORUM_MAX, inDprdScope, jakartaDayStart, NOTE_MAX, NOTE_VISIBILITIES,
  participation, type DossierFilters,
} from "~/domain/dossier";
import type { Actor } from "~/domain/roles";
import { fieldErrors } from "~/domain/validation";
import { appendAuditEvent } from "./audit.server";
import { getCase } from "./cases/case-view.server";
import { queueNotifications, ringFanouts } from "./notifications.server";
import { ServiceError } from "./errors";
import { referenceData, regionPath } from "./reference-data.server";
import { getReport } from "./reports.server";

// The DPRD review desk: the dossiers of a member's regions, each with everything a hearing needs, and what
// the member adds to them (notes, public statements, endorsements, hearing dates). An admin sees every region.

/** How many matching dossiers the desk orders in memory; a member's regions hold far fewer cases than this. */
const DESK_SCAN_MAX = 5000;

export function requireDprd(actor: Actor | null): asserts actor is Actor {
  if (!actor || (actor.role !== "dprd" && actor.role !== "admin")) throw new ServiceError(403, "errors.forbidden");
}

const scopeWhere = (actor: Actor) =>
  actor.role === "admin"
    ? {}
    : { OR: [{ kotaCode: { in: [...actor.regionCodes] } }, { kecamatanCode: { in: [...actor.regionCodes] } }, { kelurahanCode: { in: [...actor.regionCodes] } }] };

async function assertInScope(actor: Actor, reportId: string) {
  requireDprd(actor);
  const report = await db.report.findUnique({ where: { id: reportId }, select: { id: true, kotaCode: true, kecamatanCode: true, kelurahanCode: true } });
  if (!report) throw new ServiceError(404, "errors.report_not_found");
  if (actor.role !== "admin" && !inDprdScope(actor.regionCodes, report)) throw new ServiceError(403, "errors.dprd_out_of_scope");
  return report;
}

export interface DossierRow {
  reportId: string;
  number: number;
  title: string;
  categorySlug: string;
  kelurahanCode: string;
  place: string;
  state: CaseState;
  overdue: boolean;
  dueAt: Date | null;
  votingClosesAt: Date | null;
  createdAt: Date;
  voters: number;
  comments: number;
  proposals: number;
  agencyName: string | null;
  answer: string | null;
  answerDays: number | null;
  winnerTitle: string | null;
  reason: string | null;
  hearingDate: Date | null;
}

/** Every dossier in the member's regions that matches the filters, in the order asked for. */
export async function findDossiers(actor: Actor, f: DossierFilters, now = new Date()): Promise<DossierRow[]> {
  requireDprd(actor);
  const region = f.kelurahan ? { kelurahanCode: f.kelurahan } : f.kecamatan ? { kecamatanCode: f.kecamatan } : f.kota ? { kotaCode: f.kota } : {};
  const from = f.from ? jakartaDayStart(f.from) : null;
  const toStart = f.to ? jakartaDayStart(f.to) : null;
  const createdAt = {
    ...(from ? { gte: from } : {}),
    ...(toStart ? { lt: new Date(toStart.getTime() + 24 * 3600_000) } : {}),
  };
  const rows = await db.deliberation.findMany({
    where: {
      // "Overdue" is a case owing the agency's answer past its date (sent to it, or a fix reopened), so with another
      // phase chosen nothing matches.
      ...(f.phase || f.overdue
        ? { state: f.overdue && f.phase && !SLA_STATES.includes(f.phase) ? "-" : f.overdue ? (f.phase ? f.phase : { in: [...SLA_STATES] }) : f.phase }
        : {}),
      ...(f.overdue ? { dueAt: { lt: now } } : {}),
      ...(f.agency ? { agencyId: f.agency } : {}),
      report: {
        AND: [scopeWhere(actor), region, f.category ? { categorySlug: f.category } : {}, Object.keys(createdAt).length ? { createdAt } : {}],
      },
    },
    take: DESK_SCAN_MAX,
    select: {
      id: true, reportId: true, state: true, dueAt: true, votingClosesAt: true, agencyId: true, answer: true, sentAt: true,
      answeredAt: true, tally: true, winnerProposalId: true, showResultsBeforeClose: true,
      report: { select: { number: true, title: true, categorySlug: true, kelurahanCode: true, createdAt: true, commentCount: true } },
    },
  });
  const ids = rows.map((r) => r.reportId);
  const [ref, ballotCounts, proposalCounts, agencies, winners, hearings] = await Promise.all([
    referenceData(),
    // Grouped over these cases' ballots only (Prisma's relation `_count` would group every ballot in the database).
    db.ballot.groupBy({ by: ["deliberationId"], where: { deliberationId: { in: rows.map((r) => r.id) } }, _count: { _all: true } }),
    db.proposal.groupBy({ by: ["reportId"], where: { reportId: { in: ids }, status: "active" }, _count: { _all: true } }),
    db.agency.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.agencyId ? [r.agencyId] : [])))] } }, select: { id: true, name: true } }),
    db.proposal.findMany({ where: { id: { in: rows.flatMap((r) => (r.winnerProposalId ? [r.winnerProposalId] : [])) } }, select: { id: true, title: true } }),
    db.hearingMark.findMany({ where: { reportId: { in: ids } }, orderBy: { hearingDate: "desc" }, select: { reportId: true, hearingDate: true } }),
  ]);
  const proposalsOf = new Map(proposalCounts.map((c) => [c.reportId, c._count._all]));
  const votersOf = new Map(ballotCounts.map((c) => [c.deliberationId, c._count._all]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  const winnerTitle = new Map(winners.map((w) => [w.id, w.title]));
  const hearingOf = new Map<string, Date>();
  for (const h of hearings) if (!hearingOf.has(h.reportId)) hearingOf.set(h.reportId, h.hearingDate);
  const dossiers = rows.map((r): DossierRow => {
    const state = r.state as CaseState;
    const tally = r.tally && tallyPublished(state, r.showResultsBeforeClose) ? (JSON.parse(r.tally) as Tally) : null;
    return {
      reportId: r.reportId,
      number: r.report.number,
      title: r.report.title,
      categorySlug: r.report.categorySlug,
      kelurahanCode: r.report.kelurahanCode,
      place: regionPath(ref, r.report.kelurahanCode),
      state,
      overdue: isOverdue(state, r.dueAt, now),
      dueAt: r.dueAt,
      votingClosesAt: r.votingClosesAt,
      createdAt: r.report.createdAt,
      voters: votersOf.get(r.id) ?? 0,
      comments: r.report.commentCount,
      proposals: proposalsOf.get(r.reportId) ?? 0,
      agencyName: r.agencyId ? agencyName.get(r.agencyId) ?? null : null,
      answer: r.answer,
      answerDays: daysToAnswer(r.sentAt, r.answeredAt),
      winnerTitle: r.winnerProposalId ? winnerTitle.get(r.winnerProposalId) ?? null : null,
      reason: tally?.reason ?? null,
      hearingDate: hearingOf.get(r.reportId) ?? null,
    };
  });
  return dossiers.sort(compareDossiers(f.sort));
}

/** One page of the desk (a page past the last shows the last), with the filter choices limited to the member's regions. */
export async function dossierPage(actor: Actor, f: DossierFilters, asked: number, now = new Date()) {
  const all = await findDossiers(actor, f, now);
  const ref = await referenceData();
  const regions = actor.role === "admin" ? null : new Set(actor.regionCodes);
  const page = clampPage(asked, all.length, DOSSIER_PAGE_SIZE);
  return {
    page,
    total: all.length,
    overdue: all.filter((d) => d.overdue).length,
    dossiers: all.slice((page - 1) * DOSSIER_PAGE_SIZE, page * DOSSIER_PAGE_SIZE).map((d) => ({ ...d, participation: participation(d) })),
    regionNames: regions ? [...regions].map((c) => ref.byCode.get(c)?.name ?? c) : [],
    agencies: await db.agency.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
  };
}

/** Everything a dossier page and its PDF show: the report, the case, proposals with endorsements, DPRD notes. */
export async function getDossier(actor: Actor, reportId: string) {
  await assertInScope(actor, reportId);
  const [report, caseView, ref, proposals, notes, endorsements, hearings] = await Promise.all([
    getReport(reportId),
    getCase(reportId, actor),
    referenceData(),
    db.proposal.findMany({
      where: { reportId, status: "active" },
      orderBy: { createdAt: "asc" },
      select: { id: true, title: true, text: true, costRupiah: true, jointAction: true, author: { select: { name: true } } },
    }),
    db.dprdNote.findMany({
      where: { reportId, OR: [{ visibility: "public" }, { authorId: actor.id }] },
      orderBy: { createdAt: "desc" },
      select: { id: true, visibility: true, body: true, createdAt: true, authorId: true, author: { select: { name: true } } },
    }),
    db.dprdEndorsement.findMany({ where: { reportId }, orderBy: { createdAt: "asc" }, select: { proposalId: true, userId: true, user: { select: { name: true } } } }),
    db.hearingMark.findMany({ where: { reportId }, orderBy: { hearingDate: "desc" }, select: { id: true, hearingDate: true, forum: true, user: { select: { name: true } } } }),
  ]);
  const ratingsCount = caseView.rating?.count ?? 0;
  return {
    report,
    place: regionPath(ref, report.kelurahanCode),
    category: ref.categoryBySlug.get(report.categorySlug) ?? null,
    caseView,
    proposals: proposals.map((p) => ({
      id: p.id, title: p.title, text: p.text, costRupiah: p.costRupiah, jointAction: p.jointAction, authorName: p.author.name,
      endorsedBy: endorsements.filter((e) => e.proposalId === p.id).map((e) => e.user.name),
      endorsedByMe: endorsements.some((e) => e.proposalId === p.id && e.userId === actor.id),
    })),
    notes: notes.map((n) => ({ id: n.id, visibility: n.visibility, body: n.body, createdAt: n.createdAt.toISOString(), authorName: n.author.name, mine: n.authorId === actor.id })),
    hearings: hearings.map((h) => ({ id: h.id, date: h.hearingDate.toISOString(), forum: h.forum, by: h.user.name })),
    answerDays: daysToAnswer(caseView.sentAt, caseView.answeredAt),
    participation: { voters: caseView.ballotCount, comments: report.commentCount, proposals: proposals.length, ratings: ratingsCount },
  };
}
export type Dossier = Awaited<ReturnType<typeof getDossier>>;

const NoteSchema = z.object({
  visibility: z.enum(NOTE_VISIBILITIES, { errorMap: () => ({ message: "errors.note_visibility" }) }),
  body: z.string({ required_error: "errors.note_required" }).trim().min(1, "errors.note_required").max(NOTE_MAX, "errors.dprd_note_too_long"),
});

/** A private note, or a public statement that also goes on the report's timeline for everyone to read. */
export async function addDprdNote(actor: Actor, reportId: string, input: Record<string, unknown>) {
  await assertInScope(actor, reportId);
  const parsed = NoteSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const { visibility, body } = parsed.data;
  const fanout = await db.$transaction(async (tx) => {
    await tx.dprdNote.create({ data: { reportId, authorId: actor.id, visibility, body } });
    if (visibility === "private") return null;
    await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "dprd.statement", data: { note: body } });
    // Citizens following the report hear that a legislator answered them.
    return queueNotifications(tx, { reportId, actorId: actor.id, excerpt: body }, [{ kind: "dprd_statement", followersOf: { type: "report", id: reportId } }]);
  });
  await ringFanouts([fanout]);
}

/** Only the author removes a note; a public statement leaves its timeline entry (the record stays honest). */
export async function deleteDprdNote(actor: Actor, noteId: string) {
  requireDprd(actor);
  const removed = await db.dprdNote.deleteMany({ where: { id: noteId, authorId: actor.id } });
  if (removed.count === 0) throw new ServiceError(404, "errors.not_found");
}

/** Backs (or stops backing) a citizen solution of a dossier in the member's regions. */
export async function endorseProposal(actor: Actor, proposalId: string, on: boolean) {
  requireDprd(actor);
  const proposal = await db.proposal.findUnique({ where: { id: proposalId }, select: { id: true, title: true, reportId: true, status: true } });
  if (!proposal || proposal.status !== "active") throw new ServiceError(404, "errors.not_found");
  await assertInScope(actor, proposal.reportId);
  await db.$transaction(async (tx) => {
    const key = { proposalId_userId: { proposalId, userId: actor.id } };
    const existing = await tx.dprdEndorsement.findUnique({ where: key, select: { proposalId: true } });
    if (on === !!existing) return;
    if (on) await tx.dprdEndorsement.create({ data: { proposalId, userId: actor.id, reportId: proposal.reportId } });
    else await tx.dprdEndorsement.delete({ where: key });
    await appendAuditEvent(tx, { reportId: proposal.reportId, actorId: actor.id, type: on ? "dprd.endorsed" : "dprd.endorsement_withdrawn", data: { title: proposal.title } });
  });
}

const HearingSchema = z.object({
  date: z.string({ required_error: "errors.hearing_date_invalid" }).refine((v) => jakartaDayStart(v.trim()) !== null, "errors.hearing_date_invalid"),
  forum: z.preprocess((v) => v ?? "", z.string().trim().max(FORUM_MAX, "errors.forum_too_long")),
});

/** "Dibawa ke rapat": the dossier is taken to a hearing on a day; the report's timeline says so. */
export async function markHearing(actor: Actor, reportId: string, input: Record<string, unknown>) {
  await assertInScope(actor, reportId);
  const parsed = HearingSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const hearingDate = jakartaDayStart(parsed.data.date.trim())!;
  const fanout = await db.$transaction(async (tx) => {
    await tx.hearingMark.create({ data: { reportId, userId: actor.id, hearingDate, forum: parsed.data.forum } });
    await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "dprd.hearing", data: { date: hearingDate.toISOString(), forum: parsed.data.forum } });
    const when = new Intl.DateTimeFormat("id-ID", { timeZone: "Asia/Jakarta", dateStyle: "long" }).format(hearingDate);
    return queueNotifications(tx, { reportId, actorId: actor.id, excerpt: [when, parsed.data.forum].filter(Boolean).join(" · ") }, [
      { kind: "dprd_hearing", followersOf: { type: "report", id: reportId } },
    ]);
  });
  await ringFanouts([fanout]);
}

/** What the public report page shows of the DPRD's work on it. */
export async function publicDprdView(reportId: string) {
  // One query (the three lists are the report's relations): each Prisma call costs more to plan than to run.
  const row = await db.report.findUnique({
    where: { id: reportId },
    select: {
      dprdNotes: { where: { visibility: "public" }, orderBy: { createdAt: "desc" }, select: { id: true, body: true, createdAt: true, author: { select: { name: true } } } },
      endorsements: { select: { proposalId: true, user: { select: { name: true } } } },
      hearingMarks: { orderBy: { hearingDate: "desc" }, select: { id: true, hearingDate: true, forum: true } },
    },
  });
  const [statements, endorsements, hearings] = [row?.dprdNotes ?? [], row?.endorsements ?? [], row?.hearingMarks ?? []];
  const endorsedBy: Record<string, string[]> = {};
  for (const e of endorsements) (endorsedBy[e.proposalId] ??= []).push(e.user.name);
  return {
    statements: statements.map((s) => ({ id: s.id, body: s.body, createdAt: s.createdAt.toISOString(), authorName: s.author.name })),
    endorsedBy,
    hearings: hearings.map((h) => ({ id: h.id, date: h.hearingDate.toISOString(), forum: h.forum })),
  };
}

/** The list's filters in words, for the PDF cover (null when none are set). */
export async function describeDossierFilters(f: DossierFilters, t: (key: string, opts?: Record<string, unknown>) => string, lng: string): Promise<string | null> {
  const ref = await referenceData();
  const parts: string[] = [];
  const region = f.kelurahan ?? f.kecamatan ?? f.kota;
  if (region) parts.push(regionPath(ref, region));
  if (f.category) {
    const c = ref.categoryBySlug.get(f.category);
    parts.push(c ? (lng === "en" ? c.nameEn : c.nameId) : f.category);
  }
  if (f.phase) parts.push(`${t("dprd.phase")}: ${t(`case.steps.${f.phase}`)}`);
  if (f.agency) parts.push(`${t("dprd.agency")}: ${(await db.agency.findUnique({ where: { id: f.agency }, select: { name: true } }))?.name ?? f.agency}`);
  if (f.overdue) parts.push(t("dprd.overdueOnly"));
  if (f.from) parts.push(`${t("dprd.from")} ${f.from}`);
  if (f.to) parts.push(`${t("dprd.to")} ${f.to}`);
  parts.push(`${t("dprd.sort")}: ${t(`dprd.sorts.${f.sort}`)}`);
  return parts.join(" · ");
}

/** The member as the rules see them, loaded fresh (a worker has no session). */
export async function actorOf(userId: string): Promise<Actor & { name: string; locale: string }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true, agencyId: true, name: true, locale: true, regions: { select: { regionCode: true } } } });
  if (!user) throw new ServiceError(404, "errors.user_not_found");
  return { id: user.id, role: user.role as Actor["role"], agencyId: user.agencyId, regionCodes: user.regions.map((r) => r.regionCode), name: user.name, locale: user.locale };
}
