import type { ReactNode } from "react";

interface Props {
  label: string;
  className?: string;
  children: ReactNode;
}

/** A labelled region that may scroll; it takes focus so keyboard users can scroll it too. */
export function ScrollRegion({ label, className = "table-wrap", children }: Props) {
  return (
    // Scrollable content must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable);
    // a named region is the landmark that makes the focus stop meaningful.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className={className} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
