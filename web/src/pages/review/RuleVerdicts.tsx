// The policy verdict rule by rule: blocking failures first, then warnings, then what passed.
import type { Schemas } from "../../api/client";
import { StatusBadge, type Tone } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { Time } from "../../components/Time";
import styles from "./Review.module.css";
import { ScrollRegion } from "./ScrollRegion";

type RuleResult = Schemas["RuleResultRead"];
type Decision = Schemas["DecisionRead"];

function outcome(result: RuleResult): { rank: number; tone: Tone; word: string } {
  if (result.passed) return { rank: 2, tone: "ok", word: "passed" };
  if (result.severity === "block") return { rank: 0, tone: "bad", word: "blocks" };
  return { rank: 1, tone: "warn", word: "warning" };
}

/** Results ordered for a reviewer: blocked rules first, then warnings, then passes. */
export function orderResults(results: RuleResult[]): RuleResult[] {
  return [...results].sort((a, b) => outcome(a).rank - outcome(b).rank);
}

interface Props {
  results: RuleResult[];
  decision: Decision | undefined;
}

/** A table of every rule's outcome with the decision record it comes from. */
export function RuleVerdicts({ results, decision }: Props) {
  const ordered = orderResults(decision?.results ?? results);
  const blocked = ordered.filter((result) => outcome(result).rank === 0).length;
  return (
    <>
      <p>
        {ordered.length} rule{ordered.length === 1 ? "" : "s"} applied;{" "}
        {blocked === 0 ? "none blocks" : `${blocked} block${blocked === 1 ? "s" : ""}`} this
        promotion.
      </p>
      {decision && (
        <p className="hint">
          Decision record <code>{decision.id}</code> ({decision.trigger}, outcome{" "}
          <strong>{decision.outcome}</strong>, <Time value={decision.created_at} />
          ), input <Digest value={decision.input_digest} label="input digest" />
        </p>
      )}
      <ScrollRegion label="Policy rules">
        <table className={styles.rules}>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Outcome</th>
              <th scope="col">What it checks, and what to do</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((result) => {
              const { tone, word } = outcome(result);
              return (
                <tr key={result.rule_id} className={tone === "bad" ? styles.blockedRow : undefined}>
                  <th scope="row">
                    <code>{result.rule_id}</code>
                  </th>
                  <td>
                    <StatusBadge tone={tone}>{word}</StatusBadge>
                  </td>
                  <td>
                    {result.description}
                    {!result.passed && result.message && (
                      <p className={styles.ruleMessage}>{result.message}</p>
                    )}
                    {result.error && (
                      <p className={styles.ruleMessage}>Could not be evaluated: {result.error}</p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
