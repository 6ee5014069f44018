// Test helpers for the version page: a query client and router around a component, and a fetch
// stub that records each request and answers from a list. Test files import this module before
// the component under test, so the fetch delegate is in place before the API client is created.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";

/** Renders `ui` with a fresh query client (no retries) inside a router. */
export function renderWithClient(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
  return client;
}

/** A JSON (or problem+json, for status ≥ 400) response. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" },
  });
}

/** Stubs fetch with answers given in order; returns the requests it received. */
export function stubFetch(...answers: Response[]): Request[] {
  const seen: Request[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request) => {
      seen.push(input);
      const next = answers.shift();
      if (!next) throw new Error(`unexpected request ${input.method} ${input.url}`);
      return next;
    }),
  );
  return seen;
}
