import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

// The typed client keeps the `fetch` it found when it was created, so the stub must be in
// place before any module imports it: hoisted above the imports, delegating to a mock per test.
const { fetchMock } = vi.hoisted(() => {
  const mock = vi.fn();
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => mock(...args)) as typeof fetch;
  return { fetchMock: mock };
});

import { VerificationPanel } from "./VerificationPanel";
import { runVerification, useVerification } from "./verification";

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" },
  });
}

const HEAD = "sha256:" + "ab".repeat(32);

function Panel() {
  const query = useVerification();
  return <VerificationPanel query={query} onVerify={() => void query.refetch()} />;
}

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Panel />
    </QueryClientProvider>,
  );
}

afterEach(() => fetchMock.mockReset());

describe("VerificationPanel", () => {
  it("shows a skeleton, then the verified count, head hash and timing; verifies again", async () => {
    let resolve: (r: Response) => void = () => {};
    fetchMock
      .mockReturnValueOnce(new Promise<Response>((r) => (resolve = r)))
      .mockResolvedValueOnce(
        json(200, {
          ok: true,
          checked: 1235,
          first_broken_seq: null,
          reason: null,
          head_seq: 1235,
          head_hash: HEAD,
        }),
      );
    renderPanel();
    expect(screen.getByText("Verifying the chain…")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Verifying…" })).toBeDisabled();

    resolve(
      json(200, {
        ok: true,
        checked: 1234,
        first_broken_seq: null,
        reason: null,
        head_seq: 1234,
        head_hash: HEAD,
      }),
    );
    const status = await screen.findByText(/Chain verified: 1,234 events/);
    const panel = within(status.closest("[role=status]") as HTMLElement);
    expect(panel.getByText("verified")).toBeInTheDocument();
    expect(panel.getByText(/event #1234/)).toBeInTheDocument();
    expect(panel.getByTitle(HEAD)).toHaveTextContent("sha256:abababababab…");
    expect(panel.getByText(/took \d+ ms \(round trip\)/)).toBeInTheDocument();
    expect(String(fetchMock.mock.calls[0]?.[0].url)).toMatch(/\/api\/v1\/audit\/verify$/);

    await userEvent.click(screen.getByRole("button", { name: "Verify again" }));
    expect(await screen.findByText(/Chain verified: 1,235 events/)).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("says where the chain broke and why, not by colour alone", async () => {
    fetchMock.mockResolvedValue(
      json(200, {
        ok: false,
        checked: 41,
        first_broken_seq: 42,
        reason: "hash mismatch: the event was changed after it was written",
        head_seq: 90,
        head_hash: HEAD,
      }),
    );
    renderPanel();
    expect(await screen.findByText("Chain broken at event #42")).toBeInTheDocument();
    expect(screen.getByText("broken")).toBeInTheDocument();
    expect(screen.getByText(/hash mismatch: the event was changed/)).toBeInTheDocument();
    expect(screen.getByText(/41 events checked before the break; head is event #90/)).toBeVisible();
    expect(screen.queryByText(/Chain verified/)).toBeNull();
  });

  it("shows the server's problem when the caller may not verify", async () => {
    fetchMock.mockResolvedValue(
      json(403, {
        type: "https://modelreg.dev/problems/forbidden",
        title: "Forbidden",
        status: 403,
        detail: "needs audit:read",
        request_id: "req-9",
      }),
    );
    renderPanel();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Verifying the chain failed: Forbidden");
    expect(alert).toHaveTextContent("needs audit:read");
    expect(screen.getByRole("button", { name: "Verify again" })).toBeEnabled();
  });
});

describe("runVerification", () => {
  it("measures the round trip", async () => {
    fetchMock.mockResolvedValue(
      json(200, {
        ok: true,
        checked: 0,
        first_broken_seq: null,
        reason: null,
        head_seq: 0,
        head_hash: "",
      }),
    );
    const clock = vi.fn().mockReturnValueOnce(100).mockReturnValueOnce(1_345.6);
    const run = await runVerification(clock);
    expect(run.tookMs).toBe(1246);
    expect(run.result.checked).toBe(0);
    expect(Number.isNaN(Date.parse(run.checkedAt))).toBe(false);
  });
});
