// The security tab's data. Queries run in parallel; while a scan is queued or running the scan
// state is polled, and when it settles everything derived from it is fetched again.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { ApiError, api, unwrap, type Schemas } from "../../../api/client";
import { versionPathParams, type VersionParams } from "./versionData";

const POLL_MS = 2000;

export type SecurityStatus = Schemas["SecurityStatus"];

function securityKey(params: VersionParams) {
  return ["version", params.group, params.name, params.versionId, "security"] as const;
}

/** A resource the version may not have yet: a 404 is "none", anything else is an error. */
async function orNone<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** True while the state shown is not final: jobs are queued or a re-check is running. */
export function scanInProgress(status: SecurityStatus | undefined): boolean {
  return (
    !!status &&
    (status.status === "pending" || status.recheck_pending || status.pending_jobs.length > 0)
  );
}

/** Scan state and history, polled while a scan is pending. */
export function useScans(params: VersionParams) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: [...securityKey(params), "scans"],
    queryFn: () =>
      unwrap(
        api.GET(
          "/api/v1/models/{group}/{name}/versions/{version}/scans",
          versionPathParams(params),
        ),
      ),
    refetchInterval: (q) => (scanInProgress(q.state.data) ? POLL_MS : false),
  });
  const wasPending = useRef(false);
  const pending = scanInProgress(query.data);
  const { group, name, versionId } = params;
  useEffect(() => {
    if (wasPending.current && !pending) {
      // The scan finished: findings, signature checks and the ML-BOM have changed with it.
      void client.invalidateQueries({
        queryKey: securityKey({ group, name, versionId }),
        predicate: (q) => q.queryKey[5] !== "scans",
      });
    }
    wasPending.current = pending;
  }, [pending, client, group, name, versionId]);
  return query;
}

/** Queues a full re-scan (scans:run); the scan state is then polled until it settles. */
export function useRequestScan(params: VersionParams) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST(
          "/api/v1/models/{group}/{name}/versions/{version}/scans",
          versionPathParams(params),
        ),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: [...securityKey(params), "scans"] }),
  });
}

/** One stored scan result with its details. */
export function useScanResult(params: VersionParams, resultId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...securityKey(params), "scan", resultId],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/scans/{result_id}", {
          params: { path: { ...versionPathParams(params).params.path, result_id: resultId } },
        }),
      ),
  });
}

/** The current findings with whether each blocks and is excepted. */
export function useFindings(params: VersionParams) {
  return useQuery({
    queryKey: [...securityKey(params), "findings"],
    queryFn: () =>
      unwrap(
        api.GET(
          "/api/v1/models/{group}/{name}/versions/{version}/findings",
          versionPathParams(params),
        ),
      ),
  });
}

/** Every exception granted on the version, newest first. */
export function useExceptions(params: VersionParams) {
  return useQuery({
    queryKey: [...securityKey(params), "exceptions"],
    queryFn: () =>
      unwrap(
        api.GET(
          "/api/v1/models/{group}/{name}/versions/{version}/exceptions",
          versionPathParams(params),
        ),
      ),
  });
}

function useInvalidateFindings(params: VersionParams) {
  const client = useQueryClient();
  return () =>
    Promise.all(
      ["exceptions", "findings", "scans"].map((part) =>
        client.invalidateQueries({ queryKey: [...securityKey(params), part] }),
      ),
    );
}

/** Grants a time-limited exception for one finding (security:write). */
export function useGrantException(params: VersionParams) {
  const invalidate = useInvalidateFindings(params);
  return useMutation({
    mutationFn: (body: Schemas["ExceptionCreate"]) =>
      unwrap(
        api.POST("/api/v1/models/{group}/{name}/versions/{version}/exceptions", {
          ...versionPathParams(params),
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

/** Revokes an exception before it expires (security:write). */
export function useRevokeException(params: VersionParams) {
  const invalidate = useInvalidateFindings(params);
  return useMutation({
    mutationFn: (exceptionId: string) =>
      unwrap(
        api.DELETE("/api/v1/security/exceptions/{exception_id}", {
          params: { path: { exception_id: exceptionId } },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** Signature check, registry signature and attestations, re-verified by the server. */
export function useVerification(params: VersionParams) {
  return useQuery({
    queryKey: [...securityKey(params), "verification"],
    queryFn: () =>
      unwrap(
        api.GET(
          "/api/v1/models/{group}/{name}/versions/{version}/verification",
          versionPathParams(params),
        ),
      ),
  });
}

/** The newest uploaded model signature bundle, or null when none was uploaded. */
export function useUploadedSignature(params: VersionParams) {
  return useQuery({
    queryKey: [...securityKey(params), "signature"],
    queryFn: () =>
      orNone(
        unwrap(
          api.GET(
            "/api/v1/models/{group}/{name}/versions/{version}/signature",
            versionPathParams(params),
          ),
        ),
      ),
  });
}

/** The newest container SBOM document, or null when none was uploaded. */
export function useContainerSbom(params: VersionParams) {
  return useQuery({
    queryKey: [...securityKey(params), "container-sbom"],
    queryFn: () =>
      orNone(
        unwrap(
          api.GET(
            "/api/v1/models/{group}/{name}/versions/{version}/container-sbom",
            versionPathParams(params),
          ),
        ) as Promise<unknown>,
      ),
  });
}

/** Uploads a CycloneDX or SPDX JSON document as the container SBOM (artifacts:write). */
export function useUploadContainerSbom(params: VersionParams) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (document: Record<string, unknown>) =>
      unwrap(
        api.PUT("/api/v1/models/{group}/{name}/versions/{version}/container-sbom", {
          ...versionPathParams(params),
          // The spec declares a bare JSON object, which the generator types as having no fields.
          body: document as Record<string, never>,
        }),
      ),
    onSuccess: () =>
      Promise.all(
        ["container-sbom", "scans"].map((part) =>
          client.invalidateQueries({ queryKey: [...securityKey(params), part] }),
        ),
      ),
  });
}

/** Asks the gate whether the version's digest may be deployed to a target (deployments:check). */
export function useDeployCheck(params: VersionParams) {
  return useMutation({
    mutationFn: (body: Schemas["DeployCheck"]) =>
      unwrap(
        api.POST("/api/v1/models/{group}/{name}/versions/{version}/deploy-check", {
          ...versionPathParams(params),
          body,
        }),
      ),
  });
}
