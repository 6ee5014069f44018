import { describe, expect, it } from "vitest";
import type { Schemas } from "../../../api/client";
import { NODE_HEIGHT, NODE_WIDTH, layoutLineage, type Dependent, type PlacedNode } from "./layout";

type Graph = Schemas["LineageGraph"];

const ROOT = "version:fraud/scorer@2.0.0";
const BASE = "version:nlp/encoder@1.0.0";

// fraud/scorer@2.0.0 was fine-tuned from nlp/encoder@1.0.0 with a dataset and a commit; the
// encoder was trained on a corpus that the scorer also used for validation.
const graph: Graph = {
  root: ROOT,
  truncated: false,
  nodes: [
    { id: ROOT, kind: "version", label: "fraud/scorer@2.0.0", attributes: { stage: "draft" } },
    { id: "dataset:s3://d/train", kind: "dataset", label: "s3://d/train", attributes: {} },
    { id: "code:abc", kind: "code", label: "abc", attributes: { commit: "abc" } },
    { id: BASE, kind: "version", label: "nlp/encoder@1.0.0", attributes: {} },
    { id: "dataset:s3://d/corpus", kind: "dataset", label: "s3://d/corpus", attributes: {} },
    { id: "training_run:mlflow:7", kind: "training_run", label: "mlflow:7", attributes: {} },
  ],
  edges: [
    { source: "dataset:s3://d/train", target: ROOT, relation: "training" },
    { source: "code:abc", target: ROOT, relation: "built_from" },
    { source: BASE, target: ROOT, relation: "fine_tuned_from" },
    { source: "dataset:s3://d/corpus", target: BASE, relation: "training" },
    { source: "dataset:s3://d/corpus", target: ROOT, relation: "validation" },
    { source: "training_run:mlflow:7", target: BASE, relation: "trained_by" },
  ],
};

const dependents: Dependent[] = [
  {
    node: { id: "version:fraud/z@1.0.0", kind: "version", label: "fraud/z@1.0.0" },
    relation: "fine_tuned_from",
  },
  {
    node: { id: "version:fraud/a@1.0.0", kind: "version", label: "fraud/a@1.0.0" },
    relation: "fine_tuned_from",
  },
];

function byId(nodes: PlacedNode[]): Record<string, PlacedNode> {
  return Object.fromEntries(nodes.map((n) => [n.node.id, n]));
}

describe("layoutLineage", () => {
  it("puts upstream left of what it feeds, the version in the middle, dependents right", () => {
    const placed = byId(layoutLineage(graph, dependents).nodes);
    expect(placed[ROOT]).toMatchObject({ column: 0, side: "root", x: 0 });
    expect(placed[BASE]).toMatchObject({ column: -1, side: "upstream" });
    expect(placed["code:abc"]?.column).toBe(-1);
    expect(placed["dataset:s3://d/train"]?.column).toBe(-1);
    // It feeds the root directly and the base model: it goes left of the base model.
    expect(placed["dataset:s3://d/corpus"]?.column).toBe(-2);
    expect(placed["training_run:mlflow:7"]?.column).toBe(-2);
    expect(placed["version:fraud/a@1.0.0"]).toMatchObject({ column: 1, side: "downstream" });
    expect(placed["version:fraud/z@1.0.0"]?.column).toBe(1);
    for (const edge of layoutLineage(graph, dependents).edges) {
      expect(placed[edge.source]!.x).toBeLessThan(placed[edge.target]!.x);
    }
  });

  it("orders a column by kind then label and centres it on the version's row", () => {
    const { nodes } = layoutLineage(graph, dependents);
    const column = (c: number) =>
      nodes
        .filter((n) => n.column === c)
        .sort((a, b) => a.row - b.row)
        .map((n) => n.node.id);
    expect(column(-1)).toEqual([BASE, "dataset:s3://d/train", "code:abc"]);
    expect(column(-2)).toEqual(["dataset:s3://d/corpus", "training_run:mlflow:7"]);
    expect(column(1)).toEqual(["version:fraud/a@1.0.0", "version:fraud/z@1.0.0"]);
    const ys = nodes.filter((n) => n.column === -1).map((n) => n.y);
    expect(ys.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("never overlaps two nodes", () => {
    const { nodes } = layoutLineage(graph, dependents);
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        const apart = Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT;
        expect(apart, `${a.node.id} overlaps ${b.node.id}`).toBe(true);
      }
    }
  });

  it("is deterministic whatever order the server sends nodes and edges in", () => {
    const shuffled: Graph = {
      ...graph,
      nodes: [...graph.nodes].reverse(),
      edges: [...graph.edges].reverse(),
    };
    const strip = (g: Graph, d: Dependent[]) =>
      layoutLineage(g, d)
        .nodes.map((n) => `${n.node.id}@${n.x},${n.y}`)
        .sort();
    expect(strip(shuffled, [...dependents].reverse())).toEqual(strip(graph, dependents));
    expect(layoutLineage(graph, dependents)).toEqual(layoutLineage(graph, dependents));
  });

  it("survives a cycle between drafts and a dependent already upstream", () => {
    const cyclic: Graph = {
      root: ROOT,
      truncated: false,
      nodes: [
        { id: ROOT, kind: "version", label: "fraud/scorer@2.0.0" },
        { id: BASE, kind: "version", label: "nlp/encoder@1.0.0" },
      ],
      edges: [
        { source: BASE, target: ROOT, relation: "fine_tuned_from" },
        { source: ROOT, target: BASE, relation: "fine_tuned_from" },
      ],
    };
    const back: Dependent = {
      node: { id: BASE, kind: "version", label: "nlp/encoder@1.0.0" },
      relation: "fine_tuned_from",
    };
    const { nodes, edges } = layoutLineage(cyclic, [back]);
    expect(nodes.map((n) => [n.node.id, n.column])).toEqual([
      [BASE, -1],
      [ROOT, 0],
    ]);
    expect(edges).toHaveLength(2);
  });
});
