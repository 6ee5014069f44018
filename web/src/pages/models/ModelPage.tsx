import { useState } from "react";
import { useParams, useSearchParams } from "react-router";
import type { Schemas } from "../../api/client";
import { useCan } from "../../app/me";
import { RiskBadge, StatusBadge } from "../../components/Badges";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { Time } from "../../components/Time";
import { TagList } from "../../components/TagList";
import { EditModelForm } from "./EditModelForm";
import { useModel, type ModelId } from "./modelQueries";
import { ModelVersions } from "./ModelVersions";
import { NewVersionForm } from "./NewVersionForm";
import { StagesAt } from "./StagesAt";
import { TierChangeForm, TierChangeList } from "./TierChanges";
import styles from "./ModelPage.module.css";

type Model = Schemas["ModelRead"];
type VersionSort = Schemas["VersionSort"];
const VERSION_SORTS: readonly string[] = ["-version", "version", "-created_at", "created_at"];

/** A model: overview, versions, stages over time and risk tier, with the owner's actions. */
export function ModelPage() {
  const { group = "", name = "" } = useParams();
  const id: ModelId = { group, name };
  const model = useModel(id);
  const canWrite = useCan("models:write");
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState(false);
  const [requesting, setRequesting] = useState(false);
  const [params, setParams] = useSearchParams();
  const sortParam = params.get("sort") ?? "";
  const sort = (VERSION_SORTS.includes(sortParam) ? sortParam : "-version") as VersionSort;

  if (model.isError) {
    return (
      <>
        <PageHeader title={`${group}/${name}`} crumbs={[{ label: "Search", to: "/" }]} />
        <ProblemAlert error={model.error} action="Loading the model" />
      </>
    );
  }
  const data = model.data;
  return (
    <>
      <PageHeader
        title={`${group}/${name}`}
        crumbs={[{ label: "Search", to: "/" }]}
        meta={data && <TierMeta model={data} />}
        actions={
          canWrite &&
          data &&
          !editing && (
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit details
            </button>
          )
        }
      />
      <div className={styles.columns}>
        <div className={styles.main}>
          <section aria-labelledby="overview-heading">
            <h2 id="overview-heading">Overview</h2>
            <QueryState query={model} rows={4} label="Loading the model">
              {(loaded) =>
                editing ? (
                  <EditModelForm model={loaded} onDone={() => setEditing(false)} />
                ) : (
                  <Overview model={loaded} />
                )
              }
            </QueryState>
          </section>

          <section aria-labelledby="versions-heading">
            <div className={styles.sectionHead}>
              <h2 id="versions-heading">Versions</h2>
              {canWrite && (
                <button
                  type="button"
                  className="button"
                  aria-expanded={creating}
                  aria-controls="new-version"
                  onClick={() => setCreating(!creating)}
                >
                  New draft version
                </button>
              )}
            </div>
            {canWrite && creating && (
              <div id="new-version" className={`card ${styles.formCard}`}>
                <NewVersionForm model={id} />
              </div>
            )}
            <ModelVersions
              model={id}
              sort={sort}
              onSort={(next) => {
                const nextParams = new URLSearchParams(params);
                if (next === "-version") nextParams.delete("sort");
                else nextParams.set("sort", next);
                setParams(nextParams);
              }}
            />
          </section>
        </div>

        <div className={styles.side}>
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">Stages over time</h2>
            <StagesAt model={id} />
          </section>

          <section aria-labelledby="tier-heading">
            <div className={styles.sectionHead}>
              <h2 id="tier-heading">Risk tier changes</h2>
              {canWrite && data && (
                <button
                  type="button"
                  className="button"
                  aria-expanded={requesting}
                  aria-controls="tier-change"
                  onClick={() => setRequesting(!requesting)}
                >
                  Request tier change
                </button>
              )}
            </div>
            {canWrite && data && requesting && (
              <div id="tier-change" className={`card ${styles.formCard}`}>
                <TierChangeForm model={id} current={data.risk_tier} />
              </div>
            )}
            <TierChangeList model={id} />
          </section>
        </div>
      </div>
    </>
  );
}

/** The tier beside the title, and a pending lowering if one waits for MRC. */
function TierMeta({ model }: { model: Model }) {
  return (
    <>
      <RiskBadge tier={model.risk_tier} />
      {model.pending_risk_tier && (
        <StatusBadge tone="warn">{`${model.pending_risk_tier.risk_tier} risk pending`}</StatusBadge>
      )}
    </>
  );
}

/** The model's descriptive facts. */
function Overview({ model }: { model: Model }) {
  const pending = model.pending_risk_tier;
  return (
    <div className="stack">
      {model.description ? (
        <p className={styles.description}>{model.description}</p>
      ) : (
        <p className="hint">No description yet.</p>
      )}
      <dl className="facts">
        <dt>Risk tier</dt>
        <dd>
          <RiskBadge tier={model.risk_tier} />
        </dd>
        {pending && (
          <>
            <dt>Pending change</dt>
            <dd>
              Lowering to <RiskBadge tier={pending.risk_tier} />, requested{" "}
              <Time value={pending.requested_at} /> by <code>{pending.requested_by}</code>:{" "}
              {pending.reason}
            </dd>
          </>
        )}
        <dt>Framework</dt>
        <dd>{model.framework ?? "—"}</dd>
        <dt>Task</dt>
        <dd>{model.task ?? "—"}</dd>
        <dt>License</dt>
        <dd>{model.license ?? "—"}</dd>
        <dt>Owners</dt>
        <dd>{model.owners.join(", ")}</dd>
        <dt>Tags</dt>
        <dd>{Object.keys(model.tags).length > 0 ? <TagList tags={model.tags} /> : "—"}</dd>
        <dt>Latest release</dt>
        <dd>{model.latest_version ?? "none yet"}</dd>
        <dt>Created</dt>
        <dd>
          <Time value={model.created_at} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <Time value={model.updated_at} />
        </dd>
      </dl>
    </div>
  );
}
