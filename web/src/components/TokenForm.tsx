import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { ApiError, apiError, offlineError } from "../api/client";
import { meQueryKey, type Me } from "../app/me";
import { session } from "../app/session";
import { ProblemAlert } from "./ProblemAlert";

/** Checks a registry token against GET /api/v1/me and, when accepted, signs in with it. */
async function checkToken(token: string): Promise<Me> {
  let response: Response;
  try {
    response = await fetch("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  } catch (cause) {
    throw offlineError(cause);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw apiError(response, body);
  return body as Me;
}

interface Props {
  submitLabel: string;
  onSignedIn: (me: Me) => void;
}

/** A token field with its submit button and the server's answer. */
export function TokenForm({ submitLabel, onSignedIn }: Props) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError(new ApiError("Paste a registry token (it starts with mrg_).", 0, null));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await checkToken(value);
      client.setQueryData(meQueryKey, me);
      session.signIn(value);
      onSignedIn(me);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : offlineError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="stack" noValidate>
      <div className="field">
        <label htmlFor={`${id}-token`}>Registry token</label>
        <input
          id={`${id}-token`}
          name="token"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="hint">
          Issue one with <code>modelreg tokens issue USERNAME</code> or ask an administrator. It is
          kept for this browser tab only.
        </p>
      </div>
      {error && <ProblemAlert error={error} />}
      <div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Checking…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
