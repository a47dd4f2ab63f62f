import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PROPOSAL_FIELDS, ProposalForm } from "~/components/ProposalForm";
import { listAgencies } from "~/services/agencies.server";
import { forumParticipants, reportForForum } from "~/services/forum-access.server";
import { createProposal, proposalsOpenFor } from "~/services/proposals.server";
import { consume } from "~/services/rate-limit.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues, loaderError, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposals.newTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const report = await reportForForum(params.id ?? "").catch(loaderError);
  const [agencies, people, open] = await Promise.all([listAgencies(), forumParticipants(report.id), proposalsOpenFor(report.id)]);
  return json({ report, agencies: agencies.map((a) => ({ id: a.id, name: a.name })), people, open });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    await consume("discuss", user.id);
    const proposal = await createProposal(user, params.id ?? "", formValues(formData, PROPOSAL_FIELDS));
    return redirect(`/usulan/${proposal.id}?ok=created`);
  } catch (error) {
    return actionError(error, formValues(formData, ["title", "text", "costRupiah", "agencyId", "jointAction"]));
  }
}

export default function NewProposal() {
  const { report, agencies, people, open } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <article className="narrow">
      <p><Link to={`/laporan/${report.id}`}>{t("proposals.backToReport", { number: report.number })}</Link></p>
      <h1>{t("proposals.newTitle")}</h1>
      <p className="muted">{report.title}</p>
      <p>{t("proposals.newIntro")}</p>
      {open ? (
        <ProposalForm mode="new" agencies={agencies} people={people} initial={{}} error={error ?? null} />
      ) : (
        <p className="alert alert-error" role="alert">{t("errors.proposals_closed")}</p>
      )}
    </article>
  );
}
