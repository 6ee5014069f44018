import type { Schemas } from "../../api/client";
import { StatusBadge, type Tone } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { ScrollRegion } from "../../components/ScrollRegion";

type DryRunResult = Schemas["DryRunResult"];
type RuleResult = Schemas["RuleResultRead"];

const OUTCOMES: Record<string, { tone: Tone; label: string; explain: string }> = {
  approved: {
    tone: "ok",
    label: "would pass",
    explain: "Every applicable rule passes: the promotion would be approved.",
  },
  awaiting_approval: {
    tone: "warn",
    label: "needs approval",
    explain: "Only approvals are missing: the promotion would wait for them.",
  },
  blocked: {
    tone: "bad",
    label: "blocked",
    explain: "At least one blocking rule fails: the promotion would be refused.",
  },
};

/** A rule's verdict. When approvals are all that is missing, the failing blocks are those. */
export function ruleVerdict(result: RuleResult, outcome: string): { tone: Tone; label: string } {
  if (result.passed) return { tone: "ok", label: "passed" };
  if (result.severity === "warn") return { tone: "warn", label: "warning" };
  if (outcome === "awaiting_approval") return { tone: "info", label: "needs approval" };
  return { tone: "bad", label: "blocked" };
}

/** What the draft policy would decide for the version, rule by rule. */
export function DryRunVerdict({ result, stage }: { result: DryRunResult; stage: string }) {
  const outcome = OUTCOMES[result.outcome] ?? {
    tone: "neutral" as const,
    label: result.outcome,
    explain: "",
  };
  return (
    <section aria-labelledby="verdict-title" className="stack">
      <h2 id="verdict-title">Dry-run verdict</h2>
      <p role="status">
        Promotion to {stage}: <StatusBadge tone={outcome.tone}>{outcome.label}</StatusBadge>{" "}
        {outcome.explain}
      </p>
      <p className="hint">
        Policy digest <Digest value={result.policy_digest} label="draft policy digest" />. Rules
        that do not apply to this stage and risk tier are not listed. Nothing was recorded.
      </p>
      {result.results.length === 0 ? (
        <p>No rule applies to this promotion.</p>
      ) : (
        <ScrollRegion label="Verdict by rule">
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Verdict</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {result.results.map((rule) => {
                const verdict = ruleVerdict(rule, result.outcome);
                return (
                  <tr key={rule.rule_id}>
                    <th scope="row">
                      <code>{rule.rule_id}</code>
                      {rule.description && <p className="hint">{rule.description}</p>}
                    </th>
                    <td>
                      <StatusBadge tone={verdict.tone}>{verdict.label}</StatusBadge>
                    </td>
                    <td>
                      {rule.passed ? "—" : rule.message}
                      {rule.error && <p className="field-error">{rule.error}</p>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <details>
        <summary>The input document the rules saw</summary>
        <ScrollRegion label="Input document">
          <pre>{JSON.stringify(result.input, null, 2)}</pre>
        </ScrollRegion>
      </details>
    </section>
  );
}
