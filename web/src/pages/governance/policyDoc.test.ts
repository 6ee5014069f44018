import { describe, expect, it } from "vitest";
import { isDocumentProblem, locateProblems, summarisePolicy } from "./policyDoc";

const DRAFT = `name: draft
approvals:
  - stage: production
    required_roles: [mrc]
rules:
  - id: sealed
    applies_to: {stages: [production], risk_tiers: [high]}
    condition: version.sealed
    severity: block
    message: Seal it.
  - id: other
    applies_to:
      stages: [prod]
    condition: version.foo
    severity: bloc
`;

function problem(loc: (string | number)[], msg = "bad") {
  return { loc, msg, type: "value_error" };
}

describe("summarisePolicy", () => {
  it("lists each rule with where it applies, what it requires and its line", () => {
    const summary = summarisePolicy(DRAFT);
    if ("error" in summary) throw new Error(summary.error);
    expect(summary.name).toBe("draft");
    expect(summary.rules[0]).toEqual({
      id: "sealed",
      description: "",
      stages: ["production"],
      riskTiers: ["high"],
      condition: "version.sealed",
      severity: "block",
      message: "Seal it.",
      line: 6,
    });
    expect(summary.rules[1]?.line).toBe(11);
    expect(summary.approvals).toEqual([
      { stage: "production", requiredRoles: ["mrc"], twoPersonTiers: [] },
    ]);
  });

  it("reports text it cannot read instead of guessing", () => {
    expect(summarisePolicy("rules:\n  - id: a\n   bad: [")).toHaveProperty("error");
  });
});

describe("locateProblems", () => {
  it("puts a problem on the line of the field the server names", () => {
    const located = locateProblems(DRAFT, [
      problem(["rules", "other", "condition"], "unknown field 'version.foo'"),
      problem(["rules", "other", "applies_to", "stages"]),
      problem(["rules", 1, "severity"]),
      problem(["approvals", "production", "required_roles"]),
      problem(["name"]),
    ]);
    expect(located.map((p) => p.line)).toEqual([14, 13, 15, 4, 1]);
    expect(located[0]?.msg).toBe("unknown field 'version.foo'");
  });

  it("falls back to the rule's line when the field is missing", () => {
    const [missing] = locateProblems(DRAFT, [problem(["rules", "sealed", "description"])]);
    expect(missing?.line).toBe(6);
  });

  it("reads the line from the message when the document is not YAML", () => {
    const broken = "name: x\nrules:\n  - id: a\n   bad: [";
    const [located] = locateProblems(broken, [
      problem(["document"], "not valid YAML at line 4, column 4: expected <block end>"),
    ]);
    expect(located).toEqual({
      line: 4,
      msg: "not valid YAML at line 4, column 4: expected <block end>",
    });
  });

  it("tells policy-text problems from problems with the other request fields", () => {
    expect(isDocumentProblem(problem(["rules", "a", "id"]))).toBe(true);
    expect(isDocumentProblem(problem(["body", "text"]))).toBe(true);
    expect(isDocumentProblem(problem(["document"]))).toBe(true);
    expect(isDocumentProblem(problem(["model"]))).toBe(false);
    expect(isDocumentProblem(problem(["body", "target_stage"]))).toBe(false);
  });
});
