import { useState, type FormEvent } from "react";
import { ApiError } from "../../../api/client";
import { StatusBadge } from "../../../components/Badges";
import { Field } from "../../../components/Field";
import { ProblemAlert } from "../../../components/ProblemAlert";
import styles from "./Security.module.css";
import { useDeployCheck } from "./useSecurity";
import type { VersionParams } from "./versionData";

type TargetStage = "production" | "staging";

/** Asks the gate whether this digest may be deployed to a target now, and shows why not. */
export function DeploySection({ params, digest }: { params: VersionParams; digest: string }) {
  const [target, setTarget] = useState("");
  const [stage, setStage] = useState<TargetStage>("production");
  const check = useDeployCheck(params);
  const errors = check.error instanceof ApiError ? check.error.fieldErrors() : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    check.mutate({ digest, target: target.trim(), stage });
  }

  const verdict = check.data;
  return (
    <section className="card stack" aria-labelledby="deploy-title">
      <h3 id="deploy-title">Deployment check</h3>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="grid">
          <Field label="Deployment target" hint="e.g. prod-eu-1" error={errors.target}>
            <input value={target} onChange={(event) => setTarget(event.target.value)} />
          </Field>
          <Field label="Target tier" error={errors.stage}>
            <select value={stage} onChange={(event) => setStage(event.target.value as TargetStage)}>
              <option value="production">production</option>
              <option value="staging">staging</option>
            </select>
          </Field>
        </div>
        <div>
          <button type="submit" className="button primary" disabled={check.isPending}>
            {check.isPending ? "Checking…" : "Check deployment"}
          </button>
        </div>
      </form>
      {check.isError && <ProblemAlert error={check.error} action="The deployment check" />}
      <div aria-live="polite">
        {verdict && (
          <div className={styles.verdict}>
            <p className={styles.statusLine}>
              <strong>Verdict for {verdict.target}:</strong>
              <StatusBadge tone={verdict.allowed ? "ok" : "bad"}>
                {verdict.allowed ? "allowed" : "blocked"}
              </StatusBadge>
            </p>
            {verdict.reasons.length > 0 ? (
              <ul>
                {verdict.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            ) : (
              <p>Every rule of the active policy passed for {verdict.target_stage}.</p>
            )}
            <p className="hint">
              Policy <code>{verdict.policy_digest.slice(0, 19)}…</code>; the version is in{" "}
              {verdict.stage}. This check was recorded in the audit log.
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
