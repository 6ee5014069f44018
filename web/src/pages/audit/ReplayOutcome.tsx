import type { Schemas } from "../../api/client";
import { StatusBadge } from "../../components/Badges";

/** Whether a replay reproduced the recorded outcome, and how it differs if not. */
export function ReplayOutcome({ result }: { result: Schemas["ReplayResult"] }) {
  if (result.identical) {
    return (
      <div role="status" className="alert alert-success">
        <p className="alert-title">
          <StatusBadge tone="ok">same</StatusBadge> The replay reproduces the recorded outcome
        </p>
        <p>
          Recorded {result.original_outcome}, replayed {result.replayed_outcome}; every rule gave
          the same verdict.
        </p>
      </div>
    );
  }
  return (
    <div role="status" className="alert alert-error">
      <p className="alert-title">
        <StatusBadge tone="bad">different</StatusBadge> The replay does not reproduce the recorded
        outcome
      </p>
      <p>
        Recorded {result.original_outcome}, replayed {result.replayed_outcome}.
      </p>
      {result.differences.length > 0 && (
        <ul>
          {result.differences.map((difference) => (
            <li key={difference}>{difference}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
