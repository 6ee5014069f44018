import type { ReactNode } from "react";

/** What to show when a list is empty, with what the user can do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="hint">{children}</div>}
    </div>
  );
}
