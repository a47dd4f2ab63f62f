import { db, lockFor, type Tx } from "~/db.server";
import { isCaseOfficer } from "~/domain/case-policy";
import { fixAnswerProblem, fixAskAt, fixEffect, fixRole, isDoubted, REOPEN_LIMIT_DAYS, type FixAnswer, type FixEffect, type FixRole } from "~/domain/fix-check";
import type { Actor } from "~/domain/roles";
import { appendAuditEvent } from "./audit.server";
import { ServiceError } from "./errors";
import { notify, queueNotifications, ringFanouts } from "./notifications.server";
import { ringOutbox } from "./outbox.server";
import { responsibleAgency } from "./routing.server";

// Residents confirm the fix: a check opened when a fix is marked done, the question sent after FIX_CHECK_DAYS,
// answers from the reporter, the case's participants and the kelurahan's residents, the reporter's "belum" reopening
// the case, three residents' "belum" putting it in doubt (the agency must answer within its SLA), and the sweeper
// escalating an unanswered doubt to the DPRD. The rules are in domain/fix-check.ts.

/** Inside the transaction that marks a fix done: its check (once per fix). */
export async function openFixCheck(tx: Tx, reportId: string, fixedAt: Date) {
  await tx.fixCheck.upsert({ where: { reportId_fixedAt: { reportId, fixedAt } }, create: { reportId, fixedAt, askAt: fixAskAt(fixedAt) }, update: {} });
}

/** What the workflow needs to reopen a fix: who reported it, and whether its category lets a reporter reopen. */
export async function reporterFacts(tx: Tx, reportId: string) {
  const r = await tx.report.findUnique({ where: { id: reportId }, select: { reporterId: true, category: { select: { fixReopenable: true } } } });
  return { reporterId: r?.reporterId ?? null, fixReopenable: r?.category.fixReopenable ?? true };
}

/** Who took part in a report's case: its voters and its proposers. */
async function participantIds(client: Tx, reportId: string): Promise<Set<string>> {
  const [ballots, proposals] = await Promise.all([
    client.ballot.findMany({ where: { deliberation: { reportId }, userId: { not: null } }, select: { userId: true } }),
    client.proposal.findMany({ where: { reportId }, select: { authorId: true } }),
  ]);
  return new Set([...ballots.map((b) => b.userId!), ...proposals.map((p) => p.authorId)]);
}

const latestCheck = (client: Tx, reportId: string) => client.fixCheck.findFirst({ where: { reportId }, orderBy: { fixedAt: "desc" } });

/** For the sweeper: checks whose question is due. */
export async function dueFixChecks(now = new Date()): Promise<string[]> {
  const rows = await db.fixCheck.findMany({ where: { askedAt: null, askAt: { lte: now } }, select: { id: true }, take: 200 });
  return rows.map((r) => r.id);
}

/** Sends the question to the reporter and the participants (once: the check is claimed in the same transaction). */
export async function askFixCheck(checkId: string, now = new Date()) {
  const fanout = await db.$transaction(async (tx) => {
    const claimed = await tx.fixCheck.updateMany({ where: { id: checkId, askedAt: null }, data: { askedAt: now } });
    if (claimed.count === 0) return null;
    const check = await tx.fixCheck.findUniqueOrThrow({ where: { id: checkId }, select: { reportId: true, status: true } });
    const report = await tx.report.findUniqueOrThrow({ where: { id: check.reportId }, select: { reporterId: true, status: true } });
    // One question per fix: not for a fix reopened meanwhile, superseded by a newer one, or no longer marked done.
    const latest = await latestCheck(tx, check.reportId);
    if (latest?.id !== checkId || check.status === "dibuka_kembali" || report.status !== "selesai") return null;
    if (check.status === "menunggu") await tx.fixCheck.update({ where: { id: checkId }, data: { status: "ditanya" } });
    const people = await participantIds(tx, check.reportId);
    if (report.reporterId) people.add(report.reporterId);
    return queueNotifications(tx, { reportId: check.reportId, actorId: null, excerpt: "" }, [{ kind: "fix_check", userIds: [...people] }]);
  });
  await ringFanouts([fanout]);
}

