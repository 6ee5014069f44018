// What a policy document holds (see src/modelreg/policy/document.py), read for display, and where
// in the text a problem the server reports lies.
import type { Schemas } from "../../api/client";
import { parseYaml, toPlain, YamlError, type YamlNode } from "./yaml";

type FieldProblem = Schemas["FieldProblem"];

export interface RuleSummary {
  id: string;
  description: string;
  stages: string[];
  /** Empty: every risk tier. */
  riskTiers: string[];
  condition: string;
  severity: string;
  message: string;
  line: number;
}

export interface ApprovalSummary {
  stage: string;
  requiredRoles: string[];
  twoPersonTiers: string[];
}

export interface PolicySummary {
  name: string;
  description: string;
  rules: RuleSummary[];
  approvals: ApprovalSummary[];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : value == null ? "" : String(value);
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text) : [];
}

function items(node: YamlNode, key: string): YamlNode[] {
  if (node.kind !== "map") return [];
  const found = node.entries.find((entry) => entry.key === key)?.value;
  return found?.kind === "seq" ? found.items : [];
}

/** The rules and approvals of a policy document, or the reason it cannot be read. */
export function summarisePolicy(source: string): PolicySummary | { error: string } {
  let root: YamlNode;
  try {
    root = parseYaml(source);
  } catch (caught) {
    return { error: caught instanceof Error ? caught.message : String(caught) };
  }
  const top = record(toPlain(root));
  return {
    name: text(top.name),
    description: text(top.description),
    rules: items(root, "rules").map((node) => {
      const rule = record(toPlain(node));
      const applies = record(rule.applies_to);
      return {
        id: text(rule.id),
        description: text(rule.description),
        stages: texts(applies.stages),
        riskTiers: texts(applies.risk_tiers),
        condition: text(rule.condition),
        severity: text(rule.severity),
        message: text(rule.message),
        line: node.line,
      };
    }),
    approvals: items(root, "approvals").map((node) => {
      const approval = record(toPlain(node));
      return {
        stage: text(approval.stage),
        requiredRoles: texts(approval.required_roles),
        twoPersonTiers: texts(approval.two_person_tiers),
      };
    }),
  };
}

export interface LocatedProblem {
  /** 1-based line in the document, or null when the problem names no place in it. */
  line: number | null;
  msg: string;
}

const AT_LINE = /\bline (\d+)(?:, column \d+)?/;

/** The server names a rule by its id and an approval by its stage, or by index when it has none. */
function sequenceItem(node: YamlNode, part: string | number): YamlNode | undefined {
  if (node.kind !== "seq") return undefined;
  if (typeof part === "number") return node.items[part];
  return node.items.find((item) => {
    if (item.kind !== "map") return false;
    return item.entries.some(
      (entry) =>
        (entry.key === "id" || entry.key === "stage") &&
        entry.value.kind === "scalar" &&
        String(entry.value.value) === part,
    );
  });
}

/** The line of the deepest part of `loc` that exists in the document (a missing field: its rule). */
export function lineOf(root: YamlNode, loc: (string | number)[]): number | null {
  let node: YamlNode | undefined = root;
  let line: number | null = null;
  for (const part of loc) {
    if (!node) break;
    if (node.kind === "map") {
      const entry: { line: number; value: YamlNode } | undefined = node.entries.find(
        (candidate) => candidate.key === String(part),
      );
      if (!entry) break;
      line = entry.line;
      node = entry.value;
    } else {
      node = sequenceItem(node, part);
      if (node) line = node.line;
    }
  }
  return line;
}

/** Parts of a location that point into the policy text rather than at other request fields. */
const DOCUMENT_ROOTS = new Set(["document", "name", "description", "rules", "approvals"]);

/** True when a field problem is about the policy text (not the model, version or stage). */
export function isDocumentProblem(problem: FieldProblem): boolean {
  const loc = problem.loc.filter((part) => part !== "body");
  const first = loc[0];
  return first === "text" || (typeof first === "string" && DOCUMENT_ROOTS.has(first));
}

/** Places each of the server's problems with a policy text on a line of `source`. */
export function locateProblems(source: string, problems: FieldProblem[]): LocatedProblem[] {
  let root: YamlNode | null = null;
  try {
    root = parseYaml(source);
  } catch (caught) {
    if (!(caught instanceof YamlError)) throw caught;
  }
  return problems.map((problem) => {
    const loc = problem.loc.filter((part) => part !== "body" && part !== "text");
    const stated = AT_LINE.exec(problem.msg);
    if (loc[0] === "document" || loc.length === 0) {
      return { line: stated ? Number(stated[1]) : null, msg: problem.msg };
    }
    return { line: root ? lineOf(root, loc) : null, msg: problem.msg };
  });
}
