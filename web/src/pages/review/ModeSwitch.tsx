import { Link } from "react-router";

export type Mode = "mine" | "all";

const MODES: { mode: Mode; label: string; to: string }[] = [
  { mode: "mine", label: "Waiting for me", to: "/approvals" },
  { mode: "all", label: "All open", to: "/approvals?show=all" },
];

/** The inbox's two views as links (shareable URLs), the current one marked for assistive tech. */
export function ModeSwitch({ mode }: { mode: Mode }) {
  return (
    <nav aria-label="Which requests" className="tabs">
      <ul>
        {MODES.map((item) => (
          <li key={item.mode}>
            <Link to={item.to} aria-current={item.mode === mode ? "page" : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
