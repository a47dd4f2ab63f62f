import { useTranslation } from "react-i18next";
import { retryMinutes } from "~/i18n/format";

const MB = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The summary at the top of a refused form; focused so screen readers announce it. */
export function FormErrorSummary({ code, fields, maxPhotoBytes }: { code?: string; fields?: Record<string, string>; maxPhotoBytes?: number }) {
  const { t } = useTranslation();
  if (!code) return null;
  const messages = Object.entries(fields ?? {})
    .filter(([k]) => k !== "retryAfter")
    .map(([k, v]) => ({ k, text: t(v, { mb: MB(maxPhotoBytes ?? 0) }) }));
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
      <h2>{t("errors.title")}</h2>
      <p>{t(code, { minutes: retryMinutes(fields) })}</p>
      {messages.length > 0 && (
        <ul>
          {messages.map((m) => (
            <li key={m.k}>
              <a href={`#${m.k}`}>{m.text}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function FieldError({ id, message, maxPhotoBytes }: { id: string; message?: string; maxPhotoBytes?: number }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {t(message, { mb: MB(maxPhotoBytes ?? 0) })}
    </p>
  );
}

/** aria attributes linking an input to its hint and error. */
export function describedBy(id: string, opts: { hint?: boolean; error?: string }) {
  const ids = [opts.hint ? `${id}-hint` : null, opts.error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": opts.error ? (true as const) : undefined };
}
