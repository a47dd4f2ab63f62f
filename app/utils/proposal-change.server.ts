import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { PROPOSAL_FIELDS } from "~/components/ProposalForm";
import { listAgencies } from "~/services/agencies.server";
import { ServiceError } from "~/services/errors";
import { forumParticipants } from "~/services/forum-access.server";
import { editProposal, getProposal, proposeAmendment } from "~/services/proposals.server";
import { consume } from "~/services/rate-limit.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues, loaderError, readFormData } from "~/utils/http.server";
import { requireUser } from "~/utils/session.server";

// The two ways to change a proposal share one form: its author edits it (/usulan/:id/ubah, a new version at
// once), anyone else suggests a change (/usulan/:id/perubahan, the author accepts or declines it).
export type ProposalChangeMode = "edit" | "amend";

export async function loadProposalChange(mode: ProposalChangeMode, { request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getProposal(params.id ?? "").catch(loaderError);
  if ("merged" in found && found.merged) throw redirect(`/usulan/${found.merged.into}?digabung=1`);
  const { proposal } = found;
  const isAuthor = proposal.authorId === user.id;
  if (mode === "edit" && !isAuthor) loaderError(new ServiceError(403, "errors.forbidden"));
  // An author does not suggest changes to their own proposal: they edit it.
  if (mode === "amend" && isAuthor) throw redirect(`/usulan/${proposal.id}/ubah`);
  const [agencies, people] = await Promise.all([listAgencies(), forumParticipants(proposal.reportId)]);
  return json({
    mode,
    proposal: { id: proposal.id, title: proposal.title, body: proposal.body, text: proposal.text, costRupiah: proposal.costRupiah, agencyId: proposal.agencyId, jointAction: proposal.jointAction },
    agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
    people,
  });
}

export async function changeProposal(mode: ProposalChangeMode, { request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  try {
    await verifyCsrf(request, formData);
    await consume("discuss", user.id);
    const input = formValues(formData, PROPOSAL_FIELDS);
    if (mode === "edit") await editProposal(user, params.id ?? "", input);
    else await proposeAmendment(user, params.id ?? "", input);
    return redirect(`/usulan/${params.id}?ok=${mode === "edit" ? "edited" : "amendmentSent"}`);
  } catch (error) {
    return actionError(error, formValues(formData, ["title", "text", "costRupiah", "agencyId", "jointAction", "explanation"]));
  }
}
