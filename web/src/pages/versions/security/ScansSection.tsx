import { Fragment, useState } from "react";
import type { Schemas } from "../../../api/client";
import { useCan } from "../../../app/me";
import { StatusBadge, type Tone } from "../../../components/Badges";
import { EmptyState } from "../../../components/EmptyState";
import { ProblemAlert } from "../../../components/ProblemAlert";
import { QueryState } from "../../../components/QueryState";
import { ScrollRegion } from "../../../components/ScrollRegion";
import { Time } from "../../../components/Time";
import { SEVERITIES } from "./findings";
import styles from "./Security.module.css";
import {
  scanInProgress,
  useRequestScan,
  useScanResult,
  useScans,
  type SecurityStatus,
} from "./useSecurity";
import type { VersionParams } from "./versionData";

const STATE_WORDS: Record<SecurityStatus["status"], [Tone, string, string]> = {
  complete: ["ok", "complete", "Every scanner has a result for the current digest."],
  pending: ["info", "pending", "A scan is queued or running; results appear here when it ends."],
  partial: ["warn", "partial", "Some scanners have no result for the current digest yet."],
  failed: ["bad", "failed", "A scanner failed; run the scan again or ask an administrator."],
  none: ["neutral", "not scanned", "Versions are scanned when they are sealed."],
};

function ScanDetails({ params, id }: { params: VersionParams; id: string }) {
  const query = useScanResult(params, id, true);
  return (
    <QueryState query={query} rows={2} label="Loading the scan result">
      {(result) => (
        <div className="stack">
          {result.errors.length > 0 && (
            <div>
              <p className="field-error">Errors</p>
              <pre>{JSON.stringify(result.errors, null, 2)}</pre>
            </div>
          )}
          <p className="hint">
            Scanner {result.scanner} {result.scanner_version}
            {result.database_version ? `, advisory database ${result.database_version}` : ""};
            digest <code>{result.version_digest}</code>; {result.finding_count} finding(s).
          </p>
          {Object.keys(result.details).length > 0 && (
            <pre className={styles.detailsPre}>{JSON.stringify(result.details, null, 2)}</pre>
          )}
        </div>
      )}
    </QueryState>
  );
}

function History({
  params,
  history,
}: {
  params: VersionParams;
  history: Schemas["ScanResultSummary"][];
}) {
  const [open, setOpen] = useState<string | null>(null);
  if (history.length === 0) return <EmptyState title="No scan results yet" />;
  return (
    <ScrollRegion label="Scan history">
      <table>
        <caption className="visually-hidden">Scan results, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Scanner</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Finished</th>
            <th scope="col" className="num">
              Findings
            </th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((row) => (
            <Fragment key={row.id}>
              <tr>
                <td>{row.scanner}</td>
                <td>
                  <StatusBadge tone={row.status === "completed" ? "ok" : "bad"}>
                    {row.status}
                  </StatusBadge>
                </td>
                <td>{row.trigger.replaceAll("_", " ")}</td>
                <td>
                  <Time value={row.finished_at} />
                </td>
                <td className="num">{row.finding_count}</td>
                <td>
                  <button
                    type="button"
                    className="button tiny"
                    aria-expanded={open === row.id}
                    aria-label={`Details of the ${row.scanner} scan`}
                    onClick={() => setOpen(open === row.id ? null : row.id)}
                  >
                    {open === row.id ? "Hide" : "Details"}
                  </button>
                </td>
              </tr>
              {open === row.id && (
                <tr>
                  <td colSpan={6}>
                    <ScanDetails params={params} id={row.id} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function RunScan({
  params,
  sealed,
  pending,
}: {
  params: VersionParams;
  sealed: boolean | undefined;
  pending: boolean;
}) {
  const request = useRequestScan(params);
  if (sealed === undefined) return null;
  if (!sealed) return <p className="hint">The version is scanned when it is sealed.</p>;
  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="button"
          disabled={request.isPending || pending}
          onClick={() => request.mutate()}
        >
          {request.isPending ? "Queuing…" : "Run scan again"}
        </button>
      </div>
      {request.isError && <ProblemAlert error={request.error} action="Queuing the scan" />}
    </div>
  );
}

/** Where the scans stand: state, open findings per severity, the queue, history, re-scan. */
export function ScansSection({
  params,
  sealed,
}: {
  params: VersionParams;
  sealed: boolean | undefined;
}) {
  const query = useScans(params);
  const canRun = useCan("scans:run");
  return (
    <section className="card stack" aria-labelledby="scans-title">
      <h3 id="scans-title">Scans</h3>
      <QueryState query={query} rows={4} label="Loading the scans">
        {(status) => {
          const [tone, word, sentence] = STATE_WORDS[status.status];
          const pending = scanInProgress(status);
          return (
            <>
              <div className="row">
                <span>Scan state:</span>
                <StatusBadge tone={pending ? "info" : tone}>
                  {pending ? "scan in progress" : word}
                </StatusBadge>
              </div>
              <p role="status" className={pending ? "alert alert-info" : "hint"}>
                {pending
                  ? (status.queue?.detail ??
                    "A scan is queued; this page checks again every 2 seconds.")
                  : sentence}
              </p>
              <p>
                Open findings: {SEVERITIES.map((s) => `${status.counts[s] ?? 0} ${s}`).join(", ")}
              </p>
              {canRun && <RunScan params={params} sealed={sealed} pending={pending} />}
              <h4>History</h4>
              <History params={params} history={status.history} />
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
