import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PROPOSAL_FIELDS, ProposalForm } from "~/components/ProposalForm";
import { listAgencies } from "~/services/agencies.server";
import { forumParticipants } from "~/services/forum-access.server";
import { getProposal, proposeAmendment } from "~/services/proposals.server";
import { consume } from "~/services/rate-limit.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues, loaderError } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposals.amendTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getProposal(params.id ?? "").catch(loaderError);
  if ("merged" in found && found.merged) throw redirect(`/usulan/${found.merged.into}?digabung=1`);
  const { proposal } = found;
  if (proposal.authorId === user.id) throw redirect(`/usulan/${proposal.id}/ubah`);
  const [agencies, people] = await Promise.all([listAgencies(), forumParticipants(proposal.reportId)]);
  return json({
    proposal: { id: proposal.id, title: proposal.title, body: proposal.body, text: proposal.text, costRupiah: proposal.costRupiah, agencyId: proposal.agencyId, jointAction: proposal.jointAction },
    agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
    people,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  try {
    await verifyCsrf(request, formData);
    await consume("discuss", user.id);
    await proposeAmendment(user, params.id ?? "", formValues(formData, PROPOSAL_FIELDS));
    return redirect(`/usulan/${params.id}?ok=amendmentSent`);
  } catch (error) {
    return actionError(error, formValues(formData, ["title", "text", "costRupiah", "agencyId", "jointAction", "explanation"]));
  }
}

export default function ProposalChange() {
  const { proposal, agencies, people } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <article className="narrow">
      <p><Link to={`/usulan/${proposal.id}`}>← {proposal.title}</Link></p>
      <h1>{t("proposals.amendTitle")}</h1>
      <p>{t("proposals.amendIntro")}</p>
      <ProposalForm
        mode="amend"
        agencies={agencies}
        people={people}
        initial={{ title: proposal.title, body: proposal.body, text: proposal.text, costRupiah: proposal.costRupiah?.toString() ?? "", agencyId: proposal.agencyId ?? "", jointAction: proposal.jointAction }}
        error={error ?? null}
      />
    </article>
  );
}
