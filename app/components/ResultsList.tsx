import { useTranslation } from "react-i18next";
import { formatDateTime, formatMonth, formatRupiah } from "~/i18n/format";
import type { ResultView } from "~/services/results.server";
import { ProofPhotos } from "./ProofPhotos";

// What the agency committed to and how far it got: each result with a progress bar, its status, its period (and
// "Terlambat" when the period ended below 100 %), the items under a parent, and the dated progress entries.

type Result = Omit<ResultView, "children"> & { children?: Omit<ResultView, "children">[] };

function ResultItem({ r, nested = false }: { r: Result; nested?: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const Heading = nested ? "h5" : "h4";
  return (
    <li className="result">
      <Heading>
        {r.title} {r.late && <span className="badge badge-late">{t("results.late")}</span>}
      </Heading>
      <div className="progress-line">
        <progress max={100} value={r.progress} aria-label={t("results.progressOf", { title: r.title })}>{r.progress} %</progress>
        <span>{r.progress} % · {t(`results.statuses.${r.status}`)}</span>
      </div>
      <p className="meta">
        {r.periodMonth && <span>{t("results.ends", { period: formatMonth(r.periodMonth, lng) })}</span>}
        {r.costRupiah !== null && <span>{t("results.cost", { cost: formatRupiah(r.costRupiah, lng) })}</span>}
        {r.unit && <span>{r.unit}</span>}
      </p>
      {r.updates.length > 0 && (
        <details>
          <summary>{t("results.timeline")} ({r.updates.length})</summary>
          <ol className="timeline">
            {r.updates.map((u) => (
              <li key={u.id}>
                <time dateTime={u.createdAt}>{formatDateTime(u.createdAt, lng)}</time>
                {u.status && u.progress !== null && <strong>{t("results.entry", { status: t(`results.statuses.${u.status}`), progress: `${u.progress} %` })}</strong>}
                <p>{u.note}</p>
                <ProofPhotos photos={u.photos} />
              </li>
            ))}
          </ol>
        </details>
      )}
      {r.children && r.children.length > 0 && (
        <>
          <p className="muted">{t("results.items")}</p>
          <ul className="results nested">{r.children.map((c) => <ResultItem key={c.id} r={c} nested />)}</ul>
        </>
      )}
    </li>
  );
}

export function ResultsList({ results }: { results: ResultView[] }) {
  const { t } = useTranslation();
  if (results.length === 0) return null;
  return (
    <section aria-labelledby="hasil-kerja" className="results-block">
      <h3 id="hasil-kerja">{t("results.heading")}</h3>
      <ul className="results">{results.map((r) => <ResultItem key={r.id} r={r} />)}</ul>
    </section>
  );
}
