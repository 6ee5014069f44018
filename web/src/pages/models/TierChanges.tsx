import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { RiskBadge, StatusBadge, type Tone } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { Time } from "../../components/Time";
import { useDraft } from "../../components/useDraft";
import { modelKey, useTierChanges, type ModelId } from "./modelQueries";
import styles from "./ModelPage.module.css";

type Change = Schemas["RiskTierChangeRead"];
type Tier = Schemas["RiskTier"];

const STATE_TONE: Record<Schemas["RiskTierChangeState"], Tone> = {
  applied: "ok",
  approved: "ok",
  pending: "warn",
  rejected: "bad",
  withdrawn: "neutral",
  superseded: "neutral",
};

/** The model's tier changes as a timeline, newest first. */
export function TierChangeList({ model }: { model: ModelId }) {
  const changes = useTierChanges(model);
  return (
    <QueryState query={changes} rows={2} label="Loading risk tier changes">
      {(items) =>
        items.length === 0 ? (
          <EmptyState title="No tier changes">
            The tier set at registration still applies.
          </EmptyState>
        ) : (
          <ol className="timeline">
            {items.map((change) => (
              <TierChangeItem key={change.id} change={change} />
            ))}
          </ol>
        )
      }
    </QueryState>
  );
}

function TierChangeItem({ change }: { change: Change }) {
  return (
    <li>
      <p className={styles.eventTitle}>
        <RiskBadge tier={change.from_tier} /> <span aria-hidden="true">→</span>
        <span className="visually-hidden">to</span> <RiskBadge tier={change.to_tier} />{" "}
        <StatusBadge tone={STATE_TONE[change.state]}>{change.state}</StatusBadge>
      </p>
      <p className={styles.eventBody}>{change.reason}</p>
      <p className="hint">
        Requested <Time value={change.requested_at} /> by <code>{change.requested_by}</code>
        {change.decided_at && (
          <>
            ; decided <Time value={change.decided_at} />
            {change.rationale ? `: ${change.rationale}` : ""}
          </>
        )}
      </p>
    </li>
  );
}

const TIERS: Tier[] = ["low", "medium", "high"];

/** Asks for a new tier: raising applies at once, lowering waits for MRC. */
export function TierChangeForm({ model, current }: { model: ModelId; current: Tier }) {
  const client = useQueryClient();
  const [tier, setTier] = useState<Tier>(current === "high" ? "medium" : "high");
  const [reason, setReason, clearReason] = useDraft(
    `tier-change.${model.group}/${model.name}.reason`,
  );
  const [result, setResult] = useState<Change | null>(null);
  const request = useMutation({
    mutationFn: (body: Schemas["RiskTierChangeCreate"]) =>
      unwrap(
        api.POST("/api/v1/models/{group}/{name}/risk-tier-changes", {
          params: { path: model },
          body,
        }),
      ),
    onSuccess: (change) => {
      setResult(change);
      clearReason();
      void client.invalidateQueries({ queryKey: modelKey(model) });
      void client.invalidateQueries({ queryKey: ["search"] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    request.mutate({ risk_tier: tier, reason });
  }

  const fields = request.error instanceof ApiError ? request.error.fieldErrors() : {};
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Request a risk tier change">
      <Field label="New risk tier" error={fields.risk_tier}>
        <select value={tier} onChange={(event) => setTier(event.target.value as Tier)}>
          {TIERS.map((option) => (
            <option key={option} value={option} disabled={option === current}>
              {option}
              {option === current ? " (current)" : ""}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Reason"
        hint="Lowering the tier waits for the model risk committee; raising applies at once."
        error={fields.reason}
      >
        <textarea value={reason} onChange={(event) => setReason(event.target.value)} />
      </Field>
      {request.isError && <ProblemAlert error={request.error} action="Requesting the change" />}
      {result && (
        <p className="alert alert-success" role="status">
          {result.state === "pending"
            ? `Lowering to ${result.to_tier} requested; the model risk committee decides.`
            : `Risk tier is now ${result.to_tier}.`}
        </p>
      )}
      <div>
        <button type="submit" className="button primary" disabled={request.isPending}>
          {request.isPending ? "Sending…" : "Request change"}
        </button>
      </div>
    </form>
  );
}
