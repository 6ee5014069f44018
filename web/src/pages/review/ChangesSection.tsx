// What changed since the model's last approved version: files, lineage, metadata, tags, card.
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { StageBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { EmptyState } from "../../components/EmptyState";
import { Skeleton } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { diffKeys, diffLineage, diffManifest, pickBaseline, type KeyChange } from "./diff";
import {
  useCardMarkdown,
  useLineage,
  useVersion,
  useVersionsInStages,
  type VersionRef,
} from "./queries";
import styles from "./Review.module.css";
import { ScrollRegion } from "./ScrollRegion";

const CardDiff = lazy(() => import("./CardDiff").then((m) => ({ default: m.CardDiff })));

type Version = Schemas["VersionRead"];
type Link_ = Schemas["LineageLinkRead"];

interface Props {
  current: VersionRef;
  version: Version;
  lineage: Link_[];
  targetStage: Schemas["Stage"];
}

/** Finds the baseline (last approved version) and shows the differences against it. */
export function ChangesSection({ current, version, lineage, targetStage }: Props) {
  const stages: ("production" | "staging")[] =
    targetStage === "staging" ? ["production", "staging"] : ["production"];
  const lists = useVersionsInStages({ group: current.group, name: current.name }, stages);
  if (lists.pending) return <Skeleton rows={3} label="Finding the last approved version" />;
  if (lists.error)
    return <ProblemAlert error={lists.error} action="Finding the last approved version" />;
  const baseline = pickBaseline(lists.lists, current.version);
  if (!baseline)
    return (
      <EmptyState title={`No earlier version reached ${stages.join(" or ")}`}>
        This is the first version of the model to be reviewed for it; there is nothing to compare
        against.
      </EmptyState>
    );
  const ref = { ...current, version: baseline.version };
  return <BaselineDiff baselineRef={ref} current={current} version={version} lineage={lineage} />;
}

interface DiffProps {
  baselineRef: VersionRef;
  current: VersionRef;
  version: Version;
  lineage: Link_[];
}

function BaselineDiff({ baselineRef, current, version, lineage }: DiffProps) {
  const before = useVersion(baselineRef);
  const beforeLineage = useLineage(baselineRef);
  if (before.isPending || beforeLineage.isPending)
    return <Skeleton rows={3} label="Loading the last approved version" />;
  if (before.isError) return <ProblemAlert error={before.error} action="Loading the baseline" />;
  if (beforeLineage.isError)
    return <ProblemAlert error={beforeLineage.error} action="Loading the baseline's lineage" />;
  const base = before.data;
  const files = diffManifest(base.manifest, version.manifest);
  const links = diffLineage(beforeLineage.data, lineage);
  const { group, name } = baselineRef;
  return (
    <>
      <p>
        Compared with{" "}
        <Link to={`/models/${group}/${name}/versions/${base.version}`}>
          {base.model}@{base.version}
        </Link>{" "}
        (now <StageBadge stage={base.stage} />, digest <Digest value={base.digest} />
        ).
      </p>
      <h3>Files</h3>
      {files.length === 0 ? (
        <p>The same files with the same digests.</p>
      ) : (
        <ScrollRegion label="Changed files">
          <table>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Change</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {files.map((change) => (
                <tr key={change.path}>
                  <th scope="row" className="mono">
                    {change.path}
                  </th>
                  <td>{change.kind}</td>
                  <td>{change.before ? <FileFacts entry={change.before} /> : "—"}</td>
                  <td>{change.after ? <FileFacts entry={change.after} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <h3>Lineage</h3>
      {links.length === 0 ? (
        <p>The same upstream links.</p>
      ) : (
        <ul className={styles.changeList}>
          {links.map((change) => (
            <li key={`${change.kind}-${change.link.id}`}>
              <span className={styles.changeWord}>{change.kind}</span> {change.link.kind}{" "}
              <code>{change.link.ref}</code>
            </li>
          ))}
        </ul>
      )}
      <h3>Metadata</h3>
      <KeyChanges changes={diffKeys(base.metadata, version.metadata)} what="metadata" />
      <h3>Tags</h3>
      <KeyChanges changes={diffKeys(base.tags, version.tags)} what="tags" />
      <h3>Model card</h3>
      <CardCompare baselineRef={baselineRef} current={current} />
    </>
  );
}

function FileFacts({ entry }: { entry: Schemas["ManifestEntry"] }) {
  return (
    <>
      <Digest value={entry.sha256} label={`digest of ${entry.path}`} />{" "}
      <span className="num">{entry.size.toLocaleString()} B</span>
    </>
  );
}

function KeyChanges({ changes, what }: { changes: KeyChange[]; what: string }) {
  if (changes.length === 0) return <p>The same {what}.</p>;
  return (
    <ScrollRegion label={`Changed ${what}`}>
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.key}>
              <th scope="row">
                <code>{change.key}</code>
              </th>
              <td>{change.kind}</td>
              <td className={styles.value}>{change.before ?? "—"}</td>
              <td className={styles.value}>{change.after ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function CardCompare({ baselineRef, current }: { baselineRef: VersionRef; current: VersionRef }) {
  const [open, setOpen] = useState(false);
  const before = useCardMarkdown(baselineRef, open);
  const after = useCardMarkdown(current, open);
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Compare the model cards
      </button>
    );
  if (before.isError)
    return <ProblemAlert error={before.error} action="Loading the earlier card" />;
  if (after.isError) return <ProblemAlert error={after.error} action="Loading this card" />;
  if (before.isPending || after.isPending) return <Skeleton rows={4} label="Loading both cards" />;
  return (
    <Suspense fallback={<Skeleton rows={4} label="Loading the diff" />}>
      <CardDiff before={before.data} after={after.data} />
    </Suspense>
  );
}
