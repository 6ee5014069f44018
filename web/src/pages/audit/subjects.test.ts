import { describe, expect, it } from "vitest";
import { actionLabel, decisionIds } from "./actions";
import { subjectLink } from "./subjects";

describe("subjectLink", () => {
  it("links a version subject to its version page", () => {
    expect(subjectLink("version:fraud/credit-scorer@1.2.0-rc.1+b5")).toEqual({
      to: "/models/fraud/credit-scorer/versions/1.2.0-rc.1%2Bb5",
      label: "fraud/credit-scorer@1.2.0-rc.1+b5",
    });
  });

  it("links a model subject to its model page", () => {
    expect(subjectLink("model:fraud/credit-scorer")).toEqual({
      to: "/models/fraud/credit-scorer",
      label: "fraud/credit-scorer",
    });
  });

  it("has no page for other subjects", () => {
    expect(subjectLink("user:01HXYZ")).toBeNull();
    expect(subjectLink("promotion:p1")).toBeNull();
    expect(subjectLink("fraud/credit-scorer@1.0.0")).toBeNull();
  });
});

describe("audit actions", () => {
  it("reads an action code as words", () => {
    expect(actionLabel("version.sealed")).toBe("Version: sealed");
    expect(actionLabel("model.risk_tier_raised")).toBe("Model: risk tier raised");
    expect(actionLabel("license_policy.updated")).toBe("License policy: updated");
  });

  it("finds decision ids anywhere in an event's details", () => {
    expect(
      decisionIds({
        promotion_id: "p1",
        decision_id: "d1",
        nested: [{ decision_id: "d2" }, { last_decision_id: "d1" }],
      }),
    ).toEqual(["d1", "d2"]);
    expect(decisionIds({ promotion_id: "p1" })).toEqual([]);
  });
});
