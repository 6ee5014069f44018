// The version page's queries, keyed under versionQueryKey so one invalidation refreshes them.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { versionQueryKey } from "./versionContext";

/** Path parameters of every version endpoint. */
export function versionPath(group: string, name: string, version: string) {
  return { path: { group, name, version } };
}

export function modelQueryKey(group: string, name: string) {
  return ["model", group, name] as const;
}

/** The version document (manifest, stage, seal state). */
export function useVersion(group: string, name: string, version: string) {
  return useQuery({
    queryKey: [...versionQueryKey(group, name, version), "document"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}", {
          params: versionPath(group, name, version),
        }),
      ),
  });
}

/** The model the version belongs to (risk tier, owners). */
export function useModel(group: string, name: string) {
  return useQuery({
    queryKey: modelQueryKey(group, name),
    queryFn: () =>
      unwrap(api.GET("/api/v1/models/{group}/{name}", { params: { path: { group, name } } })),
  });
}

/** Promotion requests of the version, newest first. */
export function usePromotions(group: string, name: string, version: string) {
  return useQuery({
    queryKey: [...versionQueryKey(group, name, version), "promotions"],
    queryFn: async () => {
      const list = await unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/promotions", {
          params: versionPath(group, name, version),
        }),
      );
      return [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
    },
  });
}
