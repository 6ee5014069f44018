import { NavLink } from "react-router";
import type { Me } from "../app/me";
import { useTheme, type ThemeChoice } from "../app/theme";
import { useNewNotifications } from "./notificationsSeen";
import styles from "./UserMenu.module.css";

interface Props {
  me: Me | undefined;
  onSignOut: () => void;
}

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/** The notifications link with how many arrived since the user last looked. */
function NotificationsLink() {
  const { allowed, count } = useNewNotifications();
  if (!allowed) return null;
  return (
    <NavLink to="/notifications" className={styles.link}>
      Notifications
      {count > 0 && (
        <span className={`badge tone-info ${styles.count}`}>
          {count}
          <span className="visually-hidden"> new</span>
        </span>
      )}
    </NavLink>
  );
}

/** Who is signed in, their notifications and tokens, the theme choice and sign-out. */
export function UserMenu({ me, onSignOut }: Props) {
  const { choice, choose } = useTheme();
  return (
    <div className={`user-menu ${styles.menu}`}>
      <NotificationsLink />
      <NavLink to="/settings/tokens" className={styles.link}>
        My tokens
      </NavLink>
      <label className="theme-select">
        <span className="visually-hidden">Theme</span>
        <select value={choice} onChange={(event) => choose(event.target.value as ThemeChoice)}>
          {THEMES.map((theme) => (
            <option key={theme.value} value={theme.value}>
              {theme.label} theme
            </option>
          ))}
        </select>
      </label>
      <span className="who" title={me?.roles.join(", ")}>
        {me ? me.username : "…"}
      </span>
      <button type="button" className="button subtle" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
