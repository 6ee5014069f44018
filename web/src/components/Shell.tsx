import { useEffect, useRef, useState } from "react";
import { Navigate, NavLink, Outlet, useLocation } from "react-router";
import { useMe } from "../app/me";
import { session, useSessionState } from "../app/session";
import { NAV_ITEMS } from "./nav";
import { OfflineBanner } from "./OfflineBanner";
import { SessionExpiredDialog } from "./SessionExpiredDialog";
import { UserMenu } from "./UserMenu";

/** The frame around every signed-in page: header, navigation, main region. */
export function Shell() {
  const state = useSessionState();
  const location = useLocation();
  const me = useMe();
  // The phone menu stays open only on the page where it was opened: navigating closes it.
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  const menuOpen = menuOpenAt === location.pathname;
  const main = useRef<HTMLElement>(null);

  // Move focus to the new page, as a full page load would, so screen readers start there.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  if (state === "anonymous") {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const items = NAV_ITEMS.filter((item) => me?.permissions.includes(item.permission));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="modelreg home">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>modelreg</span>
        </NavLink>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="primary-nav"
          onClick={() => setMenuOpenAt(menuOpen ? null : location.pathname)}
        >
          Menu
        </button>
        <nav id="primary-nav" aria-label="Primary" className={menuOpen ? "nav open" : "nav"}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <UserMenu me={me} onSignOut={() => session.signOut()} />
      </header>
      <OfflineBanner />
      <main id="main" ref={main} tabIndex={-1} className="main">
        <Outlet />
      </main>
      {state === "expired" && <SessionExpiredDialog />}
    </div>
  );
}
