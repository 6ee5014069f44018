import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, renderWithClient, stubFetch } from "./testing";
import { PromotionRequestForm, suggestedTarget } from "./PromotionRequestForm";

afterEach(() => vi.unstubAllGlobals());

const blocked = {
  id: "p1",
  model: "fraud/scorer",
  version: "1.0.0",
  from_stage: "submitted",
  target_stage: "staging",
  state: "blocked",
  rationale: "first candidate",
  requested_by: "u1",
  requested_by_name: "olivia-owner",
  version_digest: "sha256:aa",
  policy_set: 1,
  policy_digest: "sha256:bb",
  approvals: [],
  approval_status: {},
  decision_id: "d1",
  created_at: "2026-12-07T12:00:00Z",
  updated_at: "2026-12-07T12:00:00Z",
  results: [
    {
      rule_id: "staging-sealed-version",
      description: "A staging version is sealed.",
      severity: "block",
      passed: true,
      message: "",
      error: null,
    },
    {
      rule_id: "security-no-blocking-findings",
      description: "No open finding at or above the blocking severity.",
      severity: "block",
      passed: false,
      message: "Fix the blocking findings listed by `modelreg scan`.",
      error: null,
    },
    {
      rule_id: "security-advisories-fresh",
      description: "The advisory database is fresh.",
      severity: "warn",
      passed: false,
      message: "Import a current OSV export.",
      error: null,
    },
  ],
};

describe("PromotionRequestForm", () => {
  it("shows a blocked verdict rule by rule, blocking rules first", async () => {
    const seen = stubFetch(json(201, blocked));
    renderWithClient(
      <PromotionRequestForm group="fraud" name="scorer" versionId="1.0.0" stage="submitted" />,
    );
    expect(screen.getByLabelText("Target stage")).toHaveValue("staging");
    await userEvent.type(screen.getByLabelText("Rationale"), "first candidate");
    await userEvent.click(screen.getByRole("button", { name: "Request promotion" }));

    const verdict = await screen.findByRole("region", { name: /Promotion to staging/ });
    expect(verdict).toHaveTextContent("blocked");
    expect(verdict).toHaveTextContent("1 blocking rule did not pass");
    const rules = within(verdict).getAllByRole("listitem");
    expect(rules.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^blocks security-no-blocking-findings.*Fix the blocking findings/),
      expect.stringMatching(/^warning security-advisories-fresh.*Import a current OSV export/),
      expect.stringMatching(/^passed staging-sealed-version/),
    ]);
    expect(within(verdict).getByRole("link")).toHaveAttribute("href", "/approvals/p1");
    expect(await seen[0]!.json()).toEqual({
      target_stage: "staging",
      rationale: "first candidate",
    });
  });

  it("shows the server's refusal of a move the lifecycle does not allow", async () => {
    stubFetch(
      json(409, {
        type: "https://modelreg.dev/problems/wrong-state",
        title: "Conflict",
        status: 409,
        detail: "a draft version cannot move to staging; allowed from draft: submitted",
      }),
    );
    renderWithClient(
      <PromotionRequestForm group="fraud" name="scorer" versionId="1.0.0" stage="draft" />,
    );
    await userEvent.selectOptions(screen.getByLabelText("Target stage"), "staging");
    await userEvent.type(screen.getByLabelText("Rationale"), "skip review");
    await userEvent.click(screen.getByRole("button", { name: "Request promotion" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("allowed from draft: submitted");
    expect(screen.getByLabelText("Rationale")).toHaveValue("skip review");
  });

  it("asks for a rationale before sending", async () => {
    const seen = stubFetch();
    renderWithClient(
      <PromotionRequestForm group="fraud" name="scorer" versionId="1.0.0" stage="draft" />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Request promotion" }));
    expect(await screen.findByText("Write a rationale: approvers read it.")).toBeInTheDocument();
    expect(seen).toHaveLength(0);
  });

  it("suggests the next stage in lifecycle order", () => {
    expect(suggestedTarget("draft")).toBe("submitted");
    expect(suggestedTarget("staging")).toBe("production");
    expect(suggestedTarget("rejected")).toBe("archived");
  });
});
