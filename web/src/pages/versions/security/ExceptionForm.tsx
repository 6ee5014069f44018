import { useState, type FormEvent } from "react";
import { ApiError } from "../../../api/client";
import { Field } from "../../../components/Field";
import { ProblemAlert } from "../../../components/ProblemAlert";
import { useDraft } from "../../../components/useDraft";
import type { Finding } from "./findings";
import styles from "./Security.module.css";
import { useGrantException } from "./useSecurity";
import type { VersionParams } from "./versionData";

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the day `days` from now (local). */
function dayFromNow(days: number): string {
  const date = new Date(Date.now() + days * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The end of a chosen local day as an RFC 3339 instant. */
export function endOfDay(day: string): string {
  return new Date(`${day}T23:59:00`).toISOString();
}

interface Props {
  params: VersionParams;
  finding: Finding;
  onDone: () => void;
}

/** Accepts one finding until a chosen day (at most 90 days), with the reason why. */
export function ExceptionForm({ params, finding, onDone }: Props) {
  const [reason, setReason, clearReason] = useDraft(`exception.${finding.id}`);
  const [expires, setExpires] = useState(() => dayFromNow(30));
  const grant = useGrantException(params);
  const errors = grant.error instanceof ApiError ? grant.error.fieldErrors() : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    grant.mutate(
      { finding_id: finding.id, reason, expires_at: endOfDay(expires) },
      {
        onSuccess: () => {
          clearReason();
          onDone();
        },
      },
    );
  }

  return (
    <form
      className={`stack ${styles.grantForm}`}
      onSubmit={submit}
      noValidate
      aria-labelledby="grant-title"
    >
      <h4 id="grant-title">
        Grant an exception for {finding.rule} in {finding.path}
      </h4>
      <p className="hint">{finding.message}</p>
      <Field
        label="Reason"
        hint="The accepted risk and why (at least 10 characters)."
        error={errors.reason}
      >
        <textarea value={reason} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <Field
        label="Expires on"
        hint="At most 90 days ahead; it ends by itself."
        error={errors.expires_at}
      >
        <input
          type="date"
          value={expires}
          min={dayFromNow(0)}
          max={dayFromNow(90)}
          onChange={(event) => setExpires(event.target.value)}
        />
      </Field>
      {grant.isError && <ProblemAlert error={grant.error} action="Granting the exception" />}
      <div className="row">
        <button type="submit" className="button primary" disabled={grant.isPending}>
          {grant.isPending ? "Granting…" : "Grant exception"}
        </button>
        <button type="button" className="button subtle" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
