import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { changeProposal, loadProposalChange } from "~/utils/proposal-change.server";
import { ProposalForm } from "./ProposalForm";

type Loader = Awaited<ReturnType<typeof loadProposalChange>>;
type Action = Awaited<ReturnType<typeof changeProposal>>;

/** The page of /usulan/:id/ubah (the author's edit) and /usulan/:id/perubahan (someone's suggested change). */
export function ProposalChangePage() {
  const { mode, proposal, agencies, people } = useLoaderData<() => Promise<Loader>>();
  const error = useActionData<() => Promise<Action>>();
  const { t } = useTranslation();
  return (
    <article className="narrow">
      <p><Link to={`/usulan/${proposal.id}`}>← {proposal.title}</Link></p>
      <h1>{t(mode === "edit" ? "proposals.editTitle" : "proposals.amendTitle")}</h1>
      {mode === "amend" && <p>{t("proposals.amendIntro")}</p>}
      <ProposalForm
        mode={mode}
        agencies={agencies}
        people={people}
        initial={{ title: proposal.title, body: proposal.body, text: proposal.text, costRupiah: proposal.costRupiah?.toString() ?? "", agencyId: proposal.agencyId ?? "", jointAction: proposal.jointAction }}
        error={error ?? null}
      />
    </article>
  );
}
