// The queries of a model's page, keyed under ["model", group, name] so one invalidation refreshes
// everything a change to the model can affect.
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";

export interface ModelId {
  group: string;
  name: string;
}

export const modelKey = ({ group, name }: ModelId) => ["model", group, name] as const;

/** The model itself. */
export function useModel(id: ModelId) {
  return useQuery({
    queryKey: modelKey(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/models/{group}/{name}", { params: { path: id }, signal })),
  });
}

export const VERSION_PAGE = 20;

/** The model's versions in `sort` order, page by page. */
export function useModelVersions(id: ModelId, sort: Schemas["VersionSort"]) {
  return useInfiniteQuery({
    queryKey: [...modelKey(id), "versions", sort],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions", {
          params: { path: id, query: { sort, limit: VERSION_PAGE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Which versions were in which stage at `at` (RFC 3339), or now when it is undefined. */
export function useStagesAt(id: ModelId, at: string | undefined) {
  return useQuery({
    queryKey: [...modelKey(id), "history", at ?? "now"],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/history", {
          params: { path: id, query: { at: at ?? new Date().toISOString() } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Every requested or applied risk-tier change, newest first. */
export function useTierChanges(id: ModelId) {
  return useQuery({
    queryKey: [...modelKey(id), "risk-tier-changes"],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/risk-tier-changes", {
          params: { path: id },
          signal,
        }),
      ),
  });
}
