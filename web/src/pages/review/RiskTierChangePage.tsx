// One requested risk-tier change: MRC approves or rejects it, the requester may withdraw it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useCan, useMe } from "../../app/me";
import { RiskBadge, StatusBadge } from "../../components/Badges";
import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { useDraft } from "../../components/useDraft";
import { useTierChange } from "./queries";
import styles from "./Review.module.css";

type Change = Schemas["RiskTierChangeRead"];

/** The page at /risk-tier-changes/:changeId. */
export function RiskTierChangePage() {
  const { changeId = "" } = useParams();
  const change = useTierChange(changeId);
  return (
    <QueryState query={change} rows={5} label="Loading the risk tier change">
      {(data) => <TierChange change={data} />}
    </QueryState>
  );
}

function TierChange({ change }: { change: Change }) {
  const me = useMe();
  const mayDecide = useCan("promotions:approve");
  const mayWithdraw = useCan("models:write") && me?.id === change.requested_by;
  const pending = change.state === "pending";
  return (
    <>
      <PageHeader
        title={`Risk tier change of ${change.model}`}
        crumbs={[{ label: "Approvals", to: "/approvals" }]}
        meta={<StatusBadge tone={pending ? "warn" : "neutral"}>{change.state}</StatusBadge>}
      />
      <section aria-labelledby="change-heading" className={styles.section}>
        <h2 id="change-heading">Request</h2>
        <dl className={styles.facts}>
          <dt>Model</dt>
          <dd>
            <Link to={`/models/${change.model}`}>{change.model}</Link>
          </dd>
          <dt>From</dt>
          <dd>
            <RiskBadge tier={change.from_tier} />
          </dd>
          <dt>To</dt>
          <dd>
            <RiskBadge tier={change.to_tier} />
          </dd>
          <dt>Reason</dt>
          <dd className={styles.prose}>{change.reason}</dd>
          <dt>Requested</dt>
          <dd>
            {formatTime(change.requested_at)} by <code>{change.requested_by}</code>
          </dd>
          {change.decided_at && (
            <>
              <dt>Decided</dt>
              <dd>
                {formatTime(change.decided_at)} by <code>{change.decided_by}</code>
              </dd>
              <dt>Rationale</dt>
              <dd className={styles.prose}>{change.rationale}</dd>
            </>
          )}
        </dl>
      </section>
      {pending && mayDecide && <TierDecisionForm change={change} />}
      {pending && mayWithdraw && <WithdrawButton change={change} />}
    </>
  );
}

function useSetChange() {
  const client = useQueryClient();
  return (updated: Change) => {
    client.setQueryData(["risk-tier-changes", updated.id], updated);
    void client.invalidateQueries({ queryKey: ["models"] });
  };
}

function TierDecisionForm({ change }: { change: Change }) {
  const [rationale, setRationale, clear] = useDraft(`tier-decision.${change.id}`);
  const [localError, setLocalError] = useState<string | null>(null);
  const setChange = useSetChange();
  const mutation = useMutation({
    mutationFn: (decision: "approve" | "reject") =>
      unwrap(
        api.POST("/api/v1/risk-tier-changes/{change_id}/decision", {
          params: { path: { change_id: change.id } },
          body: { decision, rationale: rationale.trim() },
        }),
      ),
    onSuccess: (updated) => {
      clear();
      setChange(updated);
    },
  });
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  function submit(decision: "approve" | "reject") {
    return (event: FormEvent) => {
      event.preventDefault();
      if (!rationale.trim()) {
        setLocalError("Say why: the rationale is kept with the decision and audited.");
        return;
      }
      setLocalError(null);
      mutation.mutate(decision);
    };
  }
  return (
    <section aria-labelledby="tier-decision-heading" className={styles.section}>
      <h2 id="tier-decision-heading">Your decision</h2>
      <form className={`stack ${styles.form}`} noValidate onSubmit={submit("approve")}>
        <Field label="Rationale" error={fieldErrors.rationale ?? localError ?? undefined}>
          <textarea
            rows={3}
            value={rationale}
            onChange={(event) => setRationale(event.target.value)}
          />
        </Field>
        {mutation.isError && <ProblemAlert error={mutation.error} action="Your decision" />}
        <div className="row">
          <button type="submit" className="button primary" disabled={mutation.isPending}>
            Approve the lowering
          </button>
          <button
            type="button"
            className="button"
            disabled={mutation.isPending}
            onClick={(event) => submit("reject")(event)}
          >
            Reject
          </button>
        </div>
      </form>
    </section>
  );
}

function WithdrawButton({ change }: { change: Change }) {
  const setChange = useSetChange();
  const mutation = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/risk-tier-changes/{change_id}/withdraw", {
          params: { path: { change_id: change.id } },
        }),
      ),
    onSuccess: setChange,
  });
  return (
    <section aria-labelledby="withdraw-heading" className={styles.section}>
      <h2 id="withdraw-heading">Withdraw</h2>
      <p>You asked for this lowering; you can take it back while MRC has not decided.</p>
      <button
        type="button"
        className="button"
        disabled={mutation.isPending}
        onClick={() => mutation.mutate()}
      >
        Withdraw the request
      </button>
      {mutation.isError && <ProblemAlert error={mutation.error} action="Withdrawing" />}
    </section>
  );
}
