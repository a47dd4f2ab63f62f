import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/i18n/format";
import { hostDeliberation } from "~/services/host-reports.server";
import { isServiceError } from "~/services/errors";

// The deliberation of a host system's report, for its own web page (an iframe, or /sematkan.js that makes one).
// Read-only and light; joining in opens Musyawarah in a new tab, where citizens sign in.
export const handle = { bare: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data && "view" in data ? `Musyawarah · ${data.view.report.title}` : "Musyawarah" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const host = new URL(request.url).searchParams.get("sistem") ?? "";
  try {
    return json({ view: await hostDeliberation(host, params.externalId) }, { headers: { "Cache-Control": "private, max-age=30" } });
  } catch (error) {
    if (isServiceError(error) && (error.status === 404 || error.status === 422)) return json({ missing: true as const }, { status: 404 });
    throw error;
  }
}

export default function EmbeddedDeliberation() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  // Tell the host page our height, so its frame fits without a scrollbar.
  useEffect(() => {
    if (window.parent === window) return;
    const post = () => window.parent.postMessage({ musyawarahHeight: document.documentElement.scrollHeight }, "*");
    post();
    const observer = new ResizeObserver(post);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  if (!("view" in data)) return <p className="embed-missing">{t("embed.notFound")}</p>;
  const { view } = data;
  return (
    <article className="embed" aria-labelledby="embed-title">
      <header>
        <h1 id="embed-title">{view.report.title}</h1>
        <p className="embed-phase">
          <span className="muted">{t("embed.phase")}:</span> <strong>{view.phase ? t(`hostLabels.${view.phase}`) : t("hostLabels.laporan")}</strong>
        </p>
        {view.summary && <p>{view.summary}</p>}
      </header>
      <section aria-labelledby="embed-proposals">
        <h2 id="embed-proposals">{t("embed.proposals")}</h2>
        {view.proposals.length === 0 ? <p className="muted">{t("embed.noProposals")}</p> : (
          <ul className="embed-list">
            {view.proposals.map((p) => (
              <li key={p.id}><a href={p.url} target="_blank" rel="noopener noreferrer">{p.title}</a></li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="embed-comments">
        <h2 id="embed-comments">{t("embed.comments")}</h2>
        {view.comments.length === 0 ? <p className="muted">{t("embed.noComments")}</p> : (
          <ul className="embed-list">
            {view.comments.slice(0, 5).map((c) => (
              <li key={c.id}>
                <p className="meta"><strong>{c.author}</strong> <time dateTime={c.createdAt}>{formatDateTime(c.createdAt, lng)}</time> · {t("embed.agrees", { count: c.agreeCount })}</p>
                <p>{c.text.length > 280 ? `${c.text.slice(0, 277)}…` : c.text}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p><a className="button" href={view.report.url + "#diskusi"} target="_blank" rel="noopener noreferrer">{t("embed.join")}</a></p>
    </article>
  );
}
