// The approvals inbox: promotion requests that wait for the signed-in reviewer (or all open ones),
// oldest first, and requested lowerings of risk tiers.
import { Link, useSearchParams } from "react-router";
import { useMe } from "../../app/me";
import { RiskBadge, StageBadge } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { Time } from "../../components/Time";
import type { Schemas } from "../../api/client";
import {
  approvalStatus,
  describeMissing,
  isWaitingForMe,
  whyNotMine,
  type Promotion,
  type Viewer,
} from "./approvalState";
import { ModeSwitch, type Mode } from "./ModeSwitch";
import { useModels, usePendingPromotions, usePendingTierChanges } from "./queries";
import styles from "./Review.module.css";
import { ScrollRegion } from "./ScrollRegion";

type Model = Schemas["ModelRead"];

/** The inbox page at /approvals. */
export function ApprovalsPage() {
  const [params] = useSearchParams();
  const mode: Mode = params.get("show") === "all" ? "all" : "mine";
  const me = useMe();
  const promotions = usePendingPromotions();
  const models = useModels((promotions.data ?? []).map((promotion) => promotion.model));
  const viewer: Viewer | null = me ? { id: me.id, username: me.username, roles: me.roles } : null;
  return (
    <>
      <PageHeader title="Approvals" />
      <ModeSwitch mode={mode} />
      <section aria-labelledby="promotions-heading" className={styles.section}>
        <h2 id="promotions-heading">Promotion requests</h2>
        <QueryState query={promotions} rows={4} label="Loading promotion requests">
          {(all) => {
            const shown =
              mode === "all" || !viewer
                ? all
                : all.filter((promotion) =>
                    isWaitingForMe(promotion, viewer, models.byName.get(promotion.model)?.owners),
                  );
            if (shown.length === 0)
              return (
                <EmptyState
                  title={mode === "all" ? "No open promotion requests" : "Nothing waits for you"}
                >
                  {mode === "all"
                    ? "Requests appear here when an owner asks for a stage that needs approval."
                    : all.length > 0
                      ? `${all.length} open request${all.length === 1 ? "" : "s"} need someone else: see All open.`
                      : "No promotion request is awaiting approval."}
                </EmptyState>
              );
            return (
              <PromotionTable
                promotions={shown}
                models={models.byName}
                viewer={viewer}
                showWhy={mode === "all"}
              />
            );
          }}
        </QueryState>
        {models.failed > 0 && (
          <p className="hint">
            {models.failed} model{models.failed === 1 ? "" : "s"} could not be read; their risk tier
            is not shown.
          </p>
        )}
      </section>
      <TierChanges mode={mode} viewer={viewer} />
    </>
  );
}

interface TableProps {
  promotions: Promotion[];
  models: Map<string, Model>;
  viewer: Viewer | null;
  showWhy: boolean;
}

function PromotionTable({ promotions, models, viewer, showWhy }: TableProps) {
  return (
    <ScrollRegion label="Promotion requests">
      <table>
        <thead>
          <tr>
            <th scope="col">Model and version</th>
            <th scope="col">Target</th>
            <th scope="col">Risk</th>
            <th scope="col">Requested by</th>
            <th scope="col">Age</th>
            <th scope="col">Still missing</th>
          </tr>
        </thead>
        <tbody>
          {promotions.map((promotion) => {
            const model = models.get(promotion.model);
            const why = showWhy && viewer ? whyNotMine(promotion, viewer, model?.owners) : null;
            return (
              <tr key={promotion.id}>
                <th scope="row">
                  <Link to={`/approvals/${promotion.id}`}>
                    {promotion.model}@{promotion.version}
                  </Link>
                </th>
                <td>
                  <StageBadge stage={promotion.target_stage} />
                </td>
                <td>{model ? <RiskBadge tier={model.risk_tier} /> : "…"}</td>
                <td>{promotion.requested_by_name ?? promotion.requested_by}</td>
                <td>
                  <Time value={promotion.created_at} />
                </td>
                <td>
                  {describeMissing(approvalStatus(promotion))}
                  {why && <span className={styles.why}>{why}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function TierChanges({ mode, viewer }: { mode: Mode; viewer: Viewer | null }) {
  const changes = usePendingTierChanges();
  return (
    <section aria-labelledby="tiers-heading" className={styles.section}>
      <h2 id="tiers-heading">Risk tier lowerings</h2>
      <QueryState query={changes} rows={2} label="Loading risk tier changes">
        {({ models, truncated }) => {
          const shown =
            mode === "all" || !viewer
              ? models
              : models.filter(
                  (model) =>
                    model.pending_risk_tier?.requested_by !== viewer.id &&
                    !model.owners.includes(viewer.username),
                );
          return (
            <>
              {shown.length === 0 ? (
                <EmptyState title="No risk tier lowering awaits a decision" />
              ) : (
                <ul className={styles.tierList}>
                  {shown.map((model) => (
                    <TierChangeItem key={model.full_name} model={model} />
                  ))}
                </ul>
              )}
              {truncated && (
                <p className="hint">Only the first 500 models were checked for pending changes.</p>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function TierChangeItem({ model }: { model: Model }) {
  const pending = model.pending_risk_tier;
  if (!pending) return null;
  return (
    <li>
      <Link to={`/risk-tier-changes/${pending.change_id}`}>{model.full_name}</Link>:{" "}
      <RiskBadge tier={model.risk_tier} /> to <RiskBadge tier={pending.risk_tier} />, asked{" "}
      <Time value={pending.requested_at} />. <span className="hint">{pending.reason}</span>
    </li>
  );
}
