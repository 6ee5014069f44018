import { useId, useState } from "react";
import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { StageBadge } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { useStagesAt, type ModelId } from "./modelQueries";
import styles from "./ModelPage.module.css";

const ORDER: Schemas["Stage"][] = [
  "production",
  "staging",
  "submitted",
  "draft",
  "deprecated",
  "archived",
  "rejected",
];

/** A datetime-local value (local time) as RFC 3339 in UTC, or undefined when empty/invalid. */
function toInstant(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Which versions were in which stage at a chosen moment (now by default). */
export function StagesAt({ model }: { model: ModelId }) {
  const [local, setLocal] = useState("");
  const id = useId();
  const at = toInstant(local);
  const query = useStagesAt(model, at);
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor={id}>As of</label>
        <div className="row">
          <input
            id={id}
            type="datetime-local"
            value={local}
            aria-describedby={`${id}-hint`}
            onChange={(event) => setLocal(event.target.value)}
          />
          {local && (
            <button type="button" className="button" onClick={() => setLocal("")}>
              Now
            </button>
          )}
        </div>
        <p id={`${id}-hint`} className="hint">
          Pick a moment to see what was in production, staging and the other stages then.
        </p>
      </div>
      <QueryState query={query} rows={2} label="Loading stages">
        {(data) => {
          const stages = ORDER.filter((stage) => (data.stages[stage] ?? []).length > 0);
          return (
            <div aria-live="polite">
              <p className="hint">At {formatTime(data.at)}:</p>
              {stages.length === 0 ? (
                <EmptyState title="No versions at that moment" />
              ) : (
                <dl className={styles.stages}>
                  {stages.map((stage) => (
                    <div key={stage}>
                      <dt>
                        <StageBadge stage={stage} />
                      </dt>
                      <dd>
                        {(data.stages[stage] ?? []).map((version, index) => (
                          <span key={version}>
                            {index > 0 && ", "}
                            <Link to={`/models/${model.group}/${model.name}/versions/${version}`}>
                              {version}
                            </Link>
                          </span>
                        ))}
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </div>
          );
        }}
      </QueryState>
    </div>
  );
}
