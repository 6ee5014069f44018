import { useMutation, useQuery } from "@tanstack/react-query";
import { ScrollRegion } from "../../components/ScrollRegion";
import { Link, useParams } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { StatusBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { RuleResults } from "./RuleResults";
import { ReplayOutcome } from "./ReplayOutcome";
import styles from "./AuditPage.module.css";

type Decision = Schemas["DecisionRead"];

function outcomeTone(outcome: string) {
  if (outcome === "approved" || outcome === "executed") return "ok" as const;
  if (outcome === "blocked" || outcome === "rejected") return "bad" as const;
  return "info" as const;
}

/** The version a decision judged, read from its input document. */
function judgedVersion(input: Decision["input"]): { to: string; label: string } | null {
  const model = input.model as { group?: unknown; name?: unknown } | undefined;
  const version = input.version as { version?: unknown } | undefined;
  if (typeof model?.group !== "string" || typeof model.name !== "string") return null;
  if (typeof version?.version !== "string") return null;
  const path = [model.group, model.name].map(encodeURIComponent).join("/");
  return {
    to: `/models/${path}/versions/${encodeURIComponent(version.version)}`,
    label: `${model.group}/${model.name}@${version.version}`,
  };
}

function DecisionFacts({ decision }: { decision: Decision }) {
  const judged = judgedVersion(decision.input);
  return (
    <dl className="facts">
      <dt>Outcome</dt>
      <dd>
        <StatusBadge tone={outcomeTone(decision.outcome)}>{decision.outcome}</StatusBadge>
      </dd>
      <dt>Trigger</dt>
      <dd>{decision.trigger}</dd>
      {judged && (
        <>
          <dt>Version</dt>
          <dd>
            <Link to={judged.to}>{judged.label}</Link>
          </dd>
        </>
      )}
      <dt>Promotion</dt>
      <dd>
        <code>{decision.promotion_id}</code>
      </dd>
      <dt>Policy set</dt>
      <dd>
        number {decision.policy_set},{" "}
        <Digest value={decision.policy_digest} label="policy digest" />
      </dd>
      <dt>Input digest</dt>
      <dd>
        <Digest value={decision.input_digest} label="input digest" />
      </dd>
      <dt>By</dt>
      <dd>
        {decision.actor_name ?? decision.actor}
        {decision.actor_name && (
          <>
            {" "}
            <code className={styles.code}>{decision.actor}</code>
          </>
        )}
      </dd>
      <dt>When</dt>
      <dd>
        <time dateTime={decision.created_at}>{formatTime(decision.created_at)}</time>
      </dd>
    </dl>
  );
}

/** Re-evaluates the stored input under the stored policy and says whether it still agrees. */
function ReplaySection({ decisionId }: { decisionId: string }) {
  const replay = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/decisions/{decision_id}/replay", {
          params: { path: { decision_id: decisionId } },
        }),
      ),
  });
  return (
    <section aria-labelledby="replay-title" className="card stack">
      <h2 id="replay-title" className={styles.cardTitle}>
        Replay
      </h2>
      <p className="hint">
        Evaluates the recorded input again under the recorded policy-set version. It decides nothing
        and changes nothing.
      </p>
      <div>
        <button
          type="button"
          className="button primary"
          onClick={() => replay.mutate()}
          disabled={replay.isPending}
        >
          {replay.isPending ? "Replaying…" : "Replay decision"}
        </button>
      </div>
      <div className={styles.replay}>
        {replay.isError && <ProblemAlert error={replay.error} action="Replaying" />}
        {replay.data && <ReplayOutcome result={replay.data} />}
      </div>
    </section>
  );
}

/** A decision record: what was judged, under which policy, each rule's verdict, and a replay. */
export function DecisionPage() {
  const { decisionId = "" } = useParams();
  const decision = useQuery({
    queryKey: ["decision", decisionId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/decisions/{decision_id}", {
          params: { path: { decision_id: decisionId } },
        }),
      ),
  });
  return (
    <>
      <PageHeader
        title={`Decision ${decisionId.slice(0, 12)}`}
        crumbs={[{ label: "Audit", to: "/audit" }]}
      />
      <QueryState query={decision} rows={8} label="Loading the decision">
        {(data) => (
          <div className="stack">
            <section aria-labelledby="facts-title" className="card">
              <h2 id="facts-title" className={styles.cardTitle}>
                Record
              </h2>
              <DecisionFacts decision={data} />
            </section>
            <section aria-labelledby="rules-title">
              <h2 id="rules-title">Rules</h2>
              <RuleResults results={data.results} />
            </section>
            <ReplaySection decisionId={data.id} />
            <section aria-labelledby="input-title">
              <h2 id="input-title">Input</h2>
              <details className={styles.details}>
                <summary>Canonical input document (JSON)</summary>
                <ScrollRegion label="Decision input" className={styles.json}>
                  <pre>{JSON.stringify(data.input, null, 2)}</pre>
                </ScrollRegion>
              </details>
            </section>
          </div>
        )}
      </QueryState>
    </>
  );
}
