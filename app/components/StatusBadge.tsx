import { useTranslation } from "react-i18next";
import { isReportStatus, STATUS_COLOUR } from "~/domain/report-status";

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  if (!isReportStatus(status)) return null;
  return <span className={`badge badge-${STATUS_COLOUR[status]}`}>{t(`status.${status}`)}</span>;
}
