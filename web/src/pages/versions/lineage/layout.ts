// The lineage graph's layered left-to-right layout: each upstream node sits one column left of the
// furthest version it feeds, the version in column 0, its dependents in column 1. Pure and
// deterministic, so the same graph always draws the same way (and is unit-tested).
import type { Schemas } from "../../../api/client";

type GraphNode = Schemas["LineageNode"];
type GraphEdge = Schemas["LineageEdge"];

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 72;
export const COLUMN_GAP = 100;
export const ROW_GAP = 28;

/** Where a node belongs relative to the version the page shows. */
export type Side = "upstream" | "root" | "downstream";

export interface PlacedNode {
  node: GraphNode;
  side: Side;
  /** Negative left of the version, 0 the version, positive its dependents. */
  column: number;
  row: number;
  x: number;
  y: number;
}

/** A version that uses the page's version (as a base model), and how. */
export interface Dependent {
  node: GraphNode;
  relation: string;
}

export interface LineageLayout {
  nodes: PlacedNode[];
  edges: GraphEdge[];
}

// Within a column: registry versions first, then what they were built from, in a fixed order.
const KIND_ORDER = ["version", "base_model", "dataset", "code", "training_run", "other"];

function kindRank(kind: string): number {
  const rank = KIND_ORDER.indexOf(kind);
  return rank === -1 ? KIND_ORDER.length : rank;
}

function byKindThenLabel(a: GraphNode, b: GraphNode): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Longest distance of every upstream node from the root along edges reversed (source feeds
 * target). An edge back into the node being visited (a cycle between unsealed drafts) is skipped.
 */
function upstreamDepths(root: string, edges: GraphEdge[]): Map<string, number> {
  const feeders = new Map<string, string[]>();
  for (const edge of edges) {
    const list = feeders.get(edge.target) ?? [];
    list.push(edge.source);
    feeders.set(edge.target, list);
  }
  const depth = new Map<string, number>([[root, 0]]);
  const onPath = new Set<string>();
  const visit = (id: string, level: number) => {
    onPath.add(id);
    for (const source of [...(feeders.get(id) ?? [])].sort()) {
      if (onPath.has(source)) continue;
      if ((depth.get(source) ?? -1) < level + 1) {
        depth.set(source, level + 1);
        visit(source, level + 1);
      }
    }
    onPath.delete(id);
  };
  visit(root, 0);
  return depth;
}

/**
 * Places the upstream graph and the versions that use the root as a base model (`dependents`)
 * in columns; rows are centred on the version's row so the picture is balanced.
 */
export function layoutLineage(
  graph: Schemas["LineageGraph"],
  dependents: Dependent[] = [],
): LineageLayout {
  const depths = upstreamDepths(graph.root, graph.edges);
  const columns = new Map<number, GraphNode[]>();
  const sides = new Map<string, Side>();
  const known = new Set<string>();
  const place = (node: GraphNode, column: number, side: Side) => {
    if (known.has(node.id)) return;
    known.add(node.id);
    sides.set(node.id, side);
    const list = columns.get(column) ?? [];
    list.push(node);
    columns.set(column, list);
  };
  for (const node of graph.nodes) {
    if (node.id === graph.root) place(node, 0, "root");
    // A node the server sent without a path to the root still gets a column of its own.
    else place(node, -(depths.get(node.id) ?? 1), "upstream");
  }
  const edges = [...graph.edges];
  for (const { node, relation } of [...dependents].sort((a, b) =>
    byKindThenLabel(a.node, b.node),
  )) {
    place(node, 1, "downstream");
    edges.push({ source: graph.root, target: node.id, relation });
  }

  const placed: PlacedNode[] = [];
  for (const column of [...columns.keys()].sort((a, b) => a - b)) {
    const members = (columns.get(column) ?? []).sort(byKindThenLabel);
    const offset = (members.length - 1) / 2;
    members.forEach((node, row) => {
      placed.push({
        node,
        side: sides.get(node.id) ?? "upstream",
        column,
        row,
        x: column * (NODE_WIDTH + COLUMN_GAP),
        y: (row - offset) * (NODE_HEIGHT + ROW_GAP),
      });
    });
  }
  const seenEdges = new Set<string>();
  const uniqueEdges = edges.filter((edge) => {
    const key = `${edge.source}\u0000${edge.target}\u0000${edge.relation}`;
    if (seenEdges.has(key) || !known.has(edge.source) || !known.has(edge.target)) return false;
    seenEdges.add(key);
    return true;
  });
  return { nodes: placed, edges: uniqueEdges };
}
