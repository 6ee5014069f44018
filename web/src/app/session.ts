// The browser session: a registry token kept for this tab only (sessionStorage), and its state.
import { useSyncExternalStore } from "react";

export type SessionState = "anonymous" | "active" | "expired";

const KEY = "modelreg.token";
const listeners = new Set<() => void>();
let state: SessionState = readToken() ? "active" : "anonymous";

function readToken(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

function emit(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const session = {
  token: readToken,
  state: (): SessionState => state,
  /** Stores a token that the server has just accepted. */
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token);
    emit("active");
  },
  /** The server refused the token: keep it out of requests and ask for a new one. */
  expire(): void {
    sessionStorage.removeItem(KEY);
    if (state !== "expired") emit("expired");
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
    emit("anonymous");
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The current session state; re-renders when it changes. */
export function useSessionState(): SessionState {
  return useSyncExternalStore(session.subscribe, session.state, session.state);
}
