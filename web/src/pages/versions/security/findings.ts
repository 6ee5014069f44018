// Findings in the order a reviewer reads them (worst first) and the tab's filters over them.
import type { Schemas } from "../../../api/client";

export type Finding = Schemas["FindingRead"];
export type Severity = Finding["severity"];

export const SEVERITIES: Severity[] = ["critical", "high", "medium", "low", "info"];

export interface FindingFilter {
  blockingOnly: boolean;
  /** Only this severity; "all" shows every one. */
  severity: Severity | "all";
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Worst severity first; within one, blocking before not, then by file, rule and id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      Number(b.blocking) - Number(a.blocking) ||
      compareText(a.path, b.path) ||
      compareText(a.rule, b.rule) ||
      compareText(a.id, b.id),
  );
}

/** The sorted findings the filter lets through. */
export function filterFindings(findings: Finding[], filter: FindingFilter): Finding[] {
  return sortFindings(findings).filter(
    (f) =>
      (!filter.blockingOnly || f.blocking) &&
      (filter.severity === "all" || f.severity === filter.severity),
  );
}

/** How many findings of each severity, for the filter's option labels. */
export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
