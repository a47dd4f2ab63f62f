import type { Tx } from "~/db.server";
import { db } from "~/db.server";
import { EMAIL_MODES, type EmailMode } from "~/domain/deliberation";
import { ServiceError } from "./errors";
import { outboxLeaseMs, ringOutbox, writeOutboxMany } from "./outbox.server";
import { enqueueMany } from "./queue.server";

export type NotificationKind = "reply" | "mention" | "comment" | "proposal" | "amendment" | "amendment_decided" | "merged" | "phase" | "sla_reminder" | "sla_overdue" | "dprd_statement" | "dprd_hearing" | "result_progress" | "alternative_escalated" | "alternative_vote" | "fix_check" | "fix_doubted" | "fix_reopened";

export interface NotificationEvent {
  kind: NotificationKind;
  reportId: string;
  proposalId?: string | null;
  commentId?: string | null;
  actorId: string | null;
  excerpt: string;
}

/**
 * Inside the caller's transaction: one notification per recipient (never the actor), and for those who
 * want instant e-mail an outbox row. Returns the outbox ids to ring after commit. Requests do not call this: they
 * record the event with `queueNotifications` and the worker fans it out (`fanOut`).
 */
export async function notify(tx: Tx, recipientIds: Iterable<string>, event: NotificationEvent): Promise<string[]> {
  return writeNotifications(tx, [{ event, recipients: [...recipientIds].map((userId) => ({ userId, kind: event.kind })) }]);
}

type Recipient = { userId: string; kind: NotificationKind };

/**
 * The notifications of one or more events in one statement (whatever their kinds: reply, mention, comment…): per
 * event, never its actor and nobody twice (the first kind wins); then the e-mail outbox rows of those who want them now.
 */
async function writeNotifications(tx: Tx, events: { event: Omit<NotificationEvent, "kind">; recipients: Recipient[] }[]): Promise<string[]> {
  const data = events.flatMap(({ event, recipients }) => {
    const seen = new Set<string>();
    return recipients
      .filter((r) => {
        if (r.userId === event.actorId || seen.has(r.userId)) return false;
        seen.add(r.userId);
        return true;
      })
      .map(({ userId, kind }) => ({
        userId,
        kind,
        reportId: event.reportId,
        proposalId: event.proposalId ?? null,
        commentId: event.commentId ?? null,
        actorId: event.actorId,
        excerpt: event.excerpt.slice(0, 280),
      }));
  });
  if (data.length === 0) return [];
  const created = await tx.notification.createManyAndReturn({ data, select: { id: true, userId: true } });
  const instant = await tx.user.findMany({ where: { id: { in: [...new Set(data.map((n) => n.userId))] }, emailNotifications: "instant" }, select: { id: true } });
  const wantsMail = new Set(instant.map((u) => u.id));
  return writeOutboxMany(
    tx,
    "email.notification",
    created.filter((n) => wantsMail.has(n.userId)).map((n) => ({ notificationId: n.id })),
  );
}

/** Who hears of an event: named people, or whoever follows a report or proposal when the worker fans it out. */
export type Audience =
  | { kind: NotificationKind; userIds: string[] }
  | { kind: NotificationKind; followersOf: { type: "report" | "proposal"; id: string } };

/**
 * Inside the caller's transaction: records that the event owes notifications to `audiences` (in order of
 * precedence: someone in two hears only the first). The worker writes them (`fanOut`), so a comment on a report
 * with thousands of followers costs its request one row. Returns the fan-out id to ring after commit (null when
 * nobody can be owed anything).
 */
export async function queueNotifications(tx: Tx, event: Omit<NotificationEvent, "kind">, audiences: Audience[]): Promise<string | null> {
  const owed = audiences.filter((a) => "followersOf" in a || a.userIds.some((id) => id !== event.actorId));
  if (owed.length === 0) return null;
  const row = await tx.notificationFanout.create({
    data: {
      reportId: event.reportId,
      proposalId: event.proposalId ?? null,
      commentId: event.commentId ?? null,
      actorId: event.actorId,
      excerpt: event.excerpt.slice(0, 280),
      audiences: JSON.stringify(owed),
    },
    select: { id: true },
  });
  return row.id;
}

/** After commit: ask the worker to fan these events out now (the sweeper rings any it missed). */
export async function ringFanouts(ids: readonly (string | null)[]): Promise<boolean> {
  const present = ids.filter((id): id is string => !!id);
  if (present.length === 0) return true;
  return enqueueMany("notify.fanout", present.map((fanoutId) => ({ payload: { fanoutId }, rowId: fanoutId })));
}

/** Events fanned out together: one transaction and a handful of statements for all of them. */
export const FANOUT_BATCH = 25;

/**
 * For the worker: writes the notifications (and e-mail outbox rows) an event owes, exactly once, together with those
 * of up to FANOUT_BATCH - 1 other events still waiting (their own jobs then find them done). Each row is marked done
 * in the transaction that writes its notifications, and only if it was not done yet: a second run, or a run racing
 * this one in another worker, writes nothing for it. Followers are those who followed by the time of the event and
 * still do. "done" when this run wrote the event's notifications, "already" when another run had.
 */
