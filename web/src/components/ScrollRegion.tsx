import type { ReactNode } from "react";
import styles from "./ScrollRegion.module.css";

interface Props {
  /** What the region holds, e.g. "Users"; read out when keyboard focus enters it. */
  label: string;
  className?: string;
  children: ReactNode;
}

/** A labelled region that scrolls on its own (a wide table, a long JSON document). */
export function ScrollRegion({ label, className = "table-wrap", children }: Props) {
  return (
    // Keyboard users can only scroll a region that takes focus (WCAG 2.1.1, axe
    // scrollable-region-focusable), which jsx-a11y does not know about a non-interactive role.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className={`${className} ${styles.region}`} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
