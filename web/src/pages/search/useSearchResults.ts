// The result queries of a search: one infinite (cursor-paged) query per view, keyed by the API
// query so a change starts a new request and the stale one is aborted (its signal is consumed).
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { modelQuery, versionQuery, type SearchState } from "./searchState";

export const PAGE_SIZE = 20;

/** Model hits of `state`, page by page; enabled only in the models view. */
export function useModelResults(state: SearchState) {
  const query = modelQuery(state);
  return useInfiniteQuery({
    queryKey: ["search", "models", query],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/models", {
          params: { query: { ...query, limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: state.view === "models",
  });
}

/**
 * Per facet its values with counts for the models search of `state` (each facet counted under
 * every filter but its own); only in the models view, since the counts are of models.
 */
export function useModelFacets(state: SearchState) {
  const query = modelQuery(state);
  delete query.sort;
  return useQuery({
    queryKey: ["search", "facets", query],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/models/facets", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled: state.view === "models",
  });
}

/** Version hits of `state`, page by page; enabled only in the versions view. */
export function useVersionResults(state: SearchState) {
  const query = versionQuery(state);
  return useInfiniteQuery({
    queryKey: ["search", "versions", query],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/versions", {
          params: { query: { ...query, limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: state.view === "versions",
  });
}

/**
 * The stage of a model's latest release. The model search does not return it, so each hit asks
 * for its highest release (one small page); cached per model and version.
 */
export function useLatestVersion(model: Schemas["ModelRead"]) {
  const latest = model.latest_version;
  return useQuery({
    queryKey: ["models", model.full_name, "latest", latest],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions", {
          params: {
            path: { group: model.group, name: model.name },
            query: { sort: "-version", prerelease: false, limit: 1 },
          },
          signal,
        }),
      ).then((page) => page.items.find((item) => item.version === latest) ?? null),
    enabled: latest !== null,
    staleTime: 30_000,
  });
}
