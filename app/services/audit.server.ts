import type { Tx } from "~/db.server";
import type { AuditEventType } from "~/domain/audit";

/** The only way events are written: inside the caller's transaction, insert-only. */
export async function appendAuditEvent(
  tx: Tx,
  event: { reportId: string | null; actorId: string | null; type: AuditEventType; data?: Record<string, unknown> },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      reportId: event.reportId,
      actorId: event.actorId,
      type: event.type,
      data: JSON.stringify(event.data ?? {}),
    },
  });
}
