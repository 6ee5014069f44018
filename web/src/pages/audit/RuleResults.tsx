import type { Schemas } from "../../api/client";
import { ScrollRegion } from "../../components/ScrollRegion";
import { StatusBadge } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import styles from "./AuditPage.module.css";

type RuleResult = Schemas["RuleResultRead"];

function verdict(rule: RuleResult) {
  if (rule.passed) return <StatusBadge tone="ok">passed</StatusBadge>;
  if (rule.severity === "warn") return <StatusBadge tone="warn">warning</StatusBadge>;
  return <StatusBadge tone="bad">blocks</StatusBadge>;
}

/** Each rule of a decision with its verdict and, when it did not pass, what to do. */
export function RuleResults({ results }: { results: RuleResult[] }) {
  if (results.length === 0) return <EmptyState title="No rule applied to this decision" />;
  return (
    <ScrollRegion label="Rule results">
      <table className={styles.rules}>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Verdict</th>
            <th scope="col">Severity</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {results.map((rule) => (
            <tr key={rule.rule_id}>
              <th scope="row">
                <code>{rule.rule_id}</code>
                <div className="hint">{rule.description}</div>
              </th>
              <td>{verdict(rule)}</td>
              <td>{rule.severity}</td>
              <td>
                {rule.error
                  ? `Could not be evaluated: ${rule.error}`
                  : rule.passed
                    ? ""
                    : rule.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
