import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { Field } from "../../components/Field";
import { actionLabel } from "./actions";
import {
  EMPTY_FILTERS,
  fromLocalInput,
  hasFilters,
  toLocalInput,
  type AuditFilters,
} from "./filters";
import styles from "./AuditPage.module.css";

interface Props {
  filters: AuditFilters;
  /** Users to pick an actor from (when the caller may list users). */
  users: Schemas["UserRead"][] | undefined;
  /** Action codes seen in the loaded events, offered as suggestions. */
  actions: string[];
  /** Field errors from the server (e.g. a bad time). */
  errors: Record<string, string>;
  onApply: (filters: AuditFilters) => void;
}

/** The timeline's filters; applying them writes the URL, which drives the query. */
export function FilterForm({ filters, users, actions, errors, onApply }: Props) {
  const [draft, setDraft] = useState(() => ({
    ...filters,
    since: toLocalInput(filters.since),
    until: toLocalInput(filters.until),
  }));
  const set = (key: keyof AuditFilters) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({
      ...draft,
      since: fromLocalInput(draft.since),
      until: fromLocalInput(draft.until),
    });
  }

  return (
    <form className={`card ${styles.filters}`} onSubmit={submit} aria-label="Filter events">
      <div className={styles.filterGrid}>
        <Field label="Subject" hint="e.g. version:fraud/scorer@1.2.0" error={errors.subject}>
          <input
            value={draft.subject}
            onChange={(e) => set("subject")(e.target.value)}
            spellCheck={false}
          />
        </Field>
        <Field label="Action" hint="An action code, e.g. version.sealed" error={errors.action}>
          <input
            value={draft.action}
            onChange={(e) => set("action")(e.target.value)}
            list="audit-actions"
            spellCheck={false}
          />
        </Field>
        <datalist id="audit-actions">
          {actions.map((code) => (
            <option key={code} value={code}>
              {actionLabel(code)}
            </option>
          ))}
        </datalist>
        {users ? (
          <Field label="Actor" error={errors.actor}>
            <select value={draft.actor} onChange={(e) => set("actor")(e.target.value)}>
              <option value="">Anyone</option>
              {draft.actor && !users.some((u) => u.id === draft.actor) && (
                <option value={draft.actor}>{draft.actor}</option>
              )}
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.username}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field label="Actor (user id)" error={errors.actor}>
            <input
              value={draft.actor}
              onChange={(e) => set("actor")(e.target.value)}
              spellCheck={false}
            />
          </Field>
        )}
        <Field label="From (inclusive)" error={errors.since}>
          <input
            type="datetime-local"
            value={draft.since}
            onChange={(e) => set("since")(e.target.value)}
          />
        </Field>
        <Field label="Until (exclusive)" error={errors.until}>
          <input
            type="datetime-local"
            value={draft.until}
            onChange={(e) => set("until")(e.target.value)}
          />
        </Field>
      </div>
      <div className="row">
        <button type="submit" className="button primary">
          Apply filters
        </button>
        {hasFilters(filters) && (
          <Link to="?" className="button subtle" onClick={() => setDraft(EMPTY_FILTERS)}>
            Clear filters
          </Link>
        )}
      </div>
    </form>
  );
}