export async function fanOut(fanoutId: string, now = new Date()): Promise<"done" | "already"> {
  // A job whose event went out with another job's batch ends here, without taking the write lock.
  const state = await db.notificationFanout.findUnique({ where: { id: fanoutId }, select: { doneAt: true } });
  if (!state || state.doneAt) return "already";
  const result = await db.$transaction(async (tx) => {
    const others = await tx.notificationFanout.findMany({
      where: { doneAt: null, id: { not: fanoutId }, createdAt: { lte: now } },
      orderBy: { createdAt: "asc" },
      take: FANOUT_BATCH - 1,
      select: { id: true },
    });
    const rows = await tx.notificationFanout.updateManyAndReturn({
      where: { id: { in: [fanoutId, ...others.map((o) => o.id)] }, doneAt: null },
      data: { doneAt: now },
    });
    // Followers read once per report or proposal for the whole batch.
    const follows = new Map<string, { userId: string; createdAt: Date }[]>();
    const events = [];
    for (const row of rows) {
      const recipients: Recipient[] = [];
      for (const audience of JSON.parse(row.audiences) as Audience[]) {
        let userIds: string[];
        if ("userIds" in audience) userIds = audience.userIds;
        else {
          const { type, id } = audience.followersOf;
          const key = `${type}:${id}`;
          let list = follows.get(key);
          if (!list) follows.set(key, (list = await tx.follow.findMany({ where: { targetType: type, targetId: id }, select: { userId: true, createdAt: true } })));
          // Those who followed by the event (as if it had been fanned out in its own transaction) and still do.
          userIds = list.filter((f) => f.createdAt <= row.createdAt).map((f) => f.userId);
        }
        for (const userId of userIds) recipients.push({ userId, kind: audience.kind });
      }
      events.push({ event: row, recipients });
    }
    return { mine: rows.some((r) => r.id === fanoutId), outbox: await writeNotifications(tx, events) };
  });
  await ringOutbox(result.outbox);
  return result.mine ? "done" : "already";
}

/**
 * For the sweeper: events whose fan-out has not run (lost job, rung while Redis was down, Redis wiped). Rows younger
 * than an outbox lease are left to their own ring, as outbox rows are.
 */
export async function pendingFanoutIds(olderThanMs = outboxLeaseMs(), now = new Date(), limit = 1000): Promise<string[]> {
  const rows = await db.notificationFanout.findMany({
    where: { doneAt: null, createdAt: { lt: new Date(now.getTime() - olderThanMs) } },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Fans out every event still owed, here and now (scripts and tests; the worker does it through its jobs). */
export async function fanOutPending(): Promise<void> {
  for (const id of await pendingFanoutIds(0, new Date(Date.now() + 1))) await fanOut(id);
}

/** Done fan-outs are kept a week (a trace of what was sent), then removed by the sweeper. */
export async function purgeDoneFanouts(now = new Date()): Promise<number> {
  const { count } = await db.notificationFanout.deleteMany({ where: { doneAt: { lt: new Date(now.getTime() - 7 * 86_400_000) } } });
  return count;
}

/** Followers of a report or proposal (targetType "report" | "proposal"). */
export async function followerIds(tx: Tx, targetType: "report" | "proposal", targetId: string): Promise<string[]> {
  const rows = await tx.follow.findMany({ where: { targetType, targetId }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

export async function follow(tx: Tx, userId: string, targetType: "report" | "proposal", targetId: string): Promise<void> {
  await tx.follow.upsert({
    where: { userId_targetType_targetId: { userId, targetType, targetId } },
    create: { userId, targetType, targetId },
    update: {},
  });
}

export async function setFollowing(userId: string, targetType: "report" | "proposal", targetId: string, on: boolean) {
  const exists =
    targetType === "report"
      ? await db.report.findUnique({ where: { id: targetId }, select: { id: true } })
      : await db.proposal.findUnique({ where: { id: targetId }, select: { id: true } });
  if (!exists) throw new ServiceError(404, "errors.not_found");
  if (on) await db.$transaction((tx) => follow(tx, userId, targetType, targetId));
  else await db.follow.deleteMany({ where: { userId, targetType, targetId } });
}

export async function isFollowing(userId: string | undefined, targetType: "report" | "proposal", targetId: string) {
  if (!userId) return false;
  const row = await db.follow.findUnique({ where: { userId_targetType_targetId: { userId, targetType, targetId } } });
  return row !== null;
}

export const NOTIFICATION_PAGE = 30;

export async function listNotifications(userId: string, before?: string) {
  const rows = await db.notification.findMany({
    where: { userId, ...(before ? { createdAt: { lt: new Date(before) } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: NOTIFICATION_PAGE + 1,
    select: { id: true, kind: true, reportId: true, proposalId: true, commentId: true, actorId: true, excerpt: true, readAt: true, createdAt: true },
  });
  const page = rows.slice(0, NOTIFICATION_PAGE);
  const actorIds = [...new Set(page.map((n) => n.actorId).filter((id): id is string => !!id))];
  const [actors, reports] = await Promise.all([
    db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }),
    db.report.findMany({ where: { id: { in: [...new Set(page.map((n) => n.reportId))] } }, select: { id: true, number: true, title: true } }),
  ]);
  const names = new Map(actors.map((a) => [a.id, a.name]));
  const reportById = new Map(reports.map((r) => [r.id, r]));
  return {
    items: page.map((n) => ({ ...n, actorName: n.actorId ? names.get(n.actorId) ?? null : null, report: reportById.get(n.reportId) ?? null })),
    nextBefore: rows.length > NOTIFICATION_PAGE ? page.at(-1)?.createdAt.toISOString() ?? null : null,
  };
}

export async function unreadCount(userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

export async function markAllRead(userId: string): Promise<void> {
  await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
}

export async function emailMode(userId: string): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailNotifications: true } });
  return user?.emailNotifications ?? "instant";
}

export async function setEmailMode(userId: string, mode: unknown): Promise<EmailMode> {
  if (typeof mode !== "string" || !(EMAIL_MODES as readonly string[]).includes(mode)) {
    throw new ServiceError(422, "errors.form_invalid", { emailNotifications: "errors.email_mode" });
  }
  await db.user.update({ where: { id: userId }, data: { emailNotifications: mode } });
  return mode as EmailMode;
}
