import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { session } from "../../app/session";
import { ModelPage } from "./ModelPage";

// The typed client keeps the `fetch` it saw when created, so the stub is installed before imports.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

const MODEL = {
  group: "fraud",
  name: "scorer",
  full_name: "fraud/scorer",
  description: "Scores card payments.",
  risk_tier: "high",
  pending_risk_tier: null,
  owners: ["olivia"],
  tags: { team: "risk" },
  task: "classification",
  framework: "sklearn",
  license: "MIT",
  latest_version: "1.0.0",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-02T00:00:00Z",
};

const VERSION = {
  model: "fraud/scorer",
  version: "1.0.0",
  stage: "production",
  description: "",
  tags: {},
  is_prerelease: false,
  sealed: true,
  digest: "sha256:" + "ab".repeat(32),
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" },
  });
}

const sent: { method: string; path: string; query: URLSearchParams; body: unknown }[] = [];

function stubApi() {
  fetchMock.mockImplementation(async (request: Request) => {
    const url = new URL(request.url);
    const body = request.method === "GET" ? null : await request.json();
    sent.push({ method: request.method, path: url.pathname, query: url.searchParams, body });
    const base = "/api/v1/models/fraud/scorer";
    if (request.method === "POST" && url.pathname === `${base}/versions`) {
      return json(422, {
        type: "https://modelreg.dev/problems/invalid-input",
        title: "Invalid input",
        status: 422,
        detail: "1 field is invalid",
        errors: [{ loc: ["body", "version"], msg: "not a SemVer 2.0.0 version", type: "x" }],
      });
    }
    if (request.method === "PATCH") {
      return json(403, {
        type: "https://modelreg.dev/problems/forbidden",
        title: "Forbidden",
        status: 403,
        detail: "only an owner of fraud/scorer may change it",
      });
    }
    if (url.pathname === base) return json(200, MODEL);
    if (url.pathname === `${base}/versions`)
      return json(200, { items: [VERSION], next_cursor: null });
    if (url.pathname === `${base}/history`) {
      return json(200, {
        model: "fraud/scorer",
        at: url.searchParams.get("at"),
        stages: { production: ["1.0.0"] },
      });
    }
    if (url.pathname === `${base}/risk-tier-changes`) return json(200, []);
    return json(404, { type: "about:blank", title: "Not found", status: 404 });
  });
}

function renderAs(permissions: string[]) {
  session.signIn("mrg_test");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(["me"], {
    id: "u1",
    username: "olivia",
    roles: [],
    disabled: false,
    created_at: "2026-01-01T00:00:00Z",
    permissions,
  });
  const router = createMemoryRouter([{ path: "/models/:group/:name", Component: ModelPage }], {
    initialEntries: ["/models/fraud/scorer"],
  });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  fetchMock.mockReset();
  sent.length = 0;
  session.signOut();
});

describe("ModelPage", () => {
  it("shows the overview, versions, stages and tier changes, loaded in parallel", async () => {
    stubApi();
    renderAs(["models:read"]);
    expect(screen.getByRole("heading", { level: 1, name: "fraud/scorer" })).toBeVisible();
    expect(await screen.findByText("Scores card payments.")).toBeVisible();
    const table = await screen.findByRole("table");
    expect(within(table).getByRole("link", { name: "1.0.0" })).toHaveAttribute(
      "href",
      "/models/fraud/scorer/versions/1.0.0",
    );
    expect(within(table).getByText("production")).toBeVisible();
    expect(await screen.findByText("No tier changes")).toBeVisible();
    // Every section asked at once, before the model had answered.
    const paths = sent
      .slice(0, 4)
      .map((call) => call.path.replace("/api/v1/models/fraud/scorer", ""));
    expect(new Set(paths)).toEqual(new Set(["", "/versions", "/history", "/risk-tier-changes"]));
    // A reader gets no actions.
    expect(screen.queryByRole("button", { name: "Edit details" })).toBeNull();
    expect(screen.queryByRole("button", { name: "New draft version" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Request tier change" })).toBeNull();
  });

  it("sorts the versions by a column header", async () => {
    stubApi();
    renderAs(["models:read"]);
    await screen.findByRole("table");
    await userEvent.click(screen.getByRole("button", { name: /^Created/ }));
    await waitFor(() =>
      expect(
        sent.some(
          (call) => call.path.endsWith("/versions") && call.query.get("sort") === "-created_at",
        ),
      ).toBe(true),
    );
    const created = screen.getByRole("columnheader", { name: /Created/ });
    await waitFor(() => expect(created).toHaveAttribute("aria-sort", "descending"));
  });

  it("shows the server's SemVer message beside the field and keeps what was typed", async () => {
    stubApi();
    renderAs(["models:read", "models:write"]);
    await userEvent.click(await screen.findByRole("button", { name: "New draft version" }));
    const form = screen.getByRole("form", { name: "New draft version" });
    await userEvent.type(within(form).getByLabelText("Version"), "v1");
    await userEvent.type(within(form).getByLabelText("Description"), "retrained");
    await userEvent.click(within(form).getByRole("button", { name: "Create draft version" }));

    const field = within(form).getByLabelText("Version");
    await waitFor(() => expect(field).toHaveAttribute("aria-invalid", "true"));
    expect(field).toHaveAccessibleDescription(/not a SemVer 2\.0\.0 version/);
    expect(field).toHaveValue("v1");
    expect(within(form).getByLabelText("Description")).toHaveValue("retrained");
    expect(sent.find((call) => call.method === "POST")?.body).toEqual({
      version: "v1",
      description: "retrained",
    });
  });

  it("shows the server's refusal of an edit and keeps the form", async () => {
    stubApi();
    renderAs(["models:read", "models:write"]);
    await userEvent.click(await screen.findByRole("button", { name: "Edit details" }));
    const form = screen.getByRole("form", { name: "Edit model details" });
    const description = within(form).getByLabelText("Description");
    await userEvent.clear(description);
    await userEvent.type(description, "New words");
    await userEvent.click(within(form).getByRole("button", { name: "Save changes" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "only an owner of fraud/scorer may change it",
    );
    expect(description).toHaveValue("New words");
    // Only what changed is sent.
    expect(sent.find((call) => call.method === "PATCH")?.body).toEqual({
      description: "New words",
    });
  });
});
