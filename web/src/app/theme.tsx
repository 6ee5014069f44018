// Light, dark or the system's choice; public/theme-init.js applies the stored choice before first paint.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

export type ThemeChoice = "system" | "light" | "dark";
const KEY = "modelreg.theme";

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

function apply(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", choice);
}

const ThemeContext = createContext<{ choice: ThemeChoice; choose: (c: ThemeChoice) => void }>({
  choice: "system",
  choose: () => undefined,
});

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  const choose = useCallback((next: ThemeChoice) => {
    try {
      if (next === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // Storage may be disabled; the choice still applies to this page.
    }
    apply(next);
    setChoice(next);
  }, []);
  const value = useMemo(() => ({ choice, choose }), [choice, choose]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

/** The current theme choice and a setter. */
export function useTheme() {
  return useContext(ThemeContext);
}
