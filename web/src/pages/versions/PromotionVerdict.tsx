import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { StageBadge, StatusBadge, type Tone } from "../../components/Badges";
import styles from "./Version.module.css";

type Promotion = Schemas["PromotionRead"];
type RuleResult = Schemas["RuleResultRead"];

const STATE_TONE: Record<Schemas["PromotionState"], Tone> = {
  blocked: "bad",
  awaiting_approval: "warn",
  approved: "info",
  executed: "ok",
  rejected: "bad",
  superseded: "neutral",
};

/** A promotion request's state as a badge with words, e.g. "awaiting approval". */
export function PromotionStateBadge({ state }: { state: Schemas["PromotionState"] }) {
  return <StatusBadge tone={STATE_TONE[state]}>{state.replace(/_/g, " ")}</StatusBadge>;
}

function ruleVerdict(rule: RuleResult): { tone: Tone; word: string } {
  if (rule.passed) return { tone: "ok", word: "passed" };
  return rule.severity === "block"
    ? { tone: "bad", word: "blocks" }
    : { tone: "warn", word: "warning" };
}

/** Rules that did not pass come first: they are what the requester has to act on. */
function ordered(results: readonly RuleResult[]): RuleResult[] {
  const rank = (r: RuleResult) => (r.passed ? 2 : r.severity === "block" ? 0 : 1);
  return [...results].sort((a, b) => rank(a) - rank(b));
}

/** The policy's verdict on a promotion request, rule by rule. */
export function RuleResults({ results }: { results: readonly RuleResult[] }) {
  if (results.length === 0) return <p className="hint">No policy rule applies to this stage.</p>;
  return (
    <ul className={styles.rules}>
      {ordered(results).map((rule) => {
        const verdict = ruleVerdict(rule);
        return (
          <li key={rule.rule_id}>
            <p>
              <StatusBadge tone={verdict.tone}>{verdict.word}</StatusBadge>{" "}
              <code>{rule.rule_id}</code> {rule.description}
            </p>
            {!rule.passed && rule.message && <p className="hint">{rule.message}</p>}
            {rule.error && <p className="field-error">Could not be evaluated: {rule.error}</p>}
          </li>
        );
      })}
    </ul>
  );
}

/** What came of a promotion request just made: its state, the rules, and where to follow it. */
export function PromotionVerdict({ promotion }: { promotion: Promotion }) {
  const failing = promotion.results.filter((r) => !r.passed && r.severity === "block").length;
  return (
    <section className="card stack" aria-labelledby={`verdict-${promotion.id}`}>
      <h2 id={`verdict-${promotion.id}`}>
        Promotion to <StageBadge stage={promotion.target_stage} />:{" "}
        <PromotionStateBadge state={promotion.state} />
      </h2>
      {promotion.state === "blocked" && (
        <p>
          The policy blocks this promotion: {failing} blocking rule{failing === 1 ? "" : "s"} did
          not pass. Fix what they name and request the promotion again.
        </p>
      )}
      {promotion.state === "awaiting_approval" && (
        <p>Every rule passes; the promotion now waits for the approvals the policy requires.</p>
      )}
      {promotion.state === "executed" && <p>The version moved to {promotion.target_stage}.</p>}
      <RuleResults results={promotion.results} />
      <p>
        <Link to={`/approvals/${promotion.id}`}>Open the promotion request</Link>
      </p>
    </section>
  );
}
