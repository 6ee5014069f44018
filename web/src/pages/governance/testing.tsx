// Rendering governance components as a signed-in user with given permissions, for vitest.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import type { Permission } from "../../app/me";
import { session } from "../../app/session";

/** A JSON (or problem+json, for a status >= 400) response. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" },
  });
}

/** A problem+json refusal as the registry sends it. */
export function problem(
  status: number,
  detail: string,
  errors: { loc: (string | number)[]; msg: string }[] = [],
): Response {
  return json(
    {
      type: "https://modelreg.dev/problems/invalid-input",
      title: status === 422 ? "Invalid input" : "Refused",
      status,
      detail,
      request_id: "req-1",
      errors: errors.map((error) => ({ ...error, type: "value_error" })),
    },
    status,
  );
}

/** Renders `ui` at /x inside the query client and a router, signed in with `permissions`. */
export function renderSignedIn(ui: ReactNode, permissions: Permission[]) {
  session.signIn("mrg_test");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(["me"], {
    id: "u1",
    username: "sam",
    roles: [],
    disabled: false,
    created_at: "2026-12-07T10:00:00Z",
    permissions,
  });
  const router = createMemoryRouter([{ path: "*", element: ui }], { initialEntries: ["/x"] });
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, client };
}

/** The requests the stubbed fetch received, as method, path and parsed JSON body. */
export async function sent(mock: {
  mock: { calls: unknown[][] };
}): Promise<{ method: string; path: string; body: unknown }[]> {
  return Promise.all(
    mock.mock.calls.map(async ([request]) => {
      const req = request as Request;
      const text = await req.clone().text();
      return {
        method: req.method,
        path: new URL(req.url).pathname,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
    }),
  );
}
