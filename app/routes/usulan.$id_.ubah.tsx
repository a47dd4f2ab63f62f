import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ProposalChangePage } from "~/components/ProposalChangePage";
import { changeProposal, loadProposalChange } from "~/utils/proposal-change.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposals.editTitle");
export const loader = (args: LoaderFunctionArgs) => loadProposalChange("edit", args);
export const action = (args: ActionFunctionArgs) => changeProposal("edit", args);
export default ProposalChangePage;
