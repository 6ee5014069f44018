// The governance pages' reads, keyed so that a write invalidates exactly what it changed.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { useCan } from "../../app/me";

export const policyKeys = {
  all: ["policies"] as const,
  list: ["policies", "list"] as const,
  active: ["policies", "active"] as const,
  one: (number: number) => ["policies", "one", number] as const,
};

export const securityKeys = {
  licenses: ["security", "license-policy"] as const,
  signers: ["security", "trusted-signers"] as const,
  advisories: ["security", "advisories"] as const,
  attestationKey: ["security", "attestation-key"] as const,
};

export function usePolicies() {
  return useQuery({
    queryKey: policyKeys.list,
    queryFn: () => unwrap(api.GET("/api/v1/policies")),
  });
}

export function useActivePolicy() {
  return useQuery({
    queryKey: policyKeys.active,
    queryFn: () => unwrap(api.GET("/api/v1/policies/active")),
  });
}

export function usePolicy(number: number) {
  return useQuery({
    queryKey: policyKeys.one(number),
    queryFn: () => unwrap(api.GET("/api/v1/policies/{number}", { params: { path: { number } } })),
    enabled: Number.isInteger(number) && number > 0,
  });
}

/**
 * Who a user id belongs to, for "uploaded by" columns. Without users:read the id is shown as is;
 * the lookup runs beside the page's own query, not after it.
 */
export function useUserNames(): (id: string) => string {
  const canRead = useCan("users:read");
  const users = useQuery({
    queryKey: ["governance", "users"],
    queryFn: () => unwrap(api.GET("/api/v1/users")),
    enabled: canRead,
    staleTime: 60_000,
  });
  return (id) => users.data?.find((user) => user.id === id)?.username ?? id;
}
