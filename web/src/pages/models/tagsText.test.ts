import { describe, expect, it } from "vitest";
import { parseOwners, parseTags, tagsToText } from "./tagsText";

describe("tags and owners as text", () => {
  it("round-trips tags and reports malformed lines", () => {
    const text = tagsToText({ team: "risk", "domain/area": "a=b" });
    expect(text).toBe("team=risk\ndomain/area=a=b");
    expect(parseTags(`${text}\n\n  =x \nnoequals`)).toEqual({
      tags: { team: "risk", "domain/area": "a=b" },
      bad: ["=x", "noequals"],
    });
  });

  it("splits owners on commas and spaces without duplicates", () => {
    expect(parseOwners(" olivia, mark  olivia,\nsam ")).toEqual(["olivia", "mark", "sam"]);
  });
});
