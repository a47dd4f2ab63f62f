// The kinds of event on a report's public timeline.
export const AUDIT_EVENT_TYPES = [
  "report.created",
  "report.imported",
  "report.status_changed",
  "report.photo_failed",
  "proposal.created",
  "proposal.merged",
  "comment.hidden",
  "comment.restored",
  "forum.user_suspended",
  "case.opened",
  "case.configured",
  "case.open_voting",
  "case.close_voting",
  "case.send_to_agency",
  "case.answer",
  "case.start_joint_action",
  "case.complete",
  "case.reopen",
  "case.progress",
  "case.overdue",
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
