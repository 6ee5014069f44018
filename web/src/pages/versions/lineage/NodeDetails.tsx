import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../../../api/client";
import { QueryState } from "../../../components/QueryState";
import { versionPath, kindLabel } from "./kinds";
import type { PlacedNode } from "./layout";
import styles from "./Lineage.module.css";

const USAGE_KINDS = ["dataset", "code", "base_model", "training_run", "other"] as const;
type UsageKind = (typeof USAGE_KINDS)[number];

function isUsageKind(kind: string): kind is UsageKind {
  return (USAGE_KINDS as readonly string[]).includes(kind);
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Every version that used the same dataset, commit, run or external model. */
function UsedBy({ kind, reference }: { kind: UsageKind; reference: string }) {
  const query = useQuery({
    queryKey: ["lineage-usages", kind, reference],
    queryFn: () =>
      unwrap(api.GET("/api/v1/lineage/usages", { params: { query: { kind, ref: reference } } })),
  });
  return (
    <QueryState query={query} rows={2} label="Loading the versions that used it">
      {(usages) => (
        <ul className={styles.usedBy}>
          {usages.map((usage) => {
            const ref = `${usage.model}@${usage.version}`;
            const to = versionPath(ref);
            return <li key={usage.link.id}>{to ? <Link to={to}>{ref}</Link> : ref}</li>;
          })}
        </ul>
      )}
    </QueryState>
  );
}

/** The side panel of a dataset, commit, run or other link: its URI, commit or run details. */
export function NodeDetails({ placed, onClose }: { placed: PlacedNode; onClose: () => void }) {
  const { node } = placed;
  const attributes = Object.entries(node.attributes ?? {}).filter(
    ([, value]) => value !== null && value !== "" && !(typeof value === "object" && !value),
  );
  return (
    <section className={`card ${styles.details}`} aria-labelledby="lineage-details-title">
      <div className={styles.detailsHead}>
        <h3 id="lineage-details-title">{kindLabel(node, placed.side)}</h3>
        <button type="button" className="button tiny" onClick={onClose}>
          Close details
        </button>
      </div>
      <p className={styles.detailsRef}>
        <code>{node.label}</code>
      </p>
      {attributes.length > 0 && (
        <dl className="facts">
          {attributes.map(([key, value]) => (
            <div key={key} className={styles.fact}>
              <dt>{key.replaceAll("_", " ")}</dt>
              <dd>
                <code>{show(value)}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {isUsageKind(node.kind) && (
        <>
          <h4 className={styles.usedByTitle}>Versions that used it</h4>
          <UsedBy kind={node.kind} reference={node.label} />
        </>
      )}
    </section>
  );
}
