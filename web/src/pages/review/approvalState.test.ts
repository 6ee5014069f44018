import { describe, expect, it } from "vitest";
import {
  describeMissing,
  approvalStatus,
  isWaitingForMe,
  rolesICanGive,
  whyNotMine,
  type Promotion,
  type Viewer,
} from "./approvalState";

type Approval = Promotion["approvals"][number];

function promotion(overrides: Partial<Promotion> = {}, missing = ["mrc", "security_architect"]) {
  const base: Promotion = {
    id: "p1",
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
      missing_roles: missing,
      satisfied: missing.length === 0,
      two_person: true,
      distinct_approvers: 2 - missing.length,
    },
    results: [],
    decision_id: "d1",
    created_at: "2026-12-01T10:00:00Z",
    updated_at: "2026-12-01T10:00:00Z",
  };
  return { ...base, ...overrides };
}

function approval(
  approver: string,
  role: Approval["role"],
  decision: Approval["decision"] = "approve",
): Approval {
  return {
    approver,
    role,
    decision,
    rationale: "ok",
    version_digest: "sha256:aa",
    policy_digest: "sha256:bb",
    created_at: "2026-12-01T11:00:00Z",
  };
}

const mrc: Viewer = { id: "u-mrc", username: "mark", roles: ["mrc"] };
const security: Viewer = { id: "u-sec", username: "sam", roles: ["security_architect"] };
const auditor: Viewer = { id: "u-aud", username: "ada", roles: ["auditor"] };
const both: Viewer = { id: "u-both", username: "bo", roles: ["mrc", "security_architect"] };

describe("waiting for me", () => {
  it("lists a request that still needs one of my roles", () => {
    expect(isWaitingForMe(promotion(), mrc)).toBe(true);
    expect(isWaitingForMe(promotion(), security)).toBe(true);
    expect(isWaitingForMe(promotion(), auditor)).toBe(false);
  });

  it("drops it once my role is covered, by me or by someone else", () => {
    const afterMe = promotion({ approvals: [approval("u-mrc", "mrc")] }, ["security_architect"]);
    expect(isWaitingForMe(afterMe, mrc)).toBe(false);
    expect(whyNotMine(afterMe, mrc)).toBe("You have already decided on this request.");
    expect(isWaitingForMe(afterMe, security)).toBe(true);
    const coveredByOther = promotion({ approvals: [approval("u-other", "mrc")] }, [
      "security_architect",
    ]);
    expect(isWaitingForMe(coveredByOther, mrc)).toBe(false);
    expect(whyNotMine(coveredByOther, mrc)).toBe("None of your roles is still needed.");
  });

  it("never lists my own request or a model I own (separation of duties)", () => {
    expect(isWaitingForMe(promotion({ requested_by: "u-mrc" }), mrc)).toBe(false);
    expect(whyNotMine(promotion({ requested_by: "u-mrc" }), mrc)).toBe(
      "You requested this promotion.",
    );
    expect(isWaitingForMe(promotion(), mrc, ["mark"])).toBe(false);
    expect(whyNotMine(promotion(), mrc, ["mark"])).toBe("You own this model.");
  });

  it("under the two-person rule one person covers one role only", () => {
    expect(rolesICanGive(promotion(), both)).toEqual(["mrc", "security_architect"]);
    const afterMrc = promotion({ approvals: [approval("u-both", "mrc")] }, ["security_architect"]);
    expect(rolesICanGive(afterMrc, both)).toEqual([]);
    const single = promotion({ approvals: [approval("u-both", "mrc")] }, ["security_architect"]);
    single.approval_status = { ...single.approval_status, two_person: false };
    expect(rolesICanGive(single, both)).toEqual(["security_architect"]);
  });

  it("ignores requests that are no longer open", () => {
    expect(isWaitingForMe(promotion({ state: "executed" }), mrc)).toBe(false);
    expect(whyNotMine(promotion({ state: "rejected" }), mrc)).toBe("This request is rejected.");
  });
});

describe("describeMissing", () => {
  it("names the missing roles and the two-person count", () => {
    expect(describeMissing(approvalStatus(promotion()))).toBe(
      "needs MRC and Security; two-person rule: 0 of 2",
    );
    expect(describeMissing(approvalStatus(promotion({}, ["security_architect"])))).toBe(
      "needs Security; two-person rule: 1 of 2",
    );
  });

  it("says when nothing is missing and leaves out the rule where it does not apply", () => {
    const done = promotion({}, []);
    done.approval_status = { ...done.approval_status, two_person: false };
    expect(describeMissing(approvalStatus(done))).toBe("approvals complete");
  });
});
