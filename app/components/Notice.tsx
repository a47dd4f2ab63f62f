import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

// The one-line confirmation after a discussion form succeeded (?ok=<notice> on the redirect).
const NOTICES: Record<string, string> = {
  posted: "discussion.posted",
  saved: "discussion.saved",
  removed: "discussion.removed",
  agreedNotice: "discussion.agreedNotice",
  flagged: "discussion.flagged",
  moderated: "discussion.moderated",
  suspended: "discussion.moderated",
  following: "discussion.following",
  unfollowed: "discussion.saved",
  argumentAdded: "proposals.argumentAdded",
  decided: "proposals.decided",
  merged: "proposals.merged",
  created: "proposals.created",
  edited: "proposals.edited",
  amendmentSent: "proposals.amendmentSent",
  emailSaved: "notifications.emailSaved",
  caseSaved: "case.saved",
  caseStep: "case.stepDone",
  fixAnswered: "fix.answered",
  fixReopened: "fix.reopened",
  voted: "case.voted",
  rated: "case.rated",
  noteSaved: "dprd.noteSaved",
  statementSaved: "dprd.statementSaved",
  noteDeleted: "dprd.noteDeleted",
  endorsed: "dprd.endorsed",
  unendorsed: "dprd.unendorsed",
  hearingSaved: "dprd.hearingSaved",
};

export function Notice() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const key = NOTICES[params.get("ok") ?? ""];
  return key ? <p className="alert alert-ok" role="status">{t(key)}</p> : null;
}
