import { NavLink } from "react-router";

export interface TabLink {
  to: string;
  label: string;
  /** Match only the exact path (for the first, index tab). */
  end?: boolean;
}

/** Section links that look like tabs; each is a real URL, so a tab can be shared and bookmarked. */
export function TabLinks({ label, tabs }: { label: string; tabs: TabLink[] }) {
  return (
    <nav aria-label={label} className="tabs">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end}>
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
