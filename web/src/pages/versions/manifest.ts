// The artifact manifest as the Artifacts tab shows it: sizes for people, a filter and a sort.
import type { Schemas } from "../../api/client";

export type ManifestEntry = Schemas["ManifestEntry"];
export type ManifestSort = "path" | "size-desc" | "size-asc";

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

/** Bytes in the largest binary unit that keeps the number ≥ 1, e.g. 1536 → "1.5 KB". */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  // One decimal below 10 (1.5 MB), none above (240 MB), so the column stays readable.
  const shown = value < 10 ? value.toFixed(1).replace(/\.0$/, "") : Math.round(value).toString();
  return `${shown} ${UNITS[unit]}`;
}

/** The entries whose path contains `filter` (case-insensitive), in the chosen order. */
export function filterAndSort(
  entries: readonly ManifestEntry[],
  filter: string,
  sort: ManifestSort,
): ManifestEntry[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle ? entries.filter((e) => e.path.toLowerCase().includes(needle)) : [...entries];
  const byPath = (a: ManifestEntry, b: ManifestEntry) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  if (sort === "path") return kept.sort(byPath);
  const direction = sort === "size-desc" ? -1 : 1;
  return kept.sort((a, b) => (a.size - b.size) * direction || byPath(a, b));
}

/** Total bytes of `entries`. */
export function totalSize(entries: readonly ManifestEntry[]): number {
  return entries.reduce((sum, e) => sum + e.size, 0);
}

/** The download URL of one artifact; each path segment is encoded, the slashes kept. */
export function artifactUrl(group: string, name: string, version: string, path: string): string {
  const segments = path.split("/").map(encodeURIComponent).join("/");
  return `/api/v1/models/${group}/${name}/versions/${encodeURIComponent(version)}/artifacts/${segments}`;
}

/** Lower-case hex SHA-256 of `data`, computed by the browser. */
export async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
