// The review page of one promotion request: the request, the policy verdict, findings, what
// changed since the last approved version, and the approve / reject form.
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { Schemas } from "../../api/client";
import { useCan, useMe } from "../../app/me";
import { RiskBadge, StageBadge, StatusBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { formatTime, Time } from "../../components/Time";
import { ApprovalForm } from "./ApprovalForm";
import {
  approvalStatus,
  describeMissing,
  roleLabel,
  splitModel,
  whyNotMine,
  type Promotion,
} from "./approvalState";
import { ChangesSection } from "./ChangesSection";
import { FindingsTable } from "./FindingsTable";
import {
  useDecision,
  useFindings,
  useLineage,
  useModel,
  usePromotion,
  useVersion,
} from "./queries";
import { RuleVerdicts } from "./RuleVerdicts";
import styles from "./Review.module.css";

/** The page at /approvals/:promotionId. */
export function ReviewPage() {
  const { promotionId = "" } = useParams();
  const promotion = usePromotion(promotionId);
  return (
    <QueryState query={promotion} rows={8} label="Loading the promotion request">
      {(data) => <Review promotion={data} />}
    </QueryState>
  );
}

const STATE_TONE: Record<Schemas["PromotionState"], "ok" | "warn" | "bad" | "info" | "neutral"> = {
  awaiting_approval: "warn",
  approved: "ok",
  executed: "ok",
  blocked: "bad",
  rejected: "bad",
  superseded: "neutral",
};

function Review({ promotion }: { promotion: Promotion }) {
  const ref = { ...splitModel(promotion.model), version: promotion.version };
  // Independent reads start together; none waits for another.
  const model = useModel(promotion.model);
  const version = useVersion(ref);
  const findings = useFindings(ref);
  const lineage = useLineage(ref);
  const decision = useDecision(promotion.decision_id);
  const versionPath = `/models/${ref.group}/${ref.name}/versions/${ref.version}`;
  return (
    <>
      <PageHeader
        title={`Review ${promotion.model}@${promotion.version}`}
        crumbs={[{ label: "Approvals", to: "/approvals" }]}
        meta={
          <>
            <StatusBadge tone={STATE_TONE[promotion.state]}>
              {promotion.state.replace("_", " ")}
            </StatusBadge>
            <span>
              <StageBadge stage={promotion.from_stage} /> to{" "}
              <StageBadge stage={promotion.target_stage} />
            </span>
            {model.data && <RiskBadge tier={model.data.risk_tier} />}
            {version.data && (
              <span>
                version now <StageBadge stage={version.data.stage} />
              </span>
            )}
            <Link to={versionPath}>Open the version</Link>
          </>
        }
      />
      <div className={styles.layout}>
        <div className={styles.mainColumn}>
          <section aria-labelledby="request-heading" className={styles.section}>
            <h2 id="request-heading">Request</h2>
            <RequestFacts promotion={promotion} />
          </section>
          <section aria-labelledby="rules-heading" className={styles.section}>
            <h2 id="rules-heading">Policy verdict</h2>
            <RuleVerdicts results={promotion.results} decision={decision.data} />
          </section>
          <section aria-labelledby="findings-heading" className={styles.section}>
            <h2 id="findings-heading">Security findings</h2>
            <QueryState query={findings} rows={2} label="Loading findings">
              {(data) => <FindingsTable findings={data} />}
            </QueryState>
          </section>
          <section aria-labelledby="evaluations-heading" className={styles.section}>
            <h2 id="evaluations-heading">Evaluations</h2>
            <p>The registry does not record evaluation results yet, so none are shown.</p>
          </section>
          <section aria-labelledby="changes-heading" className={styles.section}>
            <h2 id="changes-heading">What changed since the last approved version</h2>
            <QueryState query={version} rows={3} label="Loading the version">
              {(data) => (
                <QueryState query={lineage} rows={2} label="Loading lineage">
                  {(links) => (
                    <ChangesSection
                      current={ref}
                      version={data}
                      lineage={links}
                      targetStage={promotion.target_stage}
                    />
                  )}
                </QueryState>
              )}
            </QueryState>
          </section>
        </div>
        <aside aria-labelledby="decision-heading" className={styles.side}>
          <h2 id="decision-heading">Approvals</h2>
          <DecisionPanel promotion={promotion} owners={model.data?.owners ?? []} />
        </aside>
      </div>
    </>
  );
}

function RequestFacts({ promotion }: { promotion: Promotion }) {
  return (
    <dl className={styles.facts}>
      <dt>Requested by</dt>
      <dd>{promotion.requested_by_name ?? promotion.requested_by}</dd>
      <dt>When</dt>
      <dd>
        {formatTime(promotion.created_at)} (<Time value={promotion.created_at} />)
      </dd>
      <dt>Rationale</dt>
      <dd className={styles.prose}>{promotion.rationale}</dd>
      <dt>Target stage</dt>
      <dd>
        <StageBadge stage={promotion.target_stage} />
      </dd>
      <dt>Version digest</dt>
      <dd>
        <Digest value={promotion.version_digest} label="version digest" />
      </dd>
      <dt>Judged under</dt>
      <dd>
        policy set {promotion.policy_set},{" "}
        <Digest value={promotion.policy_digest} label="policy digest" />
      </dd>
    </dl>
  );
}

function DecisionPanel({ promotion, owners }: { promotion: Promotion; owners: string[] }) {
  const me = useMe();
  const mayApprove = useCan("promotions:approve");
  const [message, setMessage] = useState<string | null>(null);
  const status = approvalStatus(promotion);
  const held = me ? status.requiredRoles.filter((role) => me.roles.includes(role)) : [];
  const viewer = me ? { id: me.id, username: me.username, roles: me.roles } : null;
  const open = promotion.state === "awaiting_approval";
  return (
    <>
      <p>
        <strong>{describeMissing(status) || "No approval is required."}</strong>
      </p>
      {promotion.approvals.length === 0 ? (
        <EmptyState title="No decision yet" />
      ) : (
        <ul className={styles.approvals}>
          {promotion.approvals.map((approval) => (
            <li key={`${approval.approver}-${approval.role}`}>
              <StatusBadge tone={approval.decision === "approve" ? "ok" : "bad"}>
                {approval.decision === "approve" ? "approved" : "rejected"}
              </StatusBadge>{" "}
              by {approval.approver_name ?? approval.approver} as {roleLabel(approval.role)},{" "}
              <Time value={approval.created_at} />
              <p className={styles.prose}>{approval.rationale}</p>
            </li>
          ))}
        </ul>
      )}
      <p role="status" aria-live="polite" className={styles.status}>
        {message}
      </p>
      {mayApprove && open && (
        <>
          <h3>Your decision</h3>
          <ApprovalForm
            key={promotion.id}
            promotion={promotion}
            roles={held}
            caution={viewer ? whyNotMine(promotion, viewer, owners) : null}
            onDecided={setMessage}
          />
        </>
      )}
      {!open && (
        <p>
          This request is {promotion.state.replace("_", " ")}; decisions are accepted only while it
          awaits approval.
        </p>
      )}
    </>
  );
}
