import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatRupiah } from "~/i18n/format";
import { agencyDesk } from "~/services/cases/agency-answer.server";
import { loaderError } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

// The agency desk: the citizen-preferred solutions routed to the officer's agency, overdue first.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "case.desk");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ cases: await agencyDesk(user).catch(loaderError) });
}

export default function AgencyDesk() {
  const { cases } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <article>
      <h1>{t("case.desk")}</h1>
      <p className="muted">{t("case.deskIntro")}</p>
      <p><Link to="/instansi/hasil">{t("results.nav")}</Link> · <Link to="/hasil-kerja">{t("results.title")}</Link></p>
      {cases.length === 0 ? (
        <p>{t("case.deskEmpty")}</p>
      ) : (
        <ol className="desk-list">
          {cases.map((c) => (
            <li key={c.reportId} className={`card${c.overdue ? " overdue" : ""}`}>
              <h2><Link to={`/laporan/${c.reportId}#musyawarah`}>#{c.report.number} {c.report.title}</Link></h2>
              <p className="meta">
                <span>{t(`case.steps.${c.state}`)}</span>
                {c.dueAt && <span className={c.overdue ? "field-error" : ""}>{c.overdue ? t("case.overdue", { date: formatDate(c.dueAt, lng) }) : t("case.due", { date: formatDate(c.dueAt, lng) })}</span>}
                {c.answer && <span>{t(`case.answers.${c.answer}`)}</span>}
              </p>
              {c.solution && (
                <>
                  <h3>{t("case.deskSolution")}: {c.solution.title}</h3>
                  <p className="description">{c.solution.text.length > 400 ? `${c.solution.text.slice(0, 400)}…` : c.solution.text}</p>
                  {c.solution.costRupiah !== null && <p>{t("proposals.costLabel")}: {formatRupiah(c.solution.costRupiah, lng)}</p>}
                  {c.solution.jointAction && <p>{t("proposals.jointActionLabel")}: {c.solution.jointAction}</p>}
                </>
              )}
              {c.tally && <p className="muted">{t(`case.reasons.${c.tally.reason}`, { voters: c.tally.voters, quorum: c.tally.quorum, min: c.tally.minSupportPercent })}</p>}
              {c.summary && <p>{t("case.summary")}: {c.summary}</p>}
              <Link className="button" to={`/laporan/${c.reportId}#musyawarah`}>{t("case.open")}</Link>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
