import { useParams } from "react-router";
import { StatusBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { CodeView } from "./CodeView";
import { summarisePolicy } from "./policyDoc";
import { usePolicy, useUserNames } from "./queries";
import { RulesSummary } from "./RulesSummary";
import styles from "./Governance.module.css";

/** One policy-set version: who uploaded it, its rules summarised and its YAML text. */
export function PolicyPage() {
  const number = Number(useParams().number);
  const policy = usePolicy(number);
  const userName = useUserNames();
  const crumbs = [{ label: "Policy sets", to: "/policies" }];
  return (
    <>
      <PageHeader
        title={`Policy set #${Number.isInteger(number) ? number : "?"}`}
        crumbs={crumbs}
        meta={
          policy.data &&
          (policy.data.active ? (
            <StatusBadge tone="ok">active</StatusBadge>
          ) : (
            <StatusBadge tone="neutral">superseded</StatusBadge>
          ))
        }
      />
      <QueryState query={policy} rows={8} label="Loading the policy set">
        {(data) => {
          const summary = summarisePolicy(data.text);
          return (
            <div className={styles.policyLayout}>
              <section aria-labelledby="policy-facts">
                <h2 id="policy-facts" className="visually-hidden">
                  About this version
                </h2>
                <dl className="facts">
                  <dt>Name</dt>
                  <dd>{data.name}</dd>
                  <dt>Digest</dt>
                  <dd>
                    <Digest value={data.digest} label="policy digest" />
                  </dd>
                  <dt>Uploaded by</dt>
                  <dd>{userName(data.created_by)}</dd>
                  <dt>Uploaded</dt>
                  <dd>
                    <time dateTime={data.created_at}>{formatTime(data.created_at)}</time>
                  </dd>
                </dl>
                {"error" in summary ? (
                  <p className="alert alert-info">
                    The rules cannot be summarised here ({summary.error}); the YAML text below is
                    what the registry enforces.
                  </p>
                ) : (
                  <>
                    {summary.description && <p>{summary.description}</p>}
                    <RulesSummary summary={summary} />
                  </>
                )}
              </section>
              <section aria-labelledby="policy-text">
                <h2 id="policy-text">YAML text</h2>
                <CodeView text={data.text} label={`YAML of policy set ${data.number}`} />
              </section>
            </div>
          );
        }}
      </QueryState>
    </>
  );
}
