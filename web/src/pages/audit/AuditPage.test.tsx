import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

// The typed client keeps the `fetch` it found when it was created: stub it before any import.
const { fetchMock } = vi.hoisted(() => {
  const mock = vi.fn();
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => mock(...args)) as typeof fetch;
  return { fetchMock: mock };
});

import { AuditPage } from "./AuditPage";

const HASH = "sha256:" + "cd".repeat(32);

function event(seq: number, action: string, subject: string, details = {}) {
  return {
    seq,
    occurred_at: "2026-12-07T10:00:00.000000Z",
    actor: "u-owner",
    action,
    subject,
    details,
    prev_hash: HASH,
    hash: HASH,
  };
}

function reply(url: URL): Response {
  const body = url.pathname.endsWith("/verify")
    ? { ok: true, checked: 3, first_broken_seq: null, reason: null, head_seq: 3, head_hash: HASH }
    : {
        items: [
          event(2, "version.sealed", "version:fraud/scorer@1.0.0", { digest: HASH }),
          event(3, "promotion.blocked", "version:fraud/scorer@1.0.0", { decision_id: "dec-1" }),
        ],
        next_cursor: url.searchParams.get("cursor") ? null : "c2",
      };
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
}

function eventRequests(): URL[] {
  return fetchMock.mock.calls
    .map(([request]) => new URL((request as Request).url))
    .filter((url) => url.pathname === "/api/v1/audit/events");
}

function renderAt(path: string) {
  fetchMock.mockImplementation((request: Request) => Promise.resolve(reply(new URL(request.url))));
  const router = createMemoryRouter([{ path: "/audit", Component: AuditPage }], {
    initialEntries: [path],
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

afterEach(() => fetchMock.mockReset());

describe("AuditPage", () => {
  it("queries the events with the filters of the URL and shows them in the form", async () => {
    renderAt("/audit?action=version.sealed&since=2026-12-01T00%3A00%3A00.000Z&page=2");
    expect(await screen.findByText(/Chain verified: 3 events/)).toBeInTheDocument();
    await screen.findByText("#2");
    const [first] = eventRequests();
    expect(first?.searchParams.get("action")).toBe("version.sealed");
    expect(first?.searchParams.get("since")).toBe("2026-12-01T00:00:00.000Z");
    expect(first?.searchParams.has("subject")).toBe(false);
    expect(first?.searchParams.has("page")).toBe(false);
    expect(screen.getByLabelText("Action")).toHaveValue("version.sealed");
  });

  it("writes applied filters to the URL, which runs the query again", async () => {
    const router = renderAt("/audit");
    await screen.findByText("#2");
    await userEvent.type(screen.getByLabelText("Subject"), "version:fraud/scorer@1.0.0");
    await userEvent.click(screen.getByRole("button", { name: "Apply filters" }));

    await vi.waitFor(() =>
      expect(router.state.location.search).toBe("?subject=version%3Afraud%2Fscorer%401.0.0"),
    );
    await vi.waitFor(() =>
      expect(eventRequests().at(-1)?.searchParams.get("subject")).toBe(
        "version:fraud/scorer@1.0.0",
      ),
    );
    expect(screen.getByRole("link", { name: "Clear filters" })).toBeInTheDocument();
  });

  it("links subjects and decisions, and pages on with the cursor", async () => {
    renderAt("/audit");
    const links = await screen.findAllByRole("link", { name: "fraud/scorer@1.0.0" });
    expect(links[0]).toHaveAttribute("href", "/models/fraud/scorer/versions/1.0.0");
    expect(screen.getByRole("link", { name: "Decision record dec-1" })).toHaveAttribute(
      "href",
      "/audit/decisions/dec-1",
    );
    expect(
      screen.getByRole("heading", { name: "#2 Version: sealed version.sealed" }),
    ).toBeVisible();
    expect(screen.getByRole("heading", { name: /^#3 Promotion: blocked/ })).toBeVisible();

    await userEvent.click(screen.getByRole("button", { name: "Later events" }));
    await vi.waitFor(() => expect(eventRequests().at(-1)?.searchParams.get("cursor")).toBe("c2"));
    expect(await screen.findByText(/Showing 4 events\./)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Later events" })).toBeNull();
  });
});
