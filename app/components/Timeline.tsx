import { useTranslation } from "react-i18next";
import { eventText } from "~/i18n/event-text";
import { formatDateTime } from "~/i18n/format";

export interface TimelineEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
  actor: { name: string } | null;
}

/** A report's public timeline, oldest first. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <ol className="timeline">
      {events.map((e) => {
        const { text, note } = eventText(t, lng, e.type, e.data, e.actor?.name ?? null);
        return (
          <li key={e.id}>
            <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, lng)}</time>
            {text}
            {note && <span className="event-note">{note}</span>}
          </li>
        );
      })}
    </ol>
  );
}
