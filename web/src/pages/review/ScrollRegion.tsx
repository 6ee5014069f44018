import type { ReactNode } from "react";

/**
 * A named region that scrolls on its own (wide tables, long diffs). It takes focus so keyboard
 * users can scroll it (WCAG 2.1.1, axe `scrollable-region-focusable`).
 */
export function ScrollRegion({
  label,
  className = "table-wrap",
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be focusable to be scrolled by keyboard
    <div className={className} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
