import type { Me } from "../app/me";
import { useTheme, type ThemeChoice } from "../app/theme";

interface Props {
  me: Me | undefined;
  onSignOut: () => void;
}

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/** Who is signed in, the theme choice and sign-out. */
export function UserMenu({ me, onSignOut }: Props) {
  const { choice, choose } = useTheme();
  return (
    <div className="user-menu">
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
