import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { RiskBadge, StageBadge, StatusBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { TagList } from "../../components/TagList";
import { Time } from "../../components/Time";
import { useLatestVersion } from "./useSearchResults";
import styles from "./SearchPage.module.css";

type Model = Schemas["ModelRead"];
type Version = Schemas["VersionSummary"];

/** The latest release of a model and its stage (the stage loads after the hit). */
function LatestVersion({ model }: { model: Model }) {
  const latest = useLatestVersion(model);
  if (!model.latest_version) return <span className="hint">no release yet</span>;
  return (
    <span className={styles.latest}>
      <code>{model.latest_version}</code>
      <span className={styles.stageSlot}>
        {latest.data ? <StageBadge stage={latest.data.stage} /> : null}
      </span>
    </span>
  );
}

/** One model hit: name (a link), tier, latest release, framework/task, owners, tags, updated. */
export function ModelResult({ model }: { model: Model }) {
  return (
    <li className={styles.result}>
      <div className={styles.resultHead}>
        <h3 className={styles.resultTitle}>
          <Link to={`/models/${model.group}/${model.name}`} data-result-link="">
            {model.full_name}
          </Link>
        </h3>
        <RiskBadge tier={model.risk_tier} />
        {model.pending_risk_tier && (
          <StatusBadge tone="warn">{`${model.pending_risk_tier.risk_tier} requested`}</StatusBadge>
        )}
      </div>
      {model.description && <p className={styles.description}>{model.description}</p>}
      <dl className={styles.facts}>
        <div>
          <dt>Latest</dt>
          <dd>
            <LatestVersion model={model} />
          </dd>
        </div>
        <div>
          <dt>Framework / task</dt>
          <dd>
            {model.framework ?? "—"} / {model.task ?? "—"}
          </dd>
        </div>
        <div>
          <dt>Owners</dt>
          <dd>{model.owners.join(", ")}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <Time value={model.updated_at} />
          </dd>
        </div>
      </dl>
      <TagList tags={model.tags} />
    </li>
  );
}

/** One version hit: model and version (a link), stage, digest, sealed, created. */
export function VersionResult({ version }: { version: Version }) {
  return (
    <li className={styles.result}>
      <div className={styles.resultHead}>
        <h3 className={styles.resultTitle}>
          <Link to={`/models/${version.model}/versions/${version.version}`} data-result-link="">
            {version.model} <span className={styles.versionNumber}>{version.version}</span>
          </Link>
        </h3>
        <StageBadge stage={version.stage} />
        <StatusBadge tone={version.sealed ? "ok" : "neutral"}>
          {version.sealed ? "sealed" : "not sealed"}
        </StatusBadge>
        {version.is_prerelease && <StatusBadge tone="info">pre-release</StatusBadge>}
      </div>
      {version.description && <p className={styles.description}>{version.description}</p>}
      <dl className={styles.facts}>
        <div>
          <dt>Digest</dt>
          <dd>
            <Digest
              value={version.digest}
              label={`digest of ${version.model} ${version.version}`}
            />
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <Time value={version.created_at} />
          </dd>
        </div>
      </dl>
      <TagList tags={version.tags} />
    </li>
  );
}
