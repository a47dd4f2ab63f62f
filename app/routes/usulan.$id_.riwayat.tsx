import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { WordDiff } from "~/components/WordDiff";
import { formatDateTime, formatRupiah } from "~/i18n/format";
import { proposalHistory } from "~/services/proposals.server";
import { loaderError } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposals.historyTitle");

export async function loader({ params }: LoaderFunctionArgs) {
  return json(await proposalHistory(params.id ?? "").catch(loaderError));
}

export default function ProposalHistory() {
  const { proposal, versions, declined } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <article className="narrow">
      <p><Link to={`/usulan/${proposal.id}`}>← {proposal.title}</Link></p>
      <h1>{t("proposals.historyTitle")}</h1>
      <p className="hint">{t("proposals.diffLegend")}</p>
      <ol className="versions">
        {versions.map((v) => (
          <li key={v.version} className="card">
            <h2>{t("proposals.version", { version: v.version })}</h2>
            <p className="meta">
              <span>{t(`proposals.change.${v.change}`, { name: v.authorName, by: v.amendedBy ?? "" })}</span>
              <time dateTime={v.createdAt}>{formatDateTime(v.createdAt, lng)}</time>
              {v.costRupiah !== null && <span>{formatRupiah(v.costRupiah, lng)}</span>}
            </p>
            <WordDiff parts={v.diff} />
          </li>
        ))}
      </ol>
      {declined.length > 0 && (
        <section aria-labelledby="ditolak">
          <h2 id="ditolak">{t("proposals.declinedTitle")}</h2>
          <ul>
            {declined.map((d) => (
              <li key={d.id}>
                <strong>{d.title}</strong> · {t("proposals.amendmentBy", { name: d.authorName })}
                {d.decidedAt && <> · <time dateTime={d.decidedAt}>{formatDateTime(d.decidedAt, lng)}</time></>}
                {d.note && d.note !== "merged" && <> · {d.note}</>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
