import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ProposalChangePage } from "~/components/ProposalChangePage";
import { changeProposal, loadProposalChange } from "~/utils/proposal-change.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposals.amendTitle");
export const loader = (args: LoaderFunctionArgs) => loadProposalChange("amend", args);
export const action = (args: ActionFunctionArgs) => changeProposal("amend", args);
export default ProposalChangePage;
