import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SearchPage } from "./SearchPage";

// The typed client keeps the `fetch` it saw when created, so the stub is installed before imports.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

function model(group: string, name: string, tier: "low" | "medium" | "high") {
  return {
    group,
    name,
    full_name: `${group}/${name}`,
    description: `${name} description`,
    risk_tier: tier,
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
}

const MODELS = [model("fraud", "credit-scorer", "high"), model("fraud", "churn", "low")];

/** Answers the API like the server would, recording each request's URL. */
/** Answers the API as the console calls it; facet counts only when `facets` is set. */
function stubApi({ facets = false } = {}) {
  const urls: URL[] = [];
  fetchMock.mockImplementation(async (input: Request | string) => {
    const url = new URL(input instanceof Request ? input.url : input);
    urls.push(url);
    let body: unknown = { items: [], next_cursor: null };
    if (url.pathname === "/api/v1/models") {
      const q = url.searchParams.get("q") ?? "";
      body = { items: MODELS.filter((m) => m.name.startsWith(q)), next_cursor: null };
    } else if (url.pathname === "/api/v1/models/facets") {
      if (!facets) return new Response("{}", { status: 404 });
      const empty = { values: [], truncated: false };
      body = {
        group: { values: [{ value: "fraud", count: 2 }], truncated: false },
        risk_tier: {
          values: [
            { value: "high", count: 1 },
            { value: "low", count: 1 },
          ],
          truncated: false,
        },
        stage: empty,
        framework: empty,
        task: empty,
        owner: empty,
        license: { values: [{ value: "Apache-2.0", count: 2 }], truncated: false },
        tag: empty,
        blocking_findings: { values: [{ value: "false", count: 2 }], truncated: false },
      };
    } else if (url.pathname === "/api/v1/versions") {
      body = { items: [], next_cursor: null };
    } else if (url.pathname.endsWith("/versions")) {
      body = {
        items: [{ version: "1.0.0", stage: "production", model: "x", digest: "sha256:ab" }],
        next_cursor: null,
      };
    }
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
  });
  return urls;
}

function renderAt(entry: string) {
  const router = createMemoryRouter([{ path: "/", Component: SearchPage }], {
    initialEntries: [entry],
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const modelSearches = (urls: URL[]) => urls.filter((u) => u.pathname === "/api/v1/models");

afterEach(() => {
  fetchMock.mockReset();
});

describe("SearchPage", () => {
  it("searches as you type with one request per pause, replacing the history entry", async () => {
    const urls = stubApi();
    const router = renderAt("/");
    expect(await screen.findByRole("link", { name: "fraud/churn" })).toBeVisible();
    await userEvent.type(screen.getByLabelText("Search models and versions"), "cre");

    await waitFor(() => expect(router.state.location.search).toBe("?q=cre"));
    expect(router.state.historyAction).toBe("REPLACE");
    await waitFor(() => expect(screen.queryByRole("link", { name: "fraud/churn" })).toBeNull());
    expect(screen.getByRole("link", { name: "fraud/credit-scorer" })).toHaveAttribute(
      "href",
      "/models/fraud/credit-scorer",
    );
    expect(screen.getByRole("status")).toHaveTextContent("1 model");
    // The keystrokes came faster than the debounce: only the empty and the final query were sent.
    expect(modelSearches(urls).map((u) => u.searchParams.get("q"))).toEqual([null, "cre"]);
  });

  it("restores the search from the URL and sends its filters", async () => {
    const urls = stubApi();
    renderAt("/?q=churn&risk_tier=low&sort=-updated_at&tag=team%3Drisk");
    expect(await screen.findByRole("link", { name: "fraud/churn" })).toBeVisible();
    expect(screen.getByLabelText("Search models and versions")).toHaveValue("churn");
    expect(screen.getByLabelText("Sort by")).toHaveValue("-updated_at");
    const tier = screen.getByRole("group", { name: "Risk tier" });
    expect(within(tier).getByLabelText("low")).toBeChecked();
    expect(screen.getByRole("button", { name: "Remove filter Tag: team=risk" })).toBeVisible();
    const sent = modelSearches(urls)[0]!.searchParams;
    expect(sent.get("q")).toBe("churn");
    expect(sent.get("risk_tier")).toBe("low");
    expect(sent.get("sort")).toBe("-updated_at");
    expect(sent.getAll("tag")).toEqual(["team=risk"]);
  });

  it("shows facet counts, asked for with the search's filters but no sort", async () => {
    const urls = stubApi({ facets: true });
    renderAt("/?q=ch&risk_tier=high");
    const tier = await screen.findByRole("group", { name: "Risk tier" });
    await waitFor(() => expect(within(tier).getByLabelText("high 1 model")).toBeChecked());
    expect(within(tier).getByLabelText("low 1 model")).not.toBeChecked();
    const license = screen.getByRole("group", { name: "License" });
    await waitFor(() => expect(within(license).getByText("Apache-2.0")).toBeVisible());
    const facets = urls.find((url) => url.pathname === "/api/v1/models/facets");
    expect(facets?.searchParams.get("q")).toBe("ch");
    expect(facets?.searchParams.get("risk_tier")).toBe("high");
    expect(facets?.searchParams.has("sort")).toBe(false);
  });

  it("choosing a facet pushes a history entry with the filter", async () => {
    stubApi();
    const router = renderAt("/");
    await screen.findByRole("link", { name: "fraud/churn" });
    const tier = screen.getByRole("group", { name: "Risk tier" });
    await userEvent.click(within(tier).getByLabelText("high"));
    await waitFor(() => expect(router.state.location.search).toBe("?risk_tier=high"));
    expect(router.state.historyAction).toBe("PUSH");
    await userEvent.click(screen.getByRole("button", { name: "Versions" }));
    await waitFor(() => expect(router.state.location.search).toBe("?view=versions&risk_tier=high"));
    // The versions search takes no license filter: that facet is not offered there.
    expect(screen.queryByRole("group", { name: "License" })).toBeNull();
    expect(screen.getByRole("group", { name: "Risk tier" })).toBeVisible();
  });

  it("moves through results with the arrow keys, and / and Escape work on the box", async () => {
    stubApi();
    const router = renderAt("/?q=c");
    // In the order the server answered.
    const first = await screen.findByRole("link", { name: "fraud/credit-scorer" });
    const second = screen.getByRole("link", { name: "fraud/churn" });
    const box = screen.getByLabelText("Search models and versions");

    await userEvent.click(document.body);
    await userEvent.keyboard("/");
    expect(box).toHaveFocus();
    expect(box).toHaveValue("c");
    await userEvent.keyboard("{ArrowDown}");
    expect(first).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    expect(second).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    expect(second).toHaveFocus();
    await userEvent.keyboard("{ArrowUp}{ArrowUp}");
    expect(box).toHaveFocus();

    // "/" typed into another field is just a character.
    const other = screen.getByLabelText("Group is");
    await userEvent.type(other, "a/b");
    expect(other).toHaveValue("a/b");

    await userEvent.click(box);
    await userEvent.keyboard("{Escape}");
    expect(box).toHaveValue("");
    await waitFor(() => expect(router.state.location.search).toBe(""));
  });
});
