import { describe, expect, it } from "vitest";
import { formatTags, parseMetadata, parseTags } from "./keyValues";

describe("tags", () => {
  it("round-trips key=value lines, ignoring blank lines and keeping = in values", () => {
    const parsed = parseTags("team = fraud\n\nformula=a=b\n");
    expect(parsed).toEqual({ ok: true, value: { team: "fraud", formula: "a=b" } });
    expect(formatTags({ team: "fraud", formula: "a=b" })).toBe("team=fraud\nformula=a=b");
  });

  it("names the malformed line", () => {
    expect(parseTags("team=fraud\njust-a-word")).toEqual({
      ok: false,
      error: "Line 2: write key=value.",
    });
  });
});

describe("metadata", () => {
  it("accepts an object or nothing, and refuses other JSON", () => {
    expect(parseMetadata("")).toEqual({ ok: true, value: {} });
    expect(parseMetadata('{"auc": 0.91}')).toEqual({ ok: true, value: { auc: 0.91 } });
    expect(parseMetadata("[1]")).toMatchObject({ ok: false });
    expect(parseMetadata("{auc:")).toMatchObject({
      ok: false,
      error: expect.stringContaining("Not valid JSON"),
    });
  });
});
