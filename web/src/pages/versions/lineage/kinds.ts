// What each kind of lineage node is called, and where a registry version's page is.
import type { Schemas } from "../../../api/client";
import type { Side } from "./layout";

type GraphNode = Schemas["LineageNode"];

/** The words shown on a node and in the list for its kind, so kind is never told by colour. */
export function kindLabel(node: GraphNode, side: Side): string {
  if (side === "root") return "This version";
  if (node.kind === "version") return side === "downstream" ? "Dependent version" : "Base model";
  switch (node.kind) {
    case "dataset":
      return "Dataset";
    case "code":
      return "Code commit";
    case "training_run":
      return "Training run";
    case "base_model":
      return "External base model";
    default:
      return "Other";
  }
}

/** `group/name@version` to the console path of that version, or null if it is not one. */
export function versionPath(ref: string): string | null {
  const match = /^([a-z0-9][a-z0-9._-]*)\/([a-z0-9][a-z0-9._-]*)@(.+)$/.exec(ref);
  if (!match) return null;
  const [, group, name, version] = match;
  return `/models/${group}/${name}/versions/${encodeURIComponent(version ?? "")}`;
}

/** The console path of a registry version node (a base model or a dependent), else null. */
export function nodePath(node: GraphNode): string | null {
  return node.kind === "version" ? versionPath(node.label) : null;
}

/** Short text under a node's label: the commit, dataset role, run system or stage. */
export function nodeSummary(node: GraphNode): string {
  const a = node.attributes ?? {};
  const text = (key: string) => (typeof a[key] === "string" ? (a[key] as string) : "");
  switch (node.kind) {
    case "version":
      return text("stage") ? `stage ${text("stage")}` : "";
    case "code":
      return text("commit").slice(0, 12) + (text("branch") ? ` on ${text("branch")}` : "");
    case "dataset":
      return [text("role"), text("digest")].filter(Boolean).join(" · ");
    case "training_run":
      return text("system");
    default:
      return text("relation") || text("license");
  }
}

/** A node's label shortened for a graph box; the full label is in the list and the side panel. */
export function shortLabel(label: string, max = 25): string {
  return label.length <= max ? label : `…${label.slice(label.length - max + 1)}`;
}
