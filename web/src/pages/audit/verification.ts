// The chain check as the page uses it: the server's verdict plus when it was asked for and how
// long the round trip took (the server does not report its own timing).
import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";

export type ChainVerification = Schemas["ChainVerification"];

export interface VerificationRun {
  result: ChainVerification;
  /** ISO time the answer arrived. */
  checkedAt: string;
  /** Milliseconds from request to answer, measured in the browser. */
  tookMs: number;
}

export const verifyQueryKey = ["audit", "verify"] as const;

/** Runs GET /api/v1/audit/verify and times it. */
export async function runVerification(now: () => number = () => performance.now()) {
  const started = now();
  const result = await unwrap(api.GET("/api/v1/audit/verify"));
  const tookMs = Math.max(0, Math.round(now() - started));
  return { result, checkedAt: new Date().toISOString(), tookMs } satisfies VerificationRun;
}

/** The chain verification, run once per visit (and again on request). */
export function useVerification() {
  return useQuery({
    queryKey: verifyQueryKey,
    queryFn: () => runVerification(),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** "12 ms" or "1.4 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
