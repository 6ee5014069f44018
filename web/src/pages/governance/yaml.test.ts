import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseYaml, toPlain, YamlError } from "./yaml";

// Vitest runs in web/; the pack is the one the server installs on first start.
const PACK = join(process.cwd(), "..", "src", "modelreg", "policy", "default_pack.yaml");

describe("parseYaml", () => {
  it("reads the default policy pack as the server does", () => {
    const text = readFileSync(PACK, "utf8");
    const pack = toPlain(parseYaml(text)) as {
      name: string;
      description: string;
      approvals: { stage: string; required_roles: string[]; two_person_tiers: string[] }[];
      rules: { id: string; applies_to: { stages: string[] }; condition: string }[];
    };
    expect(pack.name).toBe("default");
    expect(pack.description).toMatch(/^Baseline governance: .* security\.$/);
    expect(pack.description).not.toContain("\n");
    expect(pack.approvals).toEqual([
      {
        stage: "production",
        required_roles: ["mrc", "security_architect"],
        two_person_tiers: ["medium", "high"],
      },
    ]);
    expect(pack.rules.map((rule) => rule.id)).toContain("publisher-signed-high-risk");
    const fresh = pack.rules.find((rule) => rule.id === "security-advisories-fresh");
    expect(fresh?.condition).toBe("!scans.advisories.empty && !scans.advisories.stale");
    expect(fresh?.applies_to.stages).toEqual(["staging", "production"]);
  });

  it("keeps the line of every key and sequence item", () => {
    const root = parseYaml("name: x\n\nrules:\n  # first\n  - id: a\n    severity: warn\n");
    expect(root.kind).toBe("map");
    if (root.kind !== "map") return;
    const rules = root.entries[1];
    expect(rules?.line).toBe(3);
    expect(rules?.value.kind === "seq" && rules.value.items[0]?.line).toBe(5);
  });

  it("reads block, quoted and flow scalars the way PyYAML does", () => {
    const text = [
      "a: |",
      "  one",
      "    two",
      "b: >-",
      "  folded",
      "  text",
      "",
      "  para",
      "c: 'it''s # not a comment'",
      'd: "tab\\there"',
      "e: {x: 1, y: [true, null, 1.5, 'q, r']}",
      "f: plain # comment",
      "  continued",
      "g:",
      "- compact",
      "h: ~",
    ].join("\n");
    expect(toPlain(parseYaml(text))).toEqual({
      a: "one\n  two\n",
      b: "folded text\npara",
      c: "it's # not a comment",
      d: "tab\there",
      e: { x: 1, y: [true, null, 1.5, "q, r"] },
      f: "plain continued",
      g: ["compact"],
      h: null,
    });
  });

  it("says which line it cannot read", () => {
    expect(() => parseYaml("rules:\n  - id: a\n   bad: [")).toThrow(YamlError);
    try {
      parseYaml("a: 1\na: 2\n");
    } catch (caught) {
      expect((caught as YamlError).line).toBe(2);
    }
  });
});
