import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { StageBadge } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { versionPath } from "./queries";
import styles from "./Version.module.css";
import { useVersionContext, versionQueryKey } from "./versionContext";

/** One stage change: from → to, who, when, why, and the promotion that caused it. */
function StageChangeItem({ change }: { change: Schemas["StageChange"] }) {
  const who = change.actor_name ?? (change.actor === "system" ? "the registry" : change.actor);
  return (
    <li>
      <h3>
        {change.from_stage ? (
          <>
            <StageBadge stage={change.from_stage} /> →{" "}
          </>
        ) : (
          "Created as "
        )}
        <StageBadge stage={change.stage} />
      </h3>
      <p className={styles.when}>
        <time dateTime={change.entered_at}>{formatTime(change.entered_at)}</time> by {who}
      </p>
      {change.rationale && <p>{change.rationale}</p>}
      {change.promotion_id ? (
        <p>
          <Link to={`/approvals/${change.promotion_id}`}>Promotion request and its decision</Link>
          {change.decision_id && (
            <>
              {" "}
              (decision <code>{change.decision_id}</code>)
            </>
          )}
        </p>
      ) : (
        <p className="hint">No promotion request: the registry recorded this change itself.</p>
      )}
    </li>
  );
}

/** Every stage the version entered, oldest first. */
export function HistoryTab() {
  const { group, name, versionId } = useVersionContext();
  const query = useQuery({
    queryKey: [...versionQueryKey(group, name, versionId), "history"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/history", {
          params: versionPath(group, name, versionId),
        }),
      ),
  });
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Stage history</h2>
      <QueryState query={query} rows={3} label="Loading the stage history">
        {(changes) =>
          changes.length === 0 ? (
            <EmptyState title="No stage changes recorded" />
          ) : (
            <ol className="timeline">
              {[...changes]
                .sort((a, b) => a.entered_at.localeCompare(b.entered_at))
                .map((change) => (
                  <StageChangeItem key={`${change.entered_at}-${change.stage}`} change={change} />
                ))}
            </ol>
          )
        }
      </QueryState>
    </section>
  );
}
