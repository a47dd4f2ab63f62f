import { redirect } from "@remix-run/node";
import { safeLocalPath } from "~/domain/safe-path";
import { ServiceError } from "~/services/errors";
import { mergeProposals, addArgument, agreeWithArgument, decideAmendment } from "~/services/proposals.server";
import { dismissFlags, flagComment, hideComment, restoreComment, suspendUser } from "~/services/moderation.server";
import { setFollowing } from "~/services/notifications.server";
import { consume } from "~/services/rate-limit.server";
import { agreeWithComment, deleteComment, editComment, postComment } from "~/services/threads.server";
import { verifyCsrf } from "./csrf.server";
import { actionError } from "./http.server";
import { requireUser } from "./session.server";

// Every discussion form on the report, proposal and comment pages posts here through its page's action,
// so a refused form (without JavaScript) comes back on the same page with its message beside it.
// `intent` names the use case; `target` the comment, proposal or argument it acts on.

export const DISCUSSION_INTENTS = [
  "comment.post", "comment.edit", "comment.delete", "comment.agree", "comment.flag", "comment.hide", "comment.restore",
  "comment.dismiss", "follow", "unfollow", "argument.add", "argument.agree", "amendment.decide", "proposal.merge", "user.suspend",
] as const;
export type DiscussionIntent = (typeof DISCUSSION_INTENTS)[number];

const str = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === "string" ? v : undefined;
};

function withNotice(path: string, notice: string, anchor?: string): string {
  const [base, hash] = path.split("#");
  const url = new URL(base ?? "/", "http://x");
  url.searchParams.set("ok", notice);
  return `${url.pathname}${url.search}#${anchor ?? hash ?? ""}`;
}

export async function discussionAction(request: Request, formData: FormData, context: { reportId: string; proposalId?: string; back: string }) {
  const user = await requireUser(request);
  const intent = str(formData, "intent") as DiscussionIntent | undefined;
  const target = str(formData, "target") ?? "";
  const back = safeLocalPath(str(formData, "back"), context.back);
  const values = { intent: intent ?? "", target, text: str(formData, "text")?.slice(0, 5000) ?? "", reason: str(formData, "reason")?.slice(0, 500) ?? "" };
  try {
    await verifyCsrf(request, formData);
    if (!intent || !(DISCUSSION_INTENTS as readonly string[]).includes(intent)) throw new ServiceError(400, "errors.form_invalid");
    await consume(intent === "comment.flag" ? "flag" : "discuss", user.id);
    const rich = { body: str(formData, "body"), text: str(formData, "text") };
    switch (intent) {
      case "comment.post": {
        const c = await postComment(user, { ...rich, reportId: context.reportId, proposalId: context.proposalId ?? null, parentId: str(formData, "parentId") || null, formToken: str(formData, "formToken") ?? null });
        return redirect(withNotice(back, "posted", `k-${c.id}`));
      }
      case "comment.edit":
        await editComment(user, target, rich);
        return redirect(withNotice(back, "saved", `k-${target}`));
      case "comment.delete":
        await deleteComment(user, target);
        return redirect(withNotice(back, "removed", `k-${target}`));
      case "comment.agree":
        await agreeWithComment(user, target);
        return redirect(withNotice(back, "agreedNotice", `k-${target}`));
      case "comment.flag":
        await flagComment(user, target, { reason: str(formData, "reason") });
        return redirect(withNotice(back, "flagged", `k-${target}`));
      case "comment.hide":
        await hideComment(user, target, { reason: str(formData, "reason") });
        return redirect(withNotice(back, "moderated", `k-${target}`));
      case "comment.restore":
        await restoreComment(user, target);
        return redirect(withNotice(back, "moderated", `k-${target}`));
      case "comment.dismiss":
        await dismissFlags(user, target);
        return redirect(withNotice(back, "moderated"));
      case "follow":
      case "unfollow":
        await setFollowing(user.id, context.proposalId ? "proposal" : "report", context.proposalId ?? context.reportId, intent === "follow");
        return redirect(withNotice(back, intent === "follow" ? "following" : "unfollowed"));
      case "argument.add":
        await addArgument(user, context.proposalId ?? "", { side: str(formData, "side"), text: str(formData, "text") });
        return redirect(withNotice(back, "argumentAdded", "alasan"));
      case "argument.agree":
        await agreeWithArgument(user, target);
        return redirect(withNotice(back, "agreedNotice", `a-${target}`));
      case "amendment.decide":
        await decideAmendment(user, target, str(formData, "decision"), str(formData, "note"));
        return redirect(withNotice(back, "decided", "perubahan"));
      case "proposal.merge":
        await mergeProposals(user, context.proposalId ?? "", { intoId: str(formData, "intoId"), note: str(formData, "note") });
        return redirect(withNotice(`/usulan/${str(formData, "intoId")}`, "merged"));
      case "user.suspend": {
        await suspendUser(user, target, { regionCode: str(formData, "regionCode"), days: str(formData, "days"), reason: str(formData, "reason") });
        return redirect(withNotice(back, "suspended"));
      }
    }
  } catch (error) {
    return actionError(error, values);
  }
}
