import { useTranslation } from "react-i18next";
import type { CaseState } from "~/domain/case-workflow";
import { formatDate } from "~/i18n/format";

/**
 * Where a report's deliberation stands, beside its status badge: a report whose vote is open is still "menunggu"
 * for the agency, but for a citizen the news is that they can vote now (and until when).
 */
export function PhaseBadge({ phase, votingClosesAt }: { phase: CaseState | null; votingClosesAt?: string | null }) {
  const { t, i18n } = useTranslation();
  if (!phase || phase === "laporan") return null;
  const active = phase === "musyawarah" || phase === "pemungutan_suara";
  return (
    <span className={`badge badge-phase${active ? " badge-phase-active" : ""}`}>
      {phase === "pemungutan_suara" && votingClosesAt
        ? t("case.votingUntil", { date: formatDate(votingClosesAt, i18n.language) })
        : t(`case.steps.${phase}`)}
    </span>
  );
}
