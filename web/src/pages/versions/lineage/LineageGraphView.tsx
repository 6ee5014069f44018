// The lineage as an interactive graph (React Flow). Loaded only when the graph view is shown, so
// phones that start on the list never download it.
import {
  Controls,
  useReactFlow,
  useStore,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo } from "react";
import { kindLabel, nodeSummary, shortLabel } from "./kinds";
import { NODE_HEIGHT, NODE_WIDTH, type LineageLayout, type PlacedNode } from "./layout";
import styles from "./Lineage.module.css";

interface NodeData extends Record<string, unknown> {
  placed: PlacedNode;
  selected: boolean;
  onOpen: (placed: PlacedNode) => void;
}

type LineageFlowNode = Node<NodeData, "lineage">;

const KIND_CLASS: Record<string, string | undefined> = {
  version: styles.kindVersion,
  base_model: styles.kindBase,
  dataset: styles.kindDataset,
  code: styles.kindCode,
  training_run: styles.kindRun,
};

/** One node: a button (so it is focusable and opens with Enter) naming its kind in words. */
function LineageNodeBox({ data }: NodeProps<LineageFlowNode>) {
  const { placed, selected, onOpen } = data;
  const kind = kindLabel(placed.node, placed.side);
  const summary = nodeSummary(placed.node);
  const classes = [
    styles.node,
    KIND_CLASS[placed.node.kind] ?? styles.kindOther,
    placed.side === "root" ? styles.root : "",
    selected ? styles.nodeSelected : "",
  ];
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <button
        type="button"
        className={classes.join(" ")}
        aria-pressed={placed.node.kind === "version" ? undefined : selected}
        aria-label={`${kind}: ${placed.node.label}${summary ? `, ${summary}` : ""}`}
        title={placed.node.label}
        onClick={() => onOpen(placed)}
      >
        <span className={styles.nodeKind}>{kind}</span>
        <span className={styles.nodeLabel}>{shortLabel(placed.node.label)}</span>
        {summary && <span className={styles.nodeSummary}>{summary}</span>}
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
}

const NODE_TYPES = { lineage: LineageNodeBox };
const FIT_OPTIONS = { padding: 0.15 };

/** Fits the graph again when its frame changes width (e.g. the details panel opens). */
function FitOnResize() {
  const width = useStore((state) => state.width);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (width > 0) void fitView(FIT_OPTIONS);
  }, [width, fitView]);
  return null;
}

interface Props {
  layout: LineageLayout;
  selectedId: string | null;
  onOpen: (placed: PlacedNode) => void;
}

/** The graph with zoom, pan and fit controls; nodes cannot be dragged or connected. */
export function LineageGraphView({ layout, selectedId, onOpen }: Props) {
  const nodes = useMemo<LineageFlowNode[]>(
    () =>
      layout.nodes.map((placed) => ({
        id: placed.node.id,
        type: "lineage",
        position: { x: placed.x, y: placed.y },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        // The button inside takes focus; a focusable wrapper too would be a second tab stop.
        focusable: false,
        selectable: false,
        draggable: false,
        // Neither selectable nor draggable, React Flow would let clicks through to the pane.
        style: { pointerEvents: "all" },
        data: { placed, selected: placed.node.id === selectedId, onOpen },
      })),
    [layout, selectedId, onOpen],
  );
  const edges = useMemo<Edge[]>(
    () =>
      layout.edges.map((edge) => ({
        id: `${edge.source}->${edge.target}:${edge.relation}`,
        source: edge.source,
        target: edge.target,
        label: edge.relation.replaceAll("_", " "),
        focusable: false,
        markerEnd: { type: MarkerType.ArrowClosed },
      })),
    [layout],
  );
  return (
    <div className={styles.flow}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        fitView
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={{
          "controls.ariaLabel": "Graph controls",
          "controls.zoomIn.ariaLabel": "Zoom in",
          "controls.zoomOut.ariaLabel": "Zoom out",
          "controls.fitView.ariaLabel": "Fit the graph to the view",
        }}
      >
        <Controls showInteractive={false} fitViewOptions={FIT_OPTIONS} />
        <FitOnResize />
      </ReactFlow>
    </div>
  );
}
