// Form text kept in sessionStorage until it is submitted, so a failed submit, a reload or an
// expired session does not lose what the user typed.
import { useCallback, useState } from "react";

/** A string state persisted under `key` for this tab; `clear` drops it after a successful submit. */
export function useDraft(key: string, initial = ""): [string, (v: string) => void, () => void] {
  const storageKey = `modelreg.draft.${key}`;
  const [value, setValue] = useState<string>(() => {
    try {
      return sessionStorage.getItem(storageKey) ?? initial;
    } catch {
      return initial;
    }
  });
  const update = useCallback(
    (next: string) => {
      setValue(next);
      try {
        sessionStorage.setItem(storageKey, next);
      } catch {
        // Storage full or disabled: the value still lives in memory.
      }
    },
    [storageKey],
  );
  const clear = useCallback(() => {
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // Nothing stored.
    }
    setValue(initial);
  }, [storageKey, initial]);
  return [value, update, clear];
}
