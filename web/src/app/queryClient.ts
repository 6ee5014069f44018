// One query cache for the app: errors that a retry cannot fix (4xx) are not retried.
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/client";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          failures < 2 && (!(error instanceof ApiError) || error.offline || error.status >= 500),
      },
      mutations: { retry: false },
    },
  });
}
