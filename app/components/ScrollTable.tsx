import type { ReactNode } from "react";

/**
 * The wrapper of every table that may be wider than a phone: it scrolls sideways inside the page (the page itself
 * never does), and as a named, focusable region a keyboard user can Tab to it and scroll it with the arrow keys
 * (WCAG 2.1.1; axe's `scrollable-region-focusable`). `label` names the table ("Rekap suara", "Instansi").
 */
export function ScrollTable({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className ? `table-scroll ${className}` : "table-scroll"} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
