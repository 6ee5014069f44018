import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Skeleton } from "./Loading";
import { ProblemAlert } from "./ProblemAlert";

interface Props<T> {
  query: UseQueryResult<T>;
  /** Placeholder rows while loading. */
  rows?: number;
  label?: string;
  children: (data: T) => ReactNode;
}

/** Renders a query's data, or a skeleton while loading, or the problem when it failed. */
export function QueryState<T>({ query, rows, label, children }: Props<T>) {
  if (query.isPending) return <Skeleton rows={rows} label={label} />;
  if (query.isError) return <ProblemAlert error={query.error} action={label} />;
  return <>{children(query.data)}</>;
}
