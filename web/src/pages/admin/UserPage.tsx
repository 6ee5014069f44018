import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useCan } from "../../app/me";
import { StatusBadge } from "../../components/Badges";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { RoleCheckboxes } from "./RoleCheckboxes";
import { TokensPanel } from "./TokensPanel";
import { usersQueryKey } from "./UsersPage";
import type { Role } from "./roles";
import styles from "./Admin.module.css";

type User = Schemas["UserRead"];

function AccountForm({ user }: { user: User }) {
  const client = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [disabled, setDisabled] = useState(user.disabled);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/users/{username}", {
          params: { path: { username: user.username } },
          body: { roles, disabled },
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData([...usersQueryKey, updated.username], updated);
      void client.invalidateQueries({ queryKey: usersQueryKey });
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const changed =
    disabled !== user.disabled ||
    roles.length !== user.roles.length ||
    roles.some((role) => !user.roles.includes(role));
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} className={`card ${styles.form}`} aria-labelledby="account-title">
      <h2 id="account-title" className={styles.cardTitle}>
        Roles and access
      </h2>
      <RoleCheckboxes legend="Roles" value={roles} onChange={setRoles} error={errors.roles} />
      <label className={styles.option}>
        <input
          type="checkbox"
          checked={disabled}
          onChange={(event) => setDisabled(event.target.checked)}
          aria-describedby="disabled-hint"
        />
        Disabled
      </label>
      <p id="disabled-hint" className="hint">
        A disabled user&rsquo;s tokens stop working at once; enabling them again restores them.
      </p>
      {save.isError && <ProblemAlert error={save.error} action="Saving" />}
      <div role="status">
        {save.isSuccess && !changed && <p className="alert alert-success">Saved.</p>}
      </div>
      <div>
        <button type="submit" className="button primary" disabled={save.isPending || !changed}>
          {save.isPending ? "Saving…" : "Save changes"}
        </button>
      </div>
    </form>
  );
}

/** One user: their roles and state (editable) and their tokens. */
export function UserPage() {
  const { username = "" } = useParams();
  const canAdmin = useCan("users:admin");
  const user = useQuery({
    queryKey: [...usersQueryKey, username],
    queryFn: () => unwrap(api.GET("/api/v1/users/{username}", { params: { path: { username } } })),
  });
  return (
    <>
      <PageHeader
        title={username}
        crumbs={[{ label: "Users", to: "/admin/users" }]}
        meta={
          user.data && (
            <>
              {user.data.disabled ? (
                <StatusBadge tone="bad">disabled</StatusBadge>
              ) : (
                <StatusBadge tone="ok">active</StatusBadge>
              )}
              <span className="hint">
                id <code>{user.data.id}</code>, created {formatTime(user.data.created_at)}
              </span>
            </>
          )
        }
      />
      <QueryState query={user} rows={4} label="Loading the user">
        {(data) => (
          <div className="stack">
            {canAdmin && <AccountForm user={data} />}
            <TokensPanel username={data.username} />
          </div>
        )}
      </QueryState>
    </>
  );
}
