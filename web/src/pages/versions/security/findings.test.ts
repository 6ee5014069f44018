import { describe, expect, it } from "vitest";
import { countBySeverity, filterFindings, sortFindings, type Finding } from "./findings";

function finding(
  id: string,
  severity: Finding["severity"],
  blocking: boolean,
  path = "a.pkl",
): Finding {
  return {
    id,
    severity,
    blocking,
    path,
    scanner: "artifact",
    category: "unsafe_serialization",
    rule: "pickle-global",
    message: `finding ${id}`,
    details: {},
    excepted: !blocking && severity === "critical",
    exception_id: null,
  };
}

const findings = [
  finding("low-1", "low", false),
  finding("crit-excepted", "critical", false, "b.pkl"),
  finding("info-1", "info", false),
  finding("crit-blocking", "critical", true, "z.pkl"),
  finding("high-1", "high", true),
  finding("medium-1", "medium", false),
];

describe("sortFindings", () => {
  it("puts the worst severity first and blocking before not within one", () => {
    expect(sortFindings(findings).map((f) => f.id)).toEqual([
      "crit-blocking",
      "crit-excepted",
      "high-1",
      "medium-1",
      "low-1",
      "info-1",
    ]);
  });

  it("does not reorder its input", () => {
    const input = [...findings];
    sortFindings(input);
    expect(input).toEqual(findings);
  });
});

describe("filterFindings", () => {
  it("keeps only blocking findings when asked", () => {
    const ids = filterFindings(findings, { blockingOnly: true, severity: "all" }).map((f) => f.id);
    expect(ids).toEqual(["crit-blocking", "high-1"]);
  });

  it("keeps one severity, and combines with blocking", () => {
    expect(
      filterFindings(findings, { blockingOnly: false, severity: "critical" }).map((f) => f.id),
    ).toEqual(["crit-blocking", "crit-excepted"]);
    expect(
      filterFindings(findings, { blockingOnly: true, severity: "medium" }).map((f) => f.id),
    ).toEqual([]);
  });

  it("counts findings per severity", () => {
    expect(countBySeverity(findings)).toEqual({ critical: 2, high: 1, medium: 1, low: 1, info: 1 });
  });
});
