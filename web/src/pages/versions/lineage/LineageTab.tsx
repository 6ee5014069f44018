// The lineage tab: where the version came from and what was built on it, as a graph or a table.
import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import type { Schemas } from "../../../api/client";
import { useCan } from "../../../app/me";
import { EmptyState } from "../../../components/EmptyState";
import { Skeleton } from "../../../components/Loading";
import { ProblemAlert } from "../../../components/ProblemAlert";
import { useVersionParams, useVersionRecord } from "../security/versionData";
import { AddLinkForm } from "./AddLinkForm";
import { nodePath } from "./kinds";
import { layoutLineage, type PlacedNode } from "./layout";
import styles from "./Lineage.module.css";
import { LineageTable, linkSourceId } from "./LineageTable";
import { NodeDetails } from "./NodeDetails";
import { dependentOf, useLineage, useRemoveLink } from "./useLineage";

const LineageGraphView = lazy(() =>
  import("./LineageGraphView").then((m) => ({ default: m.LineageGraphView })),
);

type View = "graph" | "list";

// Phones get the table: a graph of boxes is hard to read and to operate on a narrow screen.
function initialView(): View {
  return globalThis.matchMedia?.("(max-width: 640px)").matches ? "list" : "graph";
}

function ViewToggle({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  return (
    <div className={styles.toggle} role="group" aria-label="Show lineage as">
      {(["graph", "list"] as const).map((value) => (
        <button
          key={value}
          type="button"
          className={`button ${view === value ? "primary" : ""}`}
          aria-pressed={view === value}
          onClick={() => onChange(value)}
        >
          {value === "graph" ? "Graph" : "List"}
        </button>
      ))}
    </div>
  );
}

/** Lineage of the version in the URL: graph or list, details of a node, and link editing. */
export function LineageTab() {
  const params = useVersionParams();
  const version = useVersionRecord(params);
  const { graph, links, usages } = useLineage(params);
  const canWrite = useCan("models:write");
  const remove = useRemoveLink(params);
  const navigate = useNavigate();
  const [view, setView] = useState<View>(initialView);
  const [selected, setSelected] = useState<PlacedNode | null>(null);

  const layout = useMemo(
    () => (graph.data ? layoutLineage(graph.data, (usages.data ?? []).map(dependentOf)) : null),
    [graph.data, usages.data],
  );
  const editable =
    canWrite &&
    version.data !== undefined &&
    version.data.stage === "draft" &&
    !version.data.sealed;

  const open = useCallback(
    (placed: PlacedNode) => {
      const to = placed.side === "root" ? null : nodePath(placed.node);
      if (to) navigate(to);
      else setSelected((current) => (current?.node.id === placed.node.id ? null : placed));
    },
    [navigate],
  );

  const removeLink = (link: Schemas["LineageLinkRead"]) => {
    if (selected?.node.id === linkSourceId(link)) setSelected(null);
    remove.mutate(link.id);
  };

  return (
    <section className="stack" aria-labelledby="lineage-title">
      <div className={styles.head}>
        <h2 id="lineage-title">Lineage</h2>
        <ViewToggle view={view} onChange={setView} />
      </div>
      <p className="hint">
        Datasets, code, training runs and base models on the left were used to produce this version;
        versions on the right were fine-tuned from it. Open a base model or dependent to go to its
        page; open anything else for its details.
      </p>
      {graph.isError && <ProblemAlert error={graph.error} action="Loading the lineage" />}
      {usages.isError && <ProblemAlert error={usages.error} action="Loading the dependents" />}
      {!layout ? (
        !graph.isError && <Skeleton rows={6} label="Loading the lineage" />
      ) : (
        <div className={selected ? styles.withDetails : undefined}>
          <div className={styles.main}>
            {graph.data?.truncated && (
              <p className="alert alert-info">
                The graph is cut at 20 levels of base models; open the deepest one to see further.
              </p>
            )}
            {layout.edges.length === 0 ? (
              <EmptyState title="No lineage recorded">
                Nothing links this version to a dataset, commit, run or base model yet, and no
                version uses it as a base model.
              </EmptyState>
            ) : view === "graph" ? (
              <Suspense fallback={<Skeleton rows={8} label="Loading the graph" />}>
                <LineageGraphView
                  layout={layout}
                  selectedId={selected?.node.id ?? null}
                  onOpen={open}
                />
              </Suspense>
            ) : (
              <LineageTable
                layout={layout}
                rootId={graph.data?.root ?? ""}
                removable={editable ? (links.data ?? []) : null}
                removing={remove.isPending ? (remove.variables ?? null) : null}
                onRemove={removeLink}
                onOpen={open}
              />
            )}
            {remove.isError && <ProblemAlert error={remove.error} action="Removing the link" />}
          </div>
          {selected && <NodeDetails placed={selected} onClose={() => setSelected(null)} />}
        </div>
      )}
      {editable && (
        <>
          {view === "graph" && <p className="hint">To remove a link, switch to the list.</p>}
          <AddLinkForm params={params} />
        </>
      )}
    </section>
  );
}
