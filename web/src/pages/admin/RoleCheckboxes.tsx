import { useId } from "react";
import styles from "./Admin.module.css";
import { ROLE_LABELS, ROLES, type Role } from "./roles";

interface Props {
  legend: string;
  value: Role[];
  onChange: (roles: Role[]) => void;
  /** The server's message about the roles, shown beside them. */
  error?: string | undefined;
}

/** One checkbox per role inside a labelled fieldset. */
export function RoleCheckboxes({ legend, value, onChange, error }: Props) {
  const id = useId();
  return (
    <fieldset className={styles.fieldset} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className={styles.options}>
        {ROLES.map((role) => (
          <label key={role} className={styles.option}>
            <input
              type="checkbox"
              checked={value.includes(role)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? ROLES.filter((r) => r === role || value.includes(r))
                    : value.filter((r) => r !== role),
                )
              }
            />
            {ROLE_LABELS[role]}
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
