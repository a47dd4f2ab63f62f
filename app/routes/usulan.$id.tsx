import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { FieldError } from "~/components/FormErrors";
import { Notice } from "~/components/Notice";
import { Thread, type ThreadError } from "~/components/Thread";
import { WordDiff } from "~/components/WordDiff";
import { ARGUMENT_LIMITS, mayModerate } from "~/domain/deliberation";
import { formatDateTime, formatRupiah, retryMinutes } from "~/i18n/format";
import { reportForForum } from "~/services/forum-access.server";
import { isFollowing } from "~/services/notifications.server";
import { getProposal, listProposals } from "~/services/proposals.server";
import { discussionAction } from "~/utils/discussion-actions.server";
import { loaderError, readFormData } from "~/utils/http.server";
import { titled } from "~/utils/meta";
import { getCurrentUser } from "~/utils/session.server";
import { loadThread } from "~/utils/thread-loader.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? titled(data.proposal.title) : []);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const result = await getProposal(params.id ?? "", user?.id).catch(loaderError);
  // A merged duplicate's address leads to the proposal it was merged into, with a note.
  if ("merged" in result && result.merged) throw redirect(`/usulan/${result.merged.into}?digabung=1`);
  const { proposal } = result;
  const report = await reportForForum(proposal.reportId);
  const [thread, following, siblings] = await Promise.all([
    loadThread(request, proposal.id, report, user),
    isFollowing(user?.id, "proposal", proposal.id),
    listProposals(report.id),
  ]);
  const canModerate = mayModerate(user, report);
  return json({
    proposal: { ...proposal, body: undefined },
    report: { id: report.id, number: report.number, title: report.title },
    thread,
    following,
    isAuthor: user?.id === proposal.authorId,
    signedIn: !!user,
    mergeTargets: canModerate ? siblings.filter((s) => s.id !== proposal.id).map((s) => ({ id: s.id, title: s.title })) : [],
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const found = await getProposal(params.id ?? "").catch(loaderError);
  if ("merged" in found && found.merged) throw redirect(`/usulan/${found.merged.into}?digabung=1`);
  return discussionAction(request, formData, { reportId: found.proposal.reportId, proposalId: found.proposal.id, back: `/usulan/${params.id}` });
}

function Hidden({ intent, target, back }: { intent: string; target?: string; back: string }) {
  return (
    <>
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value={intent} />
      {target && <input type="hidden" name="target" value={target} />}
      <input type="hidden" name="back" value={back} />
    </>
  );
}

export default function ProposalPage() {
  const { proposal, report, thread, following, isAuthor, signedIn, mergeTargets } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "ok" in actionData && !actionData.ok ? (actionData as ThreadError) : null;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [search] = useSearchParams();
  const back = `/usulan/${proposal.id}`;
  const sides = [
    { side: "pro", title: t("proposals.pro") },
    { side: "con", title: t("proposals.con") },
  ] as const;
  return (
    <article>
      <p><Link to={`/laporan/${report.id}#usulan`}>{t("proposals.backToReport", { number: report.number })}</Link></p>
      {search.get("digabung") === "1" && <p className="alert alert-info" role="status">{t("proposals.mergedNotice")}</p>}
      <Notice />
      <header className="report-head">
        <p className="meta">{t("proposals.forReport", { number: report.number, title: report.title })}</p>
        <h1>{proposal.title}</h1>
        <p className="meta">
          <span>{t("proposals.by", { name: proposal.authorName })}</span>
          <span>{t("proposals.version", { version: proposal.version })}</span>
          <time dateTime={proposal.updatedAt}>{formatDateTime(proposal.updatedAt, lng)}</time>
          <Link to={`/usulan/${proposal.id}/riwayat`}>{t("proposals.history")}</Link>
        </p>
        <div className="actions">
          {isAuthor && <Link className="button secondary" to={`/usulan/${proposal.id}/ubah`}>{t("proposals.edit")}</Link>}
          {signedIn && !isAuthor && <Link className="button secondary" to={`/usulan/${proposal.id}/perubahan`}>{t("proposals.amend")}</Link>}
          {signedIn && (
            <Form method="post" className="inline-form">
              <Hidden intent={following ? "unfollow" : "follow"} back={back} />
              <button type="submit" className="secondary" aria-pressed={following}>{following ? t("discussion.unfollow") : t("discussion.follow")}</button>
            </Form>
          )}
        </div>
      </header>

      <div className="report-layout">
        <div>
          <section className="card" aria-label={t("proposals.body")}>
            <div className="rich" dangerouslySetInnerHTML={{ __html: proposal.html }} />
            <dl className="facts">
              {proposal.costRupiah !== null && (<><dt>{t("proposals.costLabel")}</dt><dd>{formatRupiah(proposal.costRupiah, lng)}</dd></>)}
              {proposal.agencyName && (<><dt>{t("proposals.agencyLabel")}</dt><dd>{proposal.agencyName}</dd></>)}
              {proposal.jointAction && (<><dt>{t("proposals.jointActionLabel")}</dt><dd className="description">{proposal.jointAction}</dd></>)}
            </dl>
          </section>

          <section aria-labelledby="alasan" id="alasan-wrap">
            <h2 id="alasan">{t("proposals.pro")} / {t("proposals.con")}</h2>
            <div className="arguments">
              {sides.map(({ side, title }) => (
                <div key={side} className={`argument-col argument-${side}`}>
                  <h3>{title}</h3>
                  {proposal.arguments.filter((a) => a.side === side).length === 0 ? (
                    <p className="muted">{t("proposals.noArguments")}</p>
                  ) : (
                    <ul>
                      {proposal.arguments.filter((a) => a.side === side).map((a) => (
                        <li key={a.id} id={`a-${a.id}`}>
                          <p className="description">{a.text}</p>
                          <div className="meta">
                            <span>{a.authorName}</span>
                            {signedIn && !proposal.agreedArgumentIds.includes(a.id) ? (
                              <Form method="post" className="inline-form" preventScrollReset>
                                <Hidden intent="argument.agree" target={a.id} back={back} />
                                <button type="submit" className="small">{t("discussion.agree")} · {a.agreeCount}</button>
                              </Form>
                            ) : (
                              <span>{t("discussion.agreeCount", { count: a.agreeCount })}</span>
                            )}
                          </div>
                          {error?.values.intent === "argument.agree" && error.values.target === a.id && <p className="field-error">{t(error.code, { minutes: retryMinutes(error.fields) })}</p>}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </div>
            {signedIn && (
              <Form method="post" className="card" preventScrollReset>
                <Hidden intent="argument.add" back={back} />
                <h3>{t("proposals.addArgument")}</h3>
                {error?.values.intent === "argument.add" && <p className="alert alert-error" role="alert">{t(error.code, { minutes: retryMinutes(error.fields) })}</p>}
                <fieldset>
                  <legend>{t("proposals.argumentSide")}</legend>
                  <label className="check"><input type="radio" name="side" value="pro" defaultChecked /> {t("proposals.pro")}</label>
                  <label className="check"><input type="radio" name="side" value="con" /> {t("proposals.con")}</label>
                </fieldset>
                <div className="field">
                  <label htmlFor="argument-text">{t("proposals.argumentText")}</label>
                  <textarea id="argument-text" name="text" rows={2} required minLength={ARGUMENT_LIMITS.min} maxLength={ARGUMENT_LIMITS.max} aria-describedby="argument-text-hint" defaultValue={error?.values.intent === "argument.add" ? error.values.text : undefined} />
                  <span className="hint" id="argument-text-hint">{t("proposals.argumentHint")}</span>
                  {error?.values.intent === "argument.add" && <FieldError id="argument-text" message={error.fields.text ?? error.fields.side} />}
                </div>
                <button type="submit">{t("proposals.sendArgument")}</button>
              </Form>
            )}
          </section>

          <section aria-labelledby="diskusi">
            <h2 id="diskusi">{t("proposals.thread")} <span className="muted">({t("discussion.count", { count: thread.total })})</span></h2>
            <Thread threadId={proposal.id} reportId={report.id} comments={thread.comments} total={thread.total} agreedIds={thread.agreedIds}
              viewer={thread.viewer} people={thread.people} back={back} error={error} sort={thread.sort} nextCursor={thread.nextCursor}
              isFirstPage={thread.isFirstPage} showNewTopLevel={thread.showNewTopLevel} liveFrom={thread.liveFrom} />
          </section>
        </div>

        <div className="stack">
          <section aria-labelledby="perubahan" id="perubahan-wrap">
            <h2 id="perubahan">{t("proposals.amendments")}</h2>
            {proposal.amendments.length === 0 ? <p className="muted">—</p> : (
              <ul className="amendments">
                {proposal.amendments.map((a) => (
                  <li key={a.id} className="card">
                    <p className="meta">
                      <strong>{a.title}</strong>
                      <span>{t("proposals.amendmentBy", { name: a.authorName })}</span>
                      <span className={`pill pill-${a.status}`}>{t(`proposals.amendmentStatus.${a.status}`)}</span>
                    </p>
                    <p className="description">{a.explanation}</p>
                    {a.status === "pending" && (
                      <>
                        <p className="hint">{t("proposals.diffLegend")}</p>
                        <WordDiff parts={a.diff} />
                      </>
                    )}
                    {a.decisionNote && a.decisionNote !== "merged" && <p className="muted">{a.decisionNote}</p>}
                    {isAuthor && a.status === "pending" && (
                      <Form method="post" preventScrollReset>
                        <Hidden intent="amendment.decide" target={a.id} back={back} />
                        <div className="field">
                          <label htmlFor={`note-${a.id}`}>{t("proposals.declineNote")}</label>
                          <input id={`note-${a.id}`} name="note" maxLength={500} />
                        </div>
                        <div className="actions">
                          <button type="submit" name="decision" value="accept">{t("proposals.accept")}</button>
                          <button type="submit" name="decision" value="decline" className="secondary">{t("proposals.decline")}</button>
                        </div>
                      </Form>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {mergeTargets.length > 0 && (
            <section className="card" aria-labelledby="gabung">
              <h2 id="gabung">{t("proposals.merge")}</h2>
              <Form method="post">
                <Hidden intent="proposal.merge" back={back} />
                {error?.values.intent === "proposal.merge" && <p className="alert alert-error" role="alert">{t(error.code, { minutes: retryMinutes(error.fields) })} {error.fields.intoId ? t(error.fields.intoId) : ""}</p>}
                <div className="field">
                  <label htmlFor="intoId">{t("proposals.mergeInto")}</label>
                  <select id="intoId" name="intoId" required>
                    {mergeTargets.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="merge-note">{t("proposals.mergeNote")}</label>
                  <input id="merge-note" name="note" maxLength={500} />
                </div>
                <button type="submit" className="danger">{t("proposals.mergeSubmit")}</button>
              </Form>
            </section>
          )}
        </div>
      </div>
    </article>
  );
}
