import { useId, useState } from "react";
import { Digest } from "../../components/Digest";
import { DownloadButton } from "../../components/DownloadButton";
import { EmptyState } from "../../components/EmptyState";
import {
  artifactUrl,
  filterAndSort,
  formatSize,
  totalSize,
  type ManifestEntry,
  type ManifestSort,
} from "./manifest";
import styles from "./Version.module.css";

interface Props {
  entries: readonly ManifestEntry[];
  /** Media types by path, where the artifact list knows them. */
  mediaTypes: Record<string, string>;
  group: string;
  name: string;
  versionId: string;
  canDownload: boolean;
}

/** The manifest as a table with a path filter, a sort and per-file downloads. */
export function ManifestTable({ entries, mediaTypes, group, name, versionId, canDownload }: Props) {
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<ManifestSort>("path");
  const id = useId();
  const shown = filterAndSort(entries, filter, sort);
  if (entries.length === 0)
    return (
      <EmptyState title="No files yet">Upload the version's files before sealing it.</EmptyState>
    );
  return (
    <div>
      <div className={styles.toolbar}>
        <div className="field">
          <label htmlFor={`${id}-filter`}>Filter by path</label>
          <input
            id={`${id}-filter`}
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sort</label>
          <select
            id={`${id}-sort`}
            value={sort}
            onChange={(e) => setSort(e.target.value as ManifestSort)}
          >
            <option value="path">Path (A–Z)</option>
            <option value="size-desc">Size (largest first)</option>
            <option value="size-asc">Size (smallest first)</option>
          </select>
        </div>
      </div>
      <p role="status">
        {shown.length === entries.length
          ? `${entries.length} file${entries.length === 1 ? "" : "s"}, ${formatSize(totalSize(entries))} in total.`
          : `${shown.length} of ${entries.length} files match, ${formatSize(totalSize(shown))}.`}
      </p>
      {/* A scrollable region must take keyboard focus so it can be scrolled without a mouse. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-wrap" role="region" aria-label="Artifacts" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">SHA-256</th>
              <th scope="col">Media type</th>
              {canDownload && <th scope="col">Download</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <tr key={entry.path}>
                <th scope="row" className={styles.path}>
                  <code>{entry.path}</code>
                </th>
                <td className="num" title={`${entry.size} bytes`}>
                  {formatSize(entry.size)}
                </td>
                <td>
                  <Digest value={entry.sha256} label={`SHA-256 of ${entry.path}`} />
                </td>
                <td>{mediaTypes[entry.path] ?? "—"}</td>
                {canDownload && (
                  <td>
                    <DownloadButton
                      url={artifactUrl(group, name, versionId, entry.path)}
                      filename={entry.path.split("/").pop() ?? entry.path}
                    >
                      {`Download ${entry.path}`}
                    </DownloadButton>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