/** An answer checked before its transaction: who is answering (or 403) and what (or 422). */
export interface PreparedFixAnswer {
  userId: string;
  role: FixRole;
  answer: FixAnswer;
  text: string;
  reopenable: boolean;
  /** The agency answerable for the fix (read before the transaction: the routing table is not read inside one). */
  agencyId: string | null;
}

export async function prepareFixAnswer(actor: Actor, reportId: string, input: { answer: unknown; text: unknown }): Promise<PreparedFixAnswer> {
  const text = typeof input.text === "string" ? input.text.trim() : "";
  const report = await db.report.findUnique({ where: { id: reportId }, select: { reporterId: true, kelurahanCode: true, category: { select: { fixReopenable: true } } } });
  if (!report) throw new ServiceError(404, "errors.not_found");
  const me = await db.user.findUnique({ where: { id: actor.id }, select: { homeKelurahanCode: true } });
  const role = fixRole(actor.id, { reporterId: report.reporterId ?? "", participantIds: await participantIds(db, reportId), kelurahanCode: report.kelurahanCode }, me?.homeKelurahanCode ?? null);
  // Who first: someone who may not answer learns nothing about the check.
  if (!role) throw new ServiceError(403, "errors.fix_not_resident");
  const problem = fixAnswerProblem(input.answer, text);
  if (problem) throw new ServiceError(422, "errors.form_invalid", problem);
  return { userId: actor.id, role, answer: input.answer as FixAnswer, text, reopenable: report.category.fixReopenable, agencyId: await fixAgencyId(reportId) };
}

/** What an answer would do to the report's latest fix now (null: no fix waiting for answers). */
export async function peekFixEffect(reportId: string, a: PreparedFixAnswer, now: Date): Promise<FixEffect | null> {
  const check = await latestCheck(db, reportId);
  if (!check || check.status === "dibuka_kembali") return null;
  return fixEffect(a.role, a.answer, check.fixedAt, now, a.reopenable);
}

/**
 * Inside the caller's transaction (holding the case's lock): records an answer to the report's latest fix (changeable)
 * and applies what it does short of reopening: a dispute, the third within two weeks, puts the fix in doubt (the
 * agency's officers are told, and must answer within its SLA). Returns the answer's effect and the outbox rows to ring.
 */
export async function recordFixAnswer(tx: Tx, reportId: string, a: PreparedFixAnswer, now: Date): Promise<{ effect: FixEffect; outbox: string[] }> {
  const check = await latestCheck(tx, reportId);
  // Answered only while the fix stands (not once reopened), and only after it was marked done.
  if (!check || check.status === "dibuka_kembali") throw new ServiceError(409, "errors.fix_not_open");
  await tx.fixAnswer.upsert({
    where: { checkId_userId: { checkId: check.id, userId: a.userId } },
    create: { checkId: check.id, userId: a.userId, answer: a.answer, role: a.role, text: a.text, createdAt: now, updatedAt: now },
    update: { answer: a.answer, role: a.role, text: a.text, updatedAt: now },
  });
  await appendAuditEvent(tx, { reportId, actorId: a.userId, type: "fix.answered", data: { answer: a.answer, role: a.role, ...(a.text ? { text: a.text } : {}) } });
  const effect = fixEffect(a.role, a.answer, check.fixedAt, now, a.reopenable);
  if (effect !== "dispute" || check.status === "diragukan") return { effect, outbox: [] };
  const disputes = await tx.fixAnswer.findMany({ where: { checkId: check.id, answer: "belum", role: { not: "pelapor" } }, select: { userId: true, updatedAt: true } });
  // The reporter's own "belum" counts too when their category does not reopen.
  const own = a.role === "pelapor" ? [{ userId: a.userId, at: now }] : [];
  if (!isDoubted([...disputes.map((d) => ({ userId: d.userId, at: d.updatedAt })), ...own], now)) return { effect, outbox: [] };
  const agencyId = a.agencyId;
  const agency = agencyId ? await tx.agency.findUnique({ where: { id: agencyId }, select: { slaDays: true } }) : null;
  const respondBy = new Date(now.getTime() + (agency?.slaDays ?? 14) * 86_400_000);
  await tx.fixCheck.update({ where: { id: check.id }, data: { status: "diragukan", doubtedAt: now, respondBy } });
  await appendAuditEvent(tx, { reportId, actorId: null, type: "fix.doubted", data: { respondBy: respondBy.toISOString() } });
  const officers = agencyId ? await tx.user.findMany({ where: { role: "petugas", agencyId }, select: { id: true } }) : [];
  return { effect, outbox: await notify(tx, officers.map((o) => o.id), { kind: "fix_doubted", reportId, actorId: null, excerpt: respondBy.toISOString() }) };
}

