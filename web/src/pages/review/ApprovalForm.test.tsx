import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

// The typed client keeps the fetch it was created with, so the stub goes in before any import.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn();
  vi.stubGlobal("fetch", mock);
  return mock;
});

import { ApprovalForm } from "./ApprovalForm";
import type { Promotion, Role } from "./approvalState";

const promotion: Promotion = {
  id: "p42",
  model: "fraud/scorer",
  version: "1.2.0",
  from_stage: "staging",
  target_stage: "production",
  state: "awaiting_approval",
  rationale: "Q3 retrain",
  requested_by: "u-owner",
  requested_by_name: "olivia",
  version_digest: "sha256:aa",
  policy_set: 1,
  policy_digest: "sha256:bb",
  approvals: [],
  approval_status: {
    required_roles: ["mrc", "security_architect"],
    missing_roles: ["mrc", "security_architect"],
    satisfied: false,
    two_person: true,
    distinct_approvers: 0,
  },
  results: [],
  decision_id: "d1",
  created_at: "2026-12-01T10:00:00Z",
  updated_at: "2026-12-01T10:00:00Z",
};

function respond(status: number, body: unknown) {
  fetchMock.mockResolvedValue(
    new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" },
    }),
  );
}

function renderForm(roles: Role[], onDecided = vi.fn()) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApprovalForm promotion={promotion} roles={roles} onDecided={onDecided} />
    </QueryClientProvider>,
  );
  return onDecided;
}

async function sentBody(): Promise<unknown> {
  const request = fetchMock.mock.calls[0]?.[0] as Request;
  expect(request.url).toMatch(/\/api\/v1\/promotions\/p42\/approvals$/);
  expect(request.method).toBe("POST");
  return request.json();
}

afterEach(() => {
  fetchMock.mockReset();
  sessionStorage.clear();
});

describe("ApprovalForm", () => {
  it("keeps the rationale and shows the server's refusal beside the form", async () => {
    respond(403, {
      type: "https://modelreg.dev/problems/forbidden",
      title: "Forbidden",
      status: 403,
      detail: "separation of duties: you cannot approve your own request",
      request_id: "req-7",
    });
    const onDecided = renderForm(["mrc"]);
    await userEvent.type(screen.getByLabelText("Rationale"), "Bias review MRC-2026-114 passed");
    await userEvent.click(screen.getByRole("button", { name: "Approve" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Your decision failed: Forbidden");
    expect(alert).toHaveTextContent("you cannot approve your own request");
    expect(alert).toHaveTextContent("Request id req-7");
    expect(screen.getByLabelText("Rationale")).toHaveValue("Bias review MRC-2026-114 passed");
    expect(sessionStorage.getItem("modelreg.draft.approval.p42")).toBe(
      "Bias review MRC-2026-114 passed",
    );
    expect(onDecided).not.toHaveBeenCalled();
    // One required role held: the server picks it, no role is sent.
    expect(await sentBody()).toEqual({
      decision: "approve",
      rationale: "Bias review MRC-2026-114 passed",
      role: null,
    });
  });

  it("asks for a rationale before sending anything", async () => {
    renderForm(["mrc"]);
    await userEvent.click(screen.getByRole("button", { name: "Reject" }));
    expect(screen.getByLabelText("Rationale")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText(/Say why/)).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("lets someone holding two required roles choose one, sends it, and clears the draft", async () => {
    const updated: Promotion = {
      ...promotion,
      approvals: [
        {
          approver: "u-both",
          approver_name: "bo",
          role: "security_architect",
          decision: "reject",
          rationale: "threat model missing",
          version_digest: "sha256:aa",
          policy_digest: "sha256:bb",
          created_at: "2026-12-01T11:00:00Z",
        },
      ],
      state: "rejected",
    };
    respond(200, updated);
    const onDecided = renderForm(["mrc", "security_architect"]);
    await userEvent.type(screen.getByLabelText("Rationale"), "threat model missing");
    await userEvent.click(screen.getByRole("button", { name: "Reject" }));
    expect(screen.getByText("Choose the role you decide in.")).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("radio", { name: "Security" }));
    await userEvent.click(screen.getByRole("button", { name: "Reject" }));
    await vi.waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(onDecided.mock.calls[0]?.[0]).toMatch(/^Rejected\. The request is now rejected/);
    expect(await sentBody()).toEqual({
      decision: "reject",
      rationale: "threat model missing",
      role: "security_architect",
    });
    expect(screen.getByLabelText("Rationale")).toHaveValue("");
    expect(sessionStorage.getItem("modelreg.draft.approval.p42")).toBeNull();
  });
});
