import { StatusBadge } from "../../components/Badges";
import type { PolicySummary } from "./policyDoc";
import { ScrollRegion } from "../../components/ScrollRegion";

function list(values: string[], none: string): string {
  return values.length > 0 ? values.join(", ") : none;
}

/** A policy set's rules as a table (when each applies, what it requires) and its approvals. */
export function RulesSummary({ summary }: { summary: PolicySummary }) {
  return (
    <>
      <h2>Rules ({summary.rules.length})</h2>
      {summary.rules.length === 0 ? (
        <p>This policy set has no rules: every promotion passes its checks.</p>
      ) : (
        <ScrollRegion label="Rules">
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Applies to</th>
                <th scope="col">Requires</th>
                <th scope="col">Severity</th>
              </tr>
            </thead>
            <tbody>
              {summary.rules.map((rule) => (
                <tr key={`${rule.id}-${rule.line}`}>
                  <th scope="row">
                    <code>{rule.id}</code>
                    <br />
                    <a className="hint" href={`#L${rule.line}`}>
                      line {rule.line}
                    </a>
                  </th>
                  <td>
                    {list(rule.stages, "no stage")}
                    <br />
                    <span className="hint">
                      {rule.riskTiers.length > 0
                        ? `${rule.riskTiers.join(", ")} risk`
                        : "every risk tier"}
                    </span>
                  </td>
                  <td>
                    {rule.description && <p>{rule.description}</p>}
                    <code>{rule.condition}</code>
                  </td>
                  <td>
                    {rule.severity === "block" ? (
                      <StatusBadge tone="bad">blocks</StatusBadge>
                    ) : (
                      <StatusBadge tone="warn">warns</StatusBadge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <h2>Approvals</h2>
      {summary.approvals.length === 0 ? (
        <p>No stage needs approvals.</p>
      ) : (
        <ul>
          {summary.approvals.map((approval) => (
            <li key={approval.stage}>
              <strong>{approval.stage}</strong>: approved by {list(approval.requiredRoles, "—")}
              {approval.twoPersonTiers.length > 0 &&
                `; two different people for ${approval.twoPersonTiers.join(", ")} risk`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
