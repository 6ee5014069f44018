import { useCan } from "../../../app/me";
import { StatusBadge } from "../../../components/Badges";
import { EmptyState } from "../../../components/EmptyState";
import { ProblemAlert } from "../../../components/ProblemAlert";
import { QueryState } from "../../../components/QueryState";
import { ScrollRegion } from "../../../components/ScrollRegion";
import { formatTime } from "../../../components/Time";
import { useExceptions, useFindings, useRevokeException } from "./useSecurity";
import type { VersionParams } from "./versionData";

const STATE_TONE = { active: "ok", expired: "neutral", revoked: "neutral" } as const;

/** Every exception granted on the version with its state; active ones can be revoked. */
export function ExceptionsSection({ params }: { params: VersionParams }) {
  const query = useExceptions(params);
  const findings = useFindings(params);
  const canRevoke = useCan("security:write");
  const revoke = useRevokeException(params);
  const describe = (findingId: string) => {
    const finding = findings.data?.find((f) => f.id === findingId);
    return finding ? `${finding.rule} in ${finding.path}` : findingId;
  };
  return (
    <section className="card stack" aria-labelledby="exceptions-title">
      <h3 id="exceptions-title">Exceptions</h3>
      <QueryState query={query} rows={2} label="Loading the exceptions">
        {(exceptions) =>
          exceptions.length === 0 ? (
            <EmptyState title="No exceptions">
              A security architect can accept a finding for a limited time.
            </EmptyState>
          ) : (
            <ScrollRegion label="Exceptions table">
              <table>
                <caption className="visually-hidden">Exceptions, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Finding</th>
                    <th scope="col">State</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Granted</th>
                    <th scope="col">Expires</th>
                    {canRevoke && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {exceptions.map((exception) => (
                    <tr key={exception.id}>
                      <td>
                        <code>{describe(exception.finding_id)}</code>
                      </td>
                      <td>
                        <StatusBadge tone={STATE_TONE[exception.state]}>
                          {exception.state}
                        </StatusBadge>
                        {exception.revoked_at && (
                          <span className="hint">
                            {" "}
                            by {exception.revoked_by_name ?? exception.revoked_by} on{" "}
                            {formatTime(exception.revoked_at)}
                          </span>
                        )}
                      </td>
                      <td>{exception.reason}</td>
                      <td>
                        {exception.granted_by_name ?? exception.granted_by}
                        <br />
                        <span className="hint">{formatTime(exception.granted_at)}</span>
                      </td>
                      <td>{formatTime(exception.expires_at)}</td>
                      {canRevoke && (
                        <td>
                          {exception.state === "active" && (
                            <button
                              type="button"
                              className="button tiny"
                              disabled={revoke.isPending}
                              aria-label={`Revoke the exception for ${describe(exception.finding_id)}`}
                              onClick={() => revoke.mutate(exception.id)}
                            >
                              Revoke
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )
        }
      </QueryState>
      {revoke.isError && <ProblemAlert error={revoke.error} action="Revoking the exception" />}
    </section>
  );
}
