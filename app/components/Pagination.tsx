import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageWindow } from "~/domain/pagination";

/** Numbered pages with previous/next links; plain links, so it works without JavaScript. */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("list.pagination")}>
      <ul className="pagination">
        {page > 1 && <li><Link to={href(page - 1)} rel="prev">‹ {t("list.prev")}</Link></li>}
        {pageWindow(page, pages).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`}><span aria-hidden="true">…</span></li>
          ) : (
            <li key={p}>
              {p === page ? <span aria-current="page">{p}</span> : <Link to={href(p)} aria-label={t("list.page", { page: p, pages })}>{p}</Link>}
            </li>
          ),
        )}
        {page < pages && <li><Link to={href(page + 1)} rel="next">{t("list.next")} ›</Link></li>}
      </ul>
    </nav>
  );
}
