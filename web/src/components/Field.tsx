import { cloneElement, useId, type ReactElement } from "react";

interface Props {
  label: string;
  hint?: string;
  /** The server's message for this field, shown beside it. */
  error?: string | undefined;
  children: ReactElement<Record<string, unknown>>;
}

/** A labelled control with its hint and error wired up for assistive technology. */
export function Field({ label, hint, error, children }: Props) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
      })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
