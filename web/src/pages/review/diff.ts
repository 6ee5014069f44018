// What changed between two versions: manifest files, lineage links and key-value maps. Pure
// functions over API documents, so the review page only renders their output.
import type { Schemas } from "../../api/client";

type ManifestEntry = Schemas["ManifestEntry"];
type LineageLink = Schemas["LineageLinkRead"];

export type ChangeKind = "added" | "removed" | "changed";

export interface FileChange {
  kind: ChangeKind;
  path: string;
  before?: ManifestEntry;
  after?: ManifestEntry;
}

/** Files added, removed or changed (by digest or size) from `before` to `after`, by path. */
export function diffManifest(before: ManifestEntry[], after: ManifestEntry[]): FileChange[] {
  const old = new Map(before.map((entry) => [entry.path, entry]));
  const changes: FileChange[] = [];
  for (const entry of after) {
    const previous = old.get(entry.path);
    if (!previous) changes.push({ kind: "added", path: entry.path, after: entry });
    else if (previous.sha256 !== entry.sha256 || previous.size !== entry.size)
      changes.push({ kind: "changed", path: entry.path, before: previous, after: entry });
    old.delete(entry.path);
  }
  for (const entry of old.values())
    changes.push({ kind: "removed", path: entry.path, before: entry });
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

export interface LinkChange {
  kind: "added" | "removed";
  link: LineageLink;
}

/** Lineage links only one side has; a link is identified by its kind and normalised ref. */
export function diffLineage(before: LineageLink[], after: LineageLink[]): LinkChange[] {
  const key = (link: LineageLink) => `${link.kind}\u0000${link.ref}`;
  const oldKeys = new Set(before.map(key));
  const newKeys = new Set(after.map(key));
  return [
    ...after
      .filter((link) => !oldKeys.has(key(link)))
      .map((link) => ({ kind: "added" as const, link })),
    ...before
      .filter((link) => !newKeys.has(key(link)))
      .map((link) => ({ kind: "removed" as const, link })),
  ];
}

export interface KeyChange {
  kind: ChangeKind;
  key: string;
  before?: string;
  after?: string;
}

/** A value as one line of text: strings as they are, anything else as JSON. */
export function showValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** JSON with object keys sorted, so two equal values compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );
}

/** Keys added, removed or whose value changed (compared as JSON), sorted by key. */
export function diffKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): KeyChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: KeyChange[] = [];
  for (const key of keys) {
    const had = Object.hasOwn(before, key);
    const has = Object.hasOwn(after, key);
    if (had && !has) changes.push({ kind: "removed", key, before: showValue(before[key]) });
    else if (!had && has) changes.push({ kind: "added", key, after: showValue(after[key]) });
    else if (canonical(before[key]) !== canonical(after[key]))
      changes.push({
        kind: "changed",
        key,
        before: showValue(before[key]),
        after: showValue(after[key]),
      });
  }
  return changes;
}

type VersionSummary = Schemas["VersionSummary"];

/**
 * The version to compare against: the first of `lists` (most trusted stage first, each highest
 * SemVer first) that is not the version under review; null when there is none.
 */
export function pickBaseline(lists: VersionSummary[][], current: string): VersionSummary | null {
  for (const list of lists) {
    const found = list.find((item) => item.version !== current);
    if (found) return found;
  }
  return null;
}
