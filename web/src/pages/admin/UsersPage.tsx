import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ScrollRegion } from "../../components/ScrollRegion";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useCan } from "../../app/me";
import { StatusBadge } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { useDraft } from "../../components/useDraft";
import { RoleCheckboxes } from "./RoleCheckboxes";
import { ROLE_LABELS, type Role } from "./roles";
import styles from "./Admin.module.css";

type User = Schemas["UserRead"];

export const usersQueryKey = ["users"] as const;

/** A user's roles as readable words. */
export function RoleList({ roles }: { roles: Role[] }) {
  return (
    <span className={styles.roles}>
      {roles.map((role) => (
        <span key={role} className="badge tone-neutral">
          {ROLE_LABELS[role]}
        </span>
      ))}
    </span>
  );
}

function UserTable({ users }: { users: User[] }) {
  if (users.length === 0) return <EmptyState title="No users yet" />;
  return (
    <ScrollRegion label="Users">
      <table>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Roles</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <th scope="row">
                <Link to={`/admin/users/${encodeURIComponent(user.username)}`}>
                  {user.username}
                </Link>
              </th>
              <td>
                <RoleList roles={user.roles} />
              </td>
              <td>
                {user.disabled ? (
                  <StatusBadge tone="bad">disabled</StatusBadge>
                ) : (
                  <StatusBadge tone="ok">active</StatusBadge>
                )}
              </td>
              <td className={styles.nowrap}>{formatTime(user.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function CreateUserForm() {
  const client = useQueryClient();
  const [username, setUsername, clearUsername] = useDraft("new-user.username");
  const [roles, setRoles] = useState<Role[]>([]);
  const [created, setCreated] = useState<User | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/users", { body: { username: username.trim(), roles } })),
    onSuccess: (user) => {
      setCreated(user);
      clearUsername();
      setRoles([]);
      void client.invalidateQueries({ queryKey: usersQueryKey });
    },
  });
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    create.mutate();
  }
  return (
    <form onSubmit={submit} className={`card ${styles.form}`} aria-labelledby="create-title">
      <h2 id="create-title" className={styles.cardTitle}>
        Create a user
      </h2>
      <Field
        label="Username"
        hint="Lower-case letters, digits, dot, dash or underscore; starts with a letter or digit."
        error={errors.username}
      >
        <input
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <RoleCheckboxes legend="Roles" value={roles} onChange={setRoles} error={errors.roles} />
      {create.isError && <ProblemAlert error={create.error} action="Creating the user" />}
      <div role="status">
        {created && (
          <p className="alert alert-success">
            Created{" "}
            <Link to={`/admin/users/${encodeURIComponent(created.username)}`}>
              {created.username}
            </Link>
            . Issue them a token on their page.
          </p>
        )}
      </div>
      <div>
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}

/** Every user with roles and state, and a form to create one (for administrators). */
export function UsersPage() {
  const canAdmin = useCan("users:admin");
  const users = useQuery({
    queryKey: usersQueryKey,
    queryFn: () => unwrap(api.GET("/api/v1/users")),
  });
  return (
    <>
      <PageHeader title="Users" />
      <QueryState query={users} rows={6} label="Loading users">
        {(data) => (
          <div className="stack">
            <UserTable users={data} />
            {canAdmin ? (
              <CreateUserForm />
            ) : (
              <p className="hint">Creating users and changing roles needs users:admin.</p>
            )}
          </div>
        )}
      </QueryState>
    </>
  );
}
