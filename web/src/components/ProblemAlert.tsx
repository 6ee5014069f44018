import { ApiError } from "../api/client";

interface Props {
  error: unknown;
  /** What the user was doing, e.g. "Approving the promotion". */
  action?: string;
}

/** A failed call explained: the problem's title and detail, field messages and request id. */
export function ProblemAlert({ error, action }: Props) {
  const apiErr = error instanceof ApiError ? error : null;
  const problem = apiErr?.problem;
  const fields = apiErr ? Object.entries(apiErr.fieldErrors()).filter(([loc]) => loc) : [];
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">
        {action ? `${action} failed: ` : ""}
        {problem?.title ?? (apiErr?.offline ? "Not sent" : "Something went wrong")}
      </p>
      <p>{problem?.detail ?? (error instanceof Error ? error.message : String(error))}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([loc, msg]) => (
            <li key={loc}>
              <code>{loc}</code>: {msg}
            </li>
          ))}
        </ul>
      )}
      {problem?.request_id && <p className="hint">Request id {problem.request_id}</p>}
    </div>
  );
}
