import { Link } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { QueryState } from "../../components/QueryState";
import { Time } from "../../components/Time";
import { StageBadge } from "../../components/Badges";
import { PromotionStateBadge, RuleResults } from "./PromotionVerdict";
import { usePromotions } from "./queries";

const SHOWN = 5;

/** The latest promotion requests of the version, each with its rule verdict on demand. */
export function PromotionList({
  group,
  name,
  versionId,
}: {
  group: string;
  name: string;
  versionId: string;
}) {
  const query = usePromotions(group, name, versionId);
  return (
    <section aria-labelledby="promotions-title">
      <h2 id="promotions-title">Promotion requests</h2>
      <QueryState query={query} rows={2} label="Loading promotion requests">
        {(promotions) =>
          promotions.length === 0 ? (
            <EmptyState title="No promotion requested yet" />
          ) : (
            <ul className="stack" aria-label="Latest promotion requests">
              {promotions.slice(0, SHOWN).map((p) => {
                const failing = p.results.filter((r) => !r.passed && r.severity === "block").length;
                return (
                  <li key={p.id} className="card">
                    <p>
                      <StageBadge stage={p.from_stage} /> → <StageBadge stage={p.target_stage} />{" "}
                      <PromotionStateBadge state={p.state} /> requested by{" "}
                      {p.requested_by_name ?? p.requested_by} <Time value={p.created_at} />
                    </p>
                    <p>{p.rationale}</p>
                    <details>
                      <summary>
                        Policy verdict: {p.results.length} rule{p.results.length === 1 ? "" : "s"}
                        {failing ? `, ${failing} blocking` : ""}
                      </summary>
                      <RuleResults results={p.results} />
                    </details>
                    <p>
                      <Link to={`/approvals/${p.id}`}>Open the request</Link>
                    </p>
                  </li>
                );
              })}
              {promotions.length > SHOWN && (
                <li className="hint">
                  {promotions.length - SHOWN} older request
                  {promotions.length - SHOWN === 1 ? "" : "s"} not shown.
                </li>
              )}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
