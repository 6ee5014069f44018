import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { StageBadge, StatusBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { EmptyState } from "../../components/EmptyState";
import { Skeleton } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../components/Time";
import { useModelVersions, type ModelId } from "./modelQueries";
import styles from "./ModelPage.module.css";

type VersionSort = Schemas["VersionSort"];

interface Props {
  model: ModelId;
  sort: VersionSort;
  onSort: (sort: VersionSort) => void;
}

/** A sortable column header: a button that flips the order, with aria-sort on the header. */
function SortHeader(props: {
  label: string;
  field: "version" | "created_at";
  sort: VersionSort;
  onSort: (sort: VersionSort) => void;
}) {
  const { label, field, sort, onSort } = props;
  const active = sort.replace(/^-/, "") === field;
  const descending = sort.startsWith("-");
  const direction = active ? (descending ? "descending" : "ascending") : "none";
  return (
    <th scope="col" aria-sort={direction}>
      <button
        type="button"
        className={styles.sortButton}
        onClick={() => onSort((active && descending ? field : `-${field}`) as VersionSort)}
      >
        {label}
        <span aria-hidden="true">{active ? (descending ? " ▼" : " ▲") : ""}</span>
        <span className="visually-hidden">
          {active ? `, sorted ${direction}` : ", sort by this column"}
        </span>
      </button>
    </th>
  );
}

/** The model's versions: sortable by version or creation, paged by cursor. */
export function ModelVersions({ model, sort, onSort }: Props) {
  const query = useModelVersions(model, sort);
  if (!query.data) {
    return query.isError ? (
      <ProblemAlert error={query.error} action="Loading versions" />
    ) : (
      <Skeleton rows={4} label="Loading versions" />
    );
  }
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return <EmptyState title="No versions yet">A draft version is the first step.</EmptyState>;
  }
  return (
    <>
      {/* Focusable so keyboard users can scroll the table sideways on narrow screens. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-wrap" role="region" aria-label="Versions" tabIndex={0}>
        <table aria-busy={query.isPlaceholderData || undefined}>
          <thead>
            <tr>
              <SortHeader label="Version" field="version" sort={sort} onSort={onSort} />
              <th scope="col">Stage</th>
              <th scope="col">Sealed</th>
              <th scope="col">Digest</th>
              <SortHeader label="Created" field="created_at" sort={sort} onSort={onSort} />
            </tr>
          </thead>
          <tbody>
            {items.map((version) => (
              <tr key={version.version}>
                <th scope="row">
                  <Link to={`/models/${model.group}/${model.name}/versions/${version.version}`}>
                    {version.version}
                  </Link>
                  {version.is_prerelease && (
                    <>
                      {" "}
                      <StatusBadge tone="info">pre-release</StatusBadge>
                    </>
                  )}
                </th>
                <td>
                  <StageBadge stage={version.stage} />
                </td>
                <td>{version.sealed ? "sealed" : "not sealed"}</td>
                <td>
                  <Digest value={version.digest} label={`digest of ${version.version}`} />
                </td>
                <td>{formatTime(version.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {query.isFetchNextPageError && (
        <ProblemAlert error={query.error} action="Loading more versions" />
      )}
      {query.hasNextPage && (
        <p>
          <button
            type="button"
            className="button"
            disabled={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {query.isFetchingNextPage ? "Loading…" : "Load more versions"}
          </button>
        </p>
      )}
    </>
  );
}