/** An answer that reopens nothing, in its own transaction under the case's lock. */
export async function answerFixCheck(reportId: string, a: PreparedFixAnswer, now = new Date()): Promise<FixEffect> {
  const { effect, outbox } = await db.$transaction(async (tx) => {
    await lockFor(tx, `case:${reportId}`);
    return recordFixAnswer(tx, reportId, a, now);
  });
  await ringOutbox(outbox);
  return effect;
}

/**
 * The agency answerable for a fix: the case's, or for a report without one, the routing table's. Never inside a
 * transaction (the routing lookup reads outside it, which on SQLite would wait for the transaction itself).
 */
async function fixAgencyId(reportId: string): Promise<string | null> {
  const c = await db.deliberation.findUnique({ where: { reportId }, select: { agencyId: true } });
  if (c?.agencyId) return c.agencyId;
  const report = await db.report.findUnique({ where: { id: reportId }, select: { categorySlug: true, kelurahanCode: true, kecamatanCode: true, kotaCode: true } });
  return report ? (await responsibleAgency(report))?.id ?? null : null;
}

/** Inside the transaction that reopens a fix: its check is closed as "dibuka kembali" (no more answers to it). */
export async function markReopened(tx: Tx, reportId: string, now: Date) {
  const check = await latestCheck(tx, reportId);
  if (check && check.status !== "dibuka_kembali") await tx.fixCheck.update({ where: { id: check.id }, data: { status: "dibuka_kembali", reopenedAt: now } });
}

/**
 * A report without a case whose reporter said "belum": the answer, the report back to "diproses" and its check
 * closed, in one transaction; the agency's officers are told.
 */
export async function reopenReport(reportId: string, a: PreparedFixAnswer, now = new Date()) {
  const outbox = await db.$transaction(async (tx) => {
    await lockFor(tx, `case:${reportId}`);
    const { effect } = await recordFixAnswer(tx, reportId, a, now);
    const moved = effect === "reopen" ? await tx.report.updateMany({ where: { id: reportId, status: "selesai" }, data: { status: "diproses" } }) : { count: 0 };
    if (moved.count === 0) throw new ServiceError(409, "errors.fix_not_open");
    await markReopened(tx, reportId, now);
    await appendAuditEvent(tx, { reportId, actorId: a.userId, type: "report.status_changed", data: { from: "selesai", to: "diproses" } });
    return tellAgencyOfReopening(tx, reportId, a);
  });
  await ringOutbox(outbox);
}

/** The agency's officers hear that a fix of theirs was reopened (inside the reopening transaction). */
export async function tellAgencyOfReopening(tx: Tx, reportId: string, a: PreparedFixAnswer): Promise<string[]> {
  const officers = a.agencyId ? await tx.user.findMany({ where: { role: "petugas", agencyId: a.agencyId }, select: { id: true } }) : [];
  return notify(tx, officers.map((o) => o.id), { kind: "fix_reopened", reportId, actorId: a.userId, excerpt: "" });
}

