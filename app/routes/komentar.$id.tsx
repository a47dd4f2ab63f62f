import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice } from "~/components/Notice";
import { Thread, type ThreadError } from "~/components/Thread";
import { mayModerate } from "~/domain/deliberation";
import { forumParticipants, reportForForum } from "~/services/forum-access.server";
import { commentSubtree } from "~/services/threads.server";
import { discussionAction } from "~/utils/discussion-actions.server";
import { loaderError, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { getCurrentUser } from "~/utils/session.server";
import { editableBodies, newFormToken } from "~/utils/thread-loader.server";

// "Lanjutkan utas": one comment with the replies below it, for threads deeper than the report page shows.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "discussion.subtreeTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const sub = await commentSubtree(params.id ?? "", user?.id).catch(loaderError);
  const report = await reportForForum(sub.reportId);
  return json({
    ...sub,
    report: { id: report.id, number: report.number, title: report.title },
    backTo: sub.comment.threadId === report.id ? `/laporan/${report.id}#k-${sub.comment.id}` : `/usulan/${sub.comment.threadId}#k-${sub.comment.id}`,
    people: user ? await forumParticipants(report.id) : [],
    viewer: user ? { id: user.id, canModerate: mayModerate(user, report), editable: await editableBodies(user.id, [sub.comment]), formToken: newFormToken() } : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const sub = await commentSubtree(params.id ?? "").catch(loaderError);
  const threadIsProposal = sub.comment.threadId !== sub.reportId;
  return discussionAction(request, formData, {
    reportId: sub.reportId,
    proposalId: threadIsProposal ? sub.comment.threadId : undefined,
    back: `/komentar/${params.id}`,
  });
}

export default function CommentThreadPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "ok" in actionData && !actionData.ok ? (actionData as ThreadError) : null;
  const { t } = useTranslation();
  return (
    <article>
      <p><Link to={data.backTo}>{t("discussion.backToThread")}</Link></p>
      <h1>{t("discussion.subtreeTitle")}</h1>
      <p className="muted">#{data.report.number} · {data.report.title}</p>
      <Notice />
      <Thread
        threadId={data.comment.threadId}
        reportId={data.reportId}
        comments={[data.comment]}
        total={1}
        agreedIds={data.agreedIds}
        viewer={data.viewer}
        people={data.people}
        back={`/komentar/${data.comment.id}`}
        error={error}
        sort="terlama"
        nextCursor={null}
        isFirstPage
        baseDepth={data.comment.depth}
        showNewTopLevel={false}
      />
    </article>
  );
}
