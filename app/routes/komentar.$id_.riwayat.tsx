import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/i18n/format";
import { commentHistory } from "~/services/threads.server";
import { loaderError } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "discussion.historyTitle");

export async function loader({ params }: LoaderFunctionArgs) {
  return json(await commentHistory(params.id ?? "").catch(loaderError));
}

export default function CommentHistory() {
  const { comment, revisions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <article className="narrow">
      <p><Link to={`/komentar/${comment.id}`}>{t("discussion.backToThread")}</Link></p>
      <h1>{t("discussion.historyTitle")}</h1>
      <p className="meta"><strong>{comment.authorName}</strong></p>
      <section className="card" aria-labelledby="sekarang">
        <h2 id="sekarang">{t("discussion.historyCurrent")}</h2>
        {comment.html !== null ? <div className="rich" dangerouslySetInnerHTML={{ __html: comment.html }} /> : <p><em>{t("discussion.deleted")}</em></p>}
      </section>
      {revisions.length === 0 ? (
        <p className="muted">{t("discussion.historyEmpty")}</p>
      ) : (
        revisions.map((r) => (
          <section key={r.id} className="card" aria-label={t("discussion.historyVersion", { date: formatDateTime(r.replacedAt, i18n.language) })}>
            <h2>{t("discussion.historyVersion", { date: formatDateTime(r.replacedAt, i18n.language) })}</h2>
            <div className="rich" dangerouslySetInnerHTML={{ __html: r.html }} />
          </section>
        ))
      )}
    </article>
  );
}
