import { useCan } from "../../app/me";
import { StageBadge } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import { Time } from "../../components/Time";
import { showValue } from "./keyValues";
import { formatSize } from "./manifest";
import { PromotionList } from "./PromotionList";
import { SecuritySummary } from "./SecuritySummary";
import styles from "./Version.module.css";
import { VersionEditForm } from "./VersionEditForm";
import { useVersionContext } from "./versionContext";

/** Key/value pairs as a list of chips, or a note that there are none. */
function KeyValues({ label, values }: { label: string; values: Record<string, unknown> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <p className="hint">No {label.toLowerCase()}.</p>;
  return (
    <ul className={styles.keyValues} aria-label={label}>
      {entries.map(([key, value]) => (
        <li key={key}>
          <code>{key}</code> = {showValue(value)}
        </li>
      ))}
    </ul>
  );
}

/** What the version is: description, facts, tags, metadata, security, promotion requests. */
export function OverviewTab() {
  const { version, group, name, versionId } = useVersionContext();
  const canWrite = useCan("models:write");
  const canReadScans = useCan("scans:read");
  const base = `/models/${group}/${name}/versions/${encodeURIComponent(versionId)}`;
  return (
    <div className={styles.sections}>
      <section aria-labelledby="about-title">
        <h2 id="about-title">About this version</h2>
        {version.description ? (
          <p className={styles.readOnly}>{version.description}</p>
        ) : (
          <EmptyState title="No description yet" />
        )}
        <dl className="facts">
          <dt>Stage</dt>
          <dd>
            <StageBadge stage={version.stage} />
          </dd>
          <dt>Created</dt>
          <dd>
            <Time value={version.created_at} />
          </dd>
          <dt>Sealed</dt>
          <dd>{version.sealed_at ? <Time value={version.sealed_at} /> : "not yet"}</dd>
          <dt>Artifacts</dt>
          <dd>
            {version.artifact_count} file{version.artifact_count === 1 ? "" : "s"},{" "}
            {formatSize(version.total_size)}
          </dd>
          {version.is_prerelease && (
            <>
              <dt>Pre-release</dt>
              <dd>yes</dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="tags-title">
        <h2 id="tags-title">Tags and metadata</h2>
        <h3>Tags</h3>
        <KeyValues label="Tags" values={version.tags} />
        <h3>Metadata</h3>
        <KeyValues label="Metadata" values={version.metadata} />
      </section>
      {canReadScans && (
        <SecuritySummary
          group={group}
          name={name}
          versionId={versionId}
          securityTab={`${base}/security`}
        />
      )}
      <PromotionList group={group} name={name} versionId={versionId} />
      {canWrite && version.stage === "draft" && (
        <section className="card">
          <VersionEditForm
            key={version.updated_at}
            group={group}
            name={name}
            versionId={versionId}
            version={version}
          />
        </section>
      )}
    </div>
  );
}
