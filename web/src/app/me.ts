// Who is signed in and what they may do: the UI offers only what the caller's permissions allow.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../api/client";
import { useSessionState } from "./session";

export type Me = Schemas["MeRead"];
export type Permission = Schemas["Permission"];

export const meQueryKey = ["me"] as const;

/** The caller's user record with permissions; undefined until loaded or when signed out. */
export function useMe(): Me | undefined {
  const state = useSessionState();
  const query = useQuery({
    queryKey: meQueryKey,
    queryFn: () => unwrap(api.GET("/api/v1/me")),
    enabled: state === "active",
    staleTime: 60_000,
  });
  return state === "active" ? query.data : undefined;
}

/** True when the signed-in user holds `permission` (the server still decides every call). */
export function useCan(permission: Permission): boolean {
  return useMe()?.permissions.includes(permission) ?? false;
}
