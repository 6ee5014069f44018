// The lineage tab's data: the upstream graph, the version's own links (with ids, for removal) and
// the versions that use it as a base model, fetched in parallel.
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../api/client";
import { versionPathParams, type VersionParams } from "../security/versionData";
import type { Dependent } from "./layout";

export type LinkCreate =
  | Schemas["DatasetLink"]
  | Schemas["CodeLink"]
  | Schemas["TrainingRunLink"]
  | Schemas["BaseModelLink"]
  | Schemas["OtherLink"];

function lineageKey(params: VersionParams) {
  return ["version", params.group, params.name, params.versionId, "lineage"] as const;
}

/** A dependent's graph node from a reverse-lineage usage. */
export function dependentOf(usage: Schemas["LineageUsage"]): Dependent {
  const label = `${usage.model}@${usage.version}`;
  const relation = usage.link.attributes.relation;
  return {
    node: { id: `version:${label}`, kind: "version", label, attributes: { stage: usage.stage } },
    relation: typeof relation === "string" ? relation : "fine_tuned_from",
  };
}

/** Graph, direct links and dependents of the version. */
export function useLineage(params: VersionParams) {
  const key = lineageKey(params);
  const path = versionPathParams(params);
  const [graph, links, usages] = useQueries({
    queries: [
      {
        queryKey: [...key, "graph"],
        queryFn: () =>
          unwrap(api.GET("/api/v1/models/{group}/{name}/versions/{version}/lineage/graph", path)),
      },
      {
        queryKey: [...key, "links"],
        queryFn: () =>
          unwrap(api.GET("/api/v1/models/{group}/{name}/versions/{version}/lineage", path)),
      },
      {
        queryKey: [...key, "usages"],
        queryFn: () =>
          unwrap(
            api.GET("/api/v1/lineage/usages", {
              params: {
                query: {
                  kind: "base_model",
                  ref: `${params.group}/${params.name}@${params.versionId}`,
                },
              },
            }),
          ),
      },
    ],
  });
  return { graph, links, usages };
}

/** Adds one upstream link; the graph and link list are fetched again. */
export function useAddLink(params: VersionParams) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (link: LinkCreate) =>
      unwrap(
        api.POST("/api/v1/models/{group}/{name}/versions/{version}/lineage", {
          ...versionPathParams(params),
          body: [link],
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: lineageKey(params) }),
  });
}

/** Removes one upstream link by id. */
export function useRemoveLink(params: VersionParams) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      unwrap(
        api.DELETE("/api/v1/models/{group}/{name}/versions/{version}/lineage/{link_id}", {
          params: { path: { ...versionPathParams(params).params.path, link_id: linkId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: lineageKey(params) }),
  });
}
