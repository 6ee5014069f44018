import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ScrollRegion } from "../../components/ScrollRegion";
import { useState, type FormEvent } from "react";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useCan, useMe } from "../../app/me";
import { StatusBadge } from "../../components/Badges";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/EmptyState";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { useDraft } from "../../components/useDraft";
import { IssuedTokenDialog } from "./IssuedTokenDialog";
import styles from "./Admin.module.css";

type Token = Schemas["TokenRead"];

export function tokensQueryKey(username: string) {
  return ["users", username, "tokens"] as const;
}

function tokenState(token: Token, now: number): { tone: "ok" | "neutral" | "bad"; label: string } {
  if (token.revoked_at) return { tone: "bad", label: "revoked" };
  if (Date.parse(token.expires_at) <= now) return { tone: "neutral", label: "expired" };
  return { tone: "ok", label: "active" };
}

function IssueForm({ username }: { username: string }) {
  const client = useQueryClient();
  const [label, setLabel, clearLabel] = useDraft(`token-label.${username}`);
  const [days, setDays] = useState("90");
  const [issued, setIssued] = useState<Schemas["TokenIssued"] | null>(null);
  const issue = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/users/{username}/tokens", {
          params: { path: { username } },
          body: { label: label.trim(), expires_in_days: Number(days) },
        }),
      ),
    onSuccess: (data) => {
      setIssued(data);
      clearLabel();
      void client.invalidateQueries({ queryKey: tokensQueryKey(username) });
    },
  });
  const errors = issue.error instanceof ApiError ? issue.error.fieldErrors() : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    issue.mutate();
  }
  return (
    <>
      <form onSubmit={submit} className={styles.form} aria-labelledby="issue-title">
        <h3 id="issue-title">Issue a token</h3>
        <div className={styles.inline}>
          <Field label="Label" hint="What the token is for, e.g. CI pipeline" error={errors.label}>
            <input
              value={label}
              onChange={(event) => setLabel(event.target.value)}
              maxLength={200}
            />
          </Field>
          <Field label="Expires in (days)" error={errors.expires_in_days}>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              value={days}
              onChange={(event) => setDays(event.target.value)}
            />
          </Field>
        </div>
        {issue.isError && <ProblemAlert error={issue.error} action="Issuing the token" />}
        <div>
          <button type="submit" className="button primary" disabled={issue.isPending}>
            {issue.isPending ? "Issuing…" : "Issue token"}
          </button>
        </div>
      </form>
      {issued && <IssuedTokenDialog issued={issued} onClose={() => setIssued(null)} />}
    </>
  );
}

function RevokeButton({ token, username }: { token: Token; username: string }) {
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const revoke = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE("/api/v1/tokens/{token_id}", { params: { path: { token_id: token.id } } })),
    onSuccess: () => {
      setAsking(false);
      void client.invalidateQueries({ queryKey: tokensQueryKey(username) });
    },
  });
  const name = token.label || token.id;
  return (
    <>
      <button type="button" className="button tiny" onClick={() => setAsking(true)}>
        Revoke<span className="visually-hidden"> token {name}</span>
      </button>
      {asking && (
        <ConfirmDialog
          title={`Revoke token “${name}”?`}
          confirmLabel="Revoke token"
          busy={revoke.isPending}
          error={revoke.isError && <ProblemAlert error={revoke.error} action="Revoking" />}
          onConfirm={() => revoke.mutate()}
          onCancel={() => {
            setAsking(false);
            revoke.reset();
          }}
        >
          Anything using it is refused from the next request on. This cannot be undone.
        </ConfirmDialog>
      )}
    </>
  );
}

interface TableProps {
  tokens: Token[];
  username: string;
  mayRevoke: boolean;
}

function TokenTable({ tokens, username, mayRevoke }: TableProps) {
  const [now] = useState(() => Date.now());
  if (tokens.length === 0) return <EmptyState title="No tokens yet" />;
  return (
    <ScrollRegion label={`Tokens of ${username}`}>
      <table>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">State</th>
            <th scope="col">Issued</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const state = tokenState(token, now);
            return (
              <tr key={token.id}>
                <th scope="row">
                  {token.label || <span className="hint">(no label)</span>}
                  <div className="hint">
                    <code>{token.id}</code>
                  </div>
                </th>
                <td>
                  <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
                </td>
                <td className={styles.nowrap}>{formatTime(token.created_at)}</td>
                <td className={styles.nowrap}>
                  {token.revoked_at
                    ? `revoked ${formatTime(token.revoked_at)}`
                    : formatTime(token.expires_at)}
                </td>
                <td>
                  {mayRevoke && state.label === "active" && (
                    <RevokeButton token={token} username={username} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** A user's tokens: list, issue (secret shown once) and revoke. */
export function TokensPanel({ username }: { username: string }) {
  // The server lets everyone manage their own tokens and administrators anyone's.
  const me = useMe();
  const mayManage = useCan("users:admin") || me?.username === username;
  const tokens = useQuery({
    queryKey: tokensQueryKey(username),
    queryFn: () =>
      unwrap(api.GET("/api/v1/users/{username}/tokens", { params: { path: { username } } })),
  });
  return (
    <section aria-labelledby="tokens-title" className="stack">
      <h2 id="tokens-title">Tokens</h2>
      <QueryState query={tokens} rows={3} label="Loading tokens">
        {(data) => <TokenTable tokens={data} username={username} mayRevoke={mayManage} />}
      </QueryState>
      {mayManage && <IssueForm username={username} />}
    </section>
  );
}
