import { useState } from "react";
import { useCan } from "../../../app/me";
import { StatusBadge, type Tone } from "../../../components/Badges";
import { EmptyState } from "../../../components/EmptyState";
import { Field } from "../../../components/Field";
import { QueryState } from "../../../components/QueryState";
import { ScrollRegion } from "../../../components/ScrollRegion";
import { ExceptionForm } from "./ExceptionForm";
import {
  SEVERITIES,
  countBySeverity,
  filterFindings,
  type Finding,
  type FindingFilter,
  type Severity,
} from "./findings";
import styles from "./Security.module.css";
import { useFindings } from "./useSecurity";
import type { VersionParams } from "./versionData";

const SEVERITY_TONE: Record<Severity, Tone> = {
  critical: "bad",
  high: "bad",
  medium: "warn",
  low: "info",
  info: "neutral",
};

function Filters({
  findings,
  filter,
  onChange,
}: {
  findings: Finding[];
  filter: FindingFilter;
  onChange: (filter: FindingFilter) => void;
}) {
  const counts = countBySeverity(findings);
  return (
    <div className={styles.filters}>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={filter.blockingOnly}
          onChange={(event) => onChange({ ...filter, blockingOnly: event.target.checked })}
        />
        Blocking only
      </label>
      <Field label="Severity">
        <select
          value={filter.severity}
          onChange={(event) =>
            onChange({ ...filter, severity: event.target.value as FindingFilter["severity"] })
          }
        >
          <option value="all">All ({findings.length})</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s} ({counts[s]})
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

function FindingRow({
  finding,
  canGrant,
  onGrant,
}: {
  finding: Finding;
  canGrant: boolean;
  onGrant: (finding: Finding) => void;
}) {
  return (
    <tr>
      <td>
        <StatusBadge tone={SEVERITY_TONE[finding.severity]}>{finding.severity}</StatusBadge>
      </td>
      <td>
        {finding.blocking ? (
          <StatusBadge tone="bad">blocking</StatusBadge>
        ) : (
          <StatusBadge tone="neutral">not blocking</StatusBadge>
        )}
      </td>
      <td>
        {finding.excepted ? (
          <StatusBadge tone="ok">covered by an exception</StatusBadge>
        ) : (
          <span className="hint">none</span>
        )}
      </td>
      <td>
        <code>{finding.rule}</code>
        <br />
        <span className="hint">
          {finding.scanner} · {finding.category.replaceAll("_", " ")}
        </span>
      </td>
      <td className={styles.path}>
        <code>{finding.path}</code>
      </td>
      <td className={styles.message}>{finding.message}</td>
      {canGrant && (
        <td>
          {!finding.excepted && (
            <button
              type="button"
              className="button tiny"
              aria-label={`Grant an exception for ${finding.rule} in ${finding.path}`}
              onClick={() => onGrant(finding)}
            >
              Grant exception
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

/** The current findings, worst first, filterable; security architects may grant exceptions. */
export function FindingsSection({ params }: { params: VersionParams }) {
  const query = useFindings(params);
  const canGrant = useCan("security:write");
  const [filter, setFilter] = useState<FindingFilter>({ blockingOnly: false, severity: "all" });
  const [granting, setGranting] = useState<Finding | null>(null);
  return (
    <section className="card stack" aria-labelledby="findings-title">
      <h3 id="findings-title">Findings</h3>
      <QueryState query={query} rows={4} label="Loading the findings">
        {(findings) => {
          if (findings.length === 0)
            return (
              <EmptyState title="No findings">
                The latest scans of the current digest found nothing.
              </EmptyState>
            );
          const shown = filterFindings(findings, filter);
          return (
            <>
              <Filters findings={findings} filter={filter} onChange={setFilter} />
              <p role="status" className="hint">
                Showing {shown.length} of {findings.length} finding(s),{" "}
                {findings.filter((f) => f.blocking).length} blocking.
              </p>
              {shown.length > 0 && (
                <ScrollRegion label="Findings table">
                  <table>
                    <caption className="visually-hidden">Findings, worst severity first</caption>
                    <thead>
                      <tr>
                        <th scope="col">Severity</th>
                        <th scope="col">Blocks</th>
                        <th scope="col">Exception</th>
                        <th scope="col">Rule</th>
                        <th scope="col">File</th>
                        <th scope="col">Message</th>
                        {canGrant && (
                          <th scope="col">
                            <span className="visually-hidden">Actions</span>
                          </th>
                        )}
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((finding) => (
                        <FindingRow
                          key={finding.id}
                          finding={finding}
                          canGrant={canGrant}
                          onGrant={setGranting}
                        />
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              )}
              {canGrant && granting && (
                <ExceptionForm
                  key={granting.id}
                  params={params}
                  finding={granting}
                  onDone={() => setGranting(null)}
                />
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
