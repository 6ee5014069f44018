// A text box bound to a value that lives elsewhere (the URL): typing shows at once, the value is
// committed after a pause, and a change from outside (back/forward) replaces what is shown.
import { useCallback, useEffect, useState } from "react";

export interface DebouncedText {
  /** What the box shows. */
  text: string;
  /** Typing: shown now, committed after `delay` ms without another change. */
  setText: (next: string) => void;
  /** Shows and commits `next` at once (e.g. Escape clears). */
  commitNow: (next: string) => void;
}

/** Debounces commits of `value`'s edits; `commit` should be cheap to call and may change. */
export function useDebouncedText(
  value: string,
  commit: (next: string) => void,
  // Short: a stale request is aborted anyway, and results must show ≤ 150 ms after the last key.
  delay = 50,
): DebouncedText {
  // `draft` is what the user typed that the value does not show yet; `sent` is the last commit.
  const [draft, setDraft] = useState<string | null>(null);
  const [sent, setSent] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    // The value changed. If it is not what we committed, it came from outside: show it.
    setSeen(value);
    if (value !== sent) {
      setSent(value);
      setDraft(null);
    }
  }

  useEffect(() => {
    if (draft === null || draft === sent) return;
    const timer = setTimeout(() => {
      setSent(draft);
      commit(draft);
    }, delay);
    return () => clearTimeout(timer);
  }, [draft, sent, commit, delay]);

  const commitNow = useCallback(
    (next: string) => {
      setDraft(next);
      setSent(next);
      commit(next);
    },
    [commit],
  );

  return { text: draft ?? value, setText: setDraft, commitNow };
}
