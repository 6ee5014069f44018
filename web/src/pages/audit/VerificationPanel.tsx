import type { UseQueryResult } from "@tanstack/react-query";
import { Digest } from "../../components/Digest";
import { Skeleton } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { StatusBadge } from "../../components/Badges";
import { formatTime } from "../../components/Time";
import { formatDuration, type VerificationRun } from "./verification";
import styles from "./AuditPage.module.css";

interface Props {
  query: UseQueryResult<VerificationRun>;
  onVerify: () => void;
}

function Verdict({ run }: { run: VerificationRun }) {
  const { result } = run;
  const timing = (
    <p className="hint">
      Checked at <time dateTime={run.checkedAt}>{formatTime(run.checkedAt)}</time>; took{" "}
      {formatDuration(run.tookMs)} (round trip).
    </p>
  );
  if (result.ok) {
    return (
      <>
        <p className={styles.verdict}>
          <StatusBadge tone="ok">verified</StatusBadge>
          <strong>
            Chain verified: {result.checked.toLocaleString()}{" "}
            {result.checked === 1 ? "event" : "events"}
          </strong>
        </p>
        <p>
          Head: event #{result.head_seq}, hash{" "}
          {result.head_hash ? <Digest value={result.head_hash} label="head hash" /> : "(empty)"}
        </p>
        {timing}
      </>
    );
  }
  return (
    <>
      <p className={styles.verdict}>
        <StatusBadge tone="bad">broken</StatusBadge>
        <strong>
          Chain broken
          {result.first_broken_seq !== null ? ` at event #${result.first_broken_seq}` : ""}
        </strong>
      </p>
      <p>{result.reason ?? "The server did not say why."}</p>
      <p className="hint">
        {result.checked.toLocaleString()} events checked before the break; head is event #
        {result.head_seq}.
      </p>
      {timing}
    </>
  );
}

/** The result of recomputing every hash of the audit chain, with a button to check again. */
export function VerificationPanel({ query, onVerify }: Props) {
  const ok = query.data?.result.ok;
  const tone = query.isError || ok === false ? styles.panelBad : ok ? styles.panelOk : "";
  return (
    <section className={`card ${styles.panel} ${tone}`} aria-labelledby="verify-title">
      <div className={styles.panelHead}>
        <h2 id="verify-title">Chain verification</h2>
        <button type="button" className="button" onClick={onVerify} disabled={query.isFetching}>
          {query.isFetching ? "Verifying…" : "Verify again"}
        </button>
      </div>
      <div className={styles.panelBody}>
        {query.isPending ? (
          <Skeleton rows={2} label="Verifying the chain" />
        ) : query.isError ? (
          <ProblemAlert error={query.error} action="Verifying the chain" />
        ) : (
          <div role="status">
            <Verdict run={query.data} />
          </div>
        )}
      </div>
    </section>
  );
}