/** The agency's answer to a fix in doubt (its officers, or an admin). */
export async function respondToDoubt(actor: Actor, reportId: string, textRaw: unknown, now = new Date()) {
  if (!isCaseOfficer(actor, await fixAgencyId(reportId))) throw new ServiceError(403, "errors.case_forbidden");
  const text = typeof textRaw === "string" ? textRaw.trim() : "";
  if (text.length < 10 || text.length > 2000) throw new ServiceError(422, "errors.form_invalid", { agencyResponse: "errors.fix_explanation" });
  await db.$transaction(async (tx) => {
    await lockFor(tx, `case:${reportId}`);
    const check = await latestCheck(tx, reportId);
    if (!check || check.status !== "diragukan" || check.respondedAt) throw new ServiceError(409, "errors.fix_not_open");
    await tx.fixCheck.update({ where: { id: check.id }, data: { agencyResponse: text, respondedAt: now } });
    await appendAuditEvent(tx, { reportId, actorId: actor.id, type: "fix.agency_response", data: { text } });
  });
}

/** For the sweeper: doubts the agency left unanswered past its SLA go to the region's DPRD members (once). */
export async function escalateOverdueDoubts(now = new Date()) {
  const late = await db.fixCheck.findMany({ where: { status: "diragukan", respondedAt: null, escalatedAt: null, respondBy: { lte: now } }, select: { id: true, reportId: true, respondBy: true }, take: 200 });
  for (const check of late) {
    const outbox = await db.$transaction(async (tx) => {
      const claimed = await tx.fixCheck.updateMany({ where: { id: check.id, escalatedAt: null }, data: { escalatedAt: now } });
      if (claimed.count === 0) return [];
      const report = await tx.report.findUniqueOrThrow({ where: { id: check.reportId }, select: { kelurahanCode: true, kecamatanCode: true, kotaCode: true } });
      const members = await tx.user.findMany({ where: { role: "dprd", regions: { some: { regionCode: { in: [report.kelurahanCode, report.kecamatanCode, report.kotaCode] } } } }, select: { id: true } });
      return notify(tx, members.map((m) => m.id), { kind: "fix_doubted", reportId: check.reportId, actorId: null, excerpt: check.respondBy?.toISOString() ?? "" });
    });
    await ringOutbox(outbox);
  }
  return late.length;
}

/** The report page's "Sudah diperbaiki?": the latest check, its counts, and what this viewer may do. */
export async function fixCheckView(reportId: string, actor: Actor | null, now = new Date()) {
  const check = await db.fixCheck.findFirst({ where: { reportId }, orderBy: { fixedAt: "desc" } });
  if (!check) return null;
  const [answers, report, me, agencyId] = await Promise.all([
    db.fixAnswer.groupBy({ by: ["answer"], where: { checkId: check.id }, _count: { _all: true } }),
    db.report.findUniqueOrThrow({ where: { id: reportId }, select: { reporterId: true, kelurahanCode: true } }),
    actor ? db.user.findUnique({ where: { id: actor.id }, select: { homeKelurahanCode: true } }) : null,
    fixAgencyId(reportId),
  ]);
  const mine = actor ? await db.fixAnswer.findUnique({ where: { checkId_userId: { checkId: check.id, userId: actor.id } }, select: { answer: true, text: true } }) : null;
  const role = actor ? fixRole(actor.id, { reporterId: report.reporterId ?? "", participantIds: await participantIds(db, reportId), kelurahanCode: report.kelurahanCode }, me?.homeKelurahanCode ?? null) : null;
  const count = (a: string) => answers.find((x) => x.answer === a)?._count._all ?? 0;
  return {
    status: check.status,
    fixedAt: check.fixedAt.toISOString(),
    askedAt: check.askedAt?.toISOString() ?? null,
    respondBy: check.respondBy?.toISOString() ?? null,
    agencyResponse: check.agencyResponse,
    counts: { sudah: count("sudah"), belum: count("belum"), tidak_tahu: count("tidak_tahu") },
    role,
    mine,
    /** The reporter past the reopening limit is offered a new linked report instead. */
    pastReopenLimit: now.getTime() - check.fixedAt.getTime() > REOPEN_LIMIT_DAYS * 86_400_000,
    canAnswer: !!role && check.status !== "dibuka_kembali",
    canRespond: check.status === "diragukan" && !check.respondedAt && isCaseOfficer(actor, agencyId),
  };
}
export type FixCheckView = NonNullable<Awaited<ReturnType<typeof fixCheckView>>>;
