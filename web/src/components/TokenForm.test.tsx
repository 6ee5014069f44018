import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { session } from "../app/session";
import { TokenForm } from "./TokenForm";

function renderForm(onSignedIn = vi.fn()) {
  const client = new QueryClient();
  render(
    <QueryClientProvider client={client}>
      <TokenForm submitLabel="Sign in" onSignedIn={onSignedIn} />
    </QueryClientProvider>,
  );
  return { onSignedIn, client };
}

function respond(status: number, body: unknown) {
  return vi.fn().mockResolvedValue(
    new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" },
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  session.signOut();
});

describe("TokenForm", () => {
  it("shows the server's problem and keeps what was typed when the token is refused", async () => {
    const fetchMock = respond(401, {
      type: "https://modelreg.dev/problems/unauthenticated",
      title: "Not authenticated",
      status: 401,
      detail: "the token is unknown or revoked",
      request_id: "req-1",
    });
    vi.stubGlobal("fetch", fetchMock);
    const { onSignedIn } = renderForm();
    await userEvent.type(screen.getByLabelText("Registry token"), "mrg_wrong");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("the token is unknown or revoked");
    expect(screen.getByRole("alert")).toHaveTextContent("Request id req-1");
    expect(screen.getByLabelText("Registry token")).toHaveValue("mrg_wrong");
    expect(screen.getByLabelText("Registry token")).toHaveAttribute("aria-invalid", "true");
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(session.state()).toBe("anonymous");
    expect(fetchMock.mock.calls[0]?.[1]).toEqual({
      headers: { Authorization: "Bearer mrg_wrong" },
    });
  });

  it("signs in with an accepted token and caches who it belongs to", async () => {
    const me = { id: "u1", username: "ada", roles: ["auditor"], permissions: ["audit:read"] };
    vi.stubGlobal("fetch", respond(200, me));
    const { onSignedIn, client } = renderForm();
    await userEvent.type(screen.getByLabelText("Registry token"), "  mrg_good  ");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(me));
    expect(session.state()).toBe("active");
    expect(session.token()).toBe("mrg_good");
    expect(client.getQueryData(["me"])).toEqual(me);
  });

  it("says the registry is unreachable when fetch itself fails", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    renderForm();
    await userEvent.type(screen.getByLabelText("Registry token"), "mrg_x");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("could not be reached");
  });

  it("asks for a token instead of sending an empty one", async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Paste a registry token");
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
