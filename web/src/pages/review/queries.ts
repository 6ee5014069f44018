// The review area's API calls, each a TanStack Query hook keyed so mutations can invalidate it.
import { useQueries, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { splitModel } from "./approvalState";

export const pendingKey = ["promotions", "pending"] as const;
export const promotionKey = (id: string) => ["promotions", id] as const;
export const modelKey = (fullName: string) => ["models", fullName] as const;

/** The approvers' queue (requests awaiting approval, oldest first). */
export function usePendingPromotions() {
  return useQuery({
    queryKey: pendingKey,
    queryFn: () => unwrap(api.GET("/api/v1/promotions", { params: { query: { limit: 500 } } })),
  });
}

function modelQuery(fullName: string) {
  const { group, name } = splitModel(fullName);
  return {
    queryKey: modelKey(fullName),
    queryFn: () =>
      unwrap(api.GET("/api/v1/models/{group}/{name}", { params: { path: { group, name } } })),
    staleTime: 60_000,
  };
}

/** One model document per distinct name, fetched in parallel; keyed by full name. */
export function useModels(fullNames: string[]) {
  const distinct = [...new Set(fullNames)];
  return useQueries({
    queries: distinct.map(modelQuery),
    combine: (results) => ({
      byName: new Map(
        distinct.flatMap((fullName, index) => {
          const data = results[index]?.data;
          return data ? [[fullName, data] as const] : [];
        }),
      ),
      failed: results.filter((result) => result.isError).length,
    }),
  });
}

/** One model document. */
export function useModel(fullName: string | undefined) {
  return useQuery({ ...modelQuery(fullName ?? "/"), enabled: Boolean(fullName) });
}

/**
 * Models with a requested lowering of their risk tier. There is no cross-model listing of tier
 * changes, so this reads the first page of models (up to 500) and keeps those with one pending.
 */
export function usePendingTierChanges() {
  return useQuery({
    queryKey: ["models", "pending-risk-tier"],
    queryFn: async () => {
      const page = await unwrap(api.GET("/api/v1/models", { params: { query: { limit: 500 } } }));
      return {
        models: page.items.filter((model) => model.pending_risk_tier),
        truncated: Boolean(page.next_cursor),
      };
    },
  });
}

/** One promotion request. */
export function usePromotion(id: string) {
  return useQuery({
    queryKey: promotionKey(id),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/promotions/{promotion_id}", {
          params: { path: { promotion_id: id } },
        }),
      ),
  });
}

/** The decision record a promotion was last judged by. */
export function useDecision(id: string | null | undefined) {
  return useQuery({
    queryKey: ["decisions", id],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/decisions/{decision_id}", {
          params: { path: { decision_id: id ?? "" } },
        }),
      ),
    enabled: Boolean(id),
    staleTime: Infinity, // a decision record never changes
  });
}

export interface VersionRef {
  group: string;
  name: string;
  version: string;
}

const versionPath = (ref: VersionRef) => ({
  params: { path: { group: ref.group, name: ref.name, version: ref.version } },
});

/** A version document (manifest, metadata, tags). */
export function useVersion(ref: VersionRef | null) {
  return useQuery({
    queryKey: ["versions", ref?.group, ref?.name, ref?.version],
    queryFn: () =>
      unwrap(api.GET("/api/v1/models/{group}/{name}/versions/{version}", versionPath(ref!))),
    enabled: ref !== null,
  });
}

/** A version's current findings. */
export function useFindings(ref: VersionRef | null) {
  return useQuery({
    queryKey: ["versions", ref?.group, ref?.name, ref?.version, "findings"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/findings", versionPath(ref!)),
      ),
    enabled: ref !== null,
  });
}

/** A version's direct upstream links. */
export function useLineage(ref: VersionRef | null) {
  return useQuery({
    queryKey: ["versions", ref?.group, ref?.name, ref?.version, "lineage"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/lineage", versionPath(ref!)),
      ),
    enabled: ref !== null,
  });
}

/** A version's model card as Markdown. */
export function useCardMarkdown(ref: VersionRef | null, enabled: boolean) {
  return useQuery({
    queryKey: ["versions", ref?.group, ref?.name, ref?.version, "card.md"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/card", {
          params: { ...versionPath(ref!).params, query: { format: "markdown" } },
          parseAs: "text",
        }),
      ) as Promise<string>,
    enabled: ref !== null && enabled,
  });
}

/**
 * Versions of the model in `stages`, one list per stage in the order given, fetched in parallel.
 */
export function useVersionsInStages(
  model: { group: string; name: string } | null,
  stages: ("production" | "staging")[],
) {
  return useQueries({
    queries: stages.map((stage) => ({
      queryKey: ["models", model?.group, model?.name, "versions", { stage }],
      queryFn: () =>
        unwrap(
          api.GET("/api/v1/models/{group}/{name}/versions", {
            params: {
              path: { group: model!.group, name: model!.name },
              query: { stage, limit: 5 },
            },
          }),
        ),
      enabled: model !== null,
    })),
    combine: (results) => ({
      pending: results.some((result) => result.isPending),
      error: results.find((result) => result.isError)?.error ?? null,
      lists: results.map((result) => result.data?.items ?? []),
    }),
  });
}

/** One risk-tier change. */
export function useTierChange(id: string) {
  return useQuery({
    queryKey: ["risk-tier-changes", id],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/risk-tier-changes/{change_id}", {
          params: { path: { change_id: id } },
        }),
      ),
  });
}
