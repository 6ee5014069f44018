import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  modelQuery,
  parseSearch,
  toSearchParams,
  versionQuery,
  withFilter,
  withTag,
  withView,
} from "./searchState";

const parse = (query: string) => parseSearch(new URLSearchParams(query));

describe("search state and the URL", () => {
  it("round-trips every part of a search through the URL", () => {
    const url =
      "q=credit+scorer&sort=-updated_at&group=fraud&risk_tier=high&stage=production" +
      "&framework=xgboost&owner=olivia&tag=team%3Drisk&tag=domain%3Dpay";
    const state = parse(url);
    expect(state).toEqual({
      view: "models",
      q: "credit scorer",
      sort: "-updated_at",
      filters: {
        group: "fraud",
        risk_tier: "high",
        stage: "production",
        framework: "xgboost",
        owner: "olivia",
      },
      tags: ["team=risk", "domain=pay"],
    });
    expect(toSearchParams(state).toString()).toBe(url);
  });

  it("leaves defaults out of the URL", () => {
    expect(toSearchParams(parse("")).toString()).toBe("");
    expect(toSearchParams(parse("view=versions&sort=-created_at")).toString()).toBe(
      "view=versions",
    );
  });

  it("drops values the API would refuse", () => {
    const state = parse("view=nope&sort=size&risk_tier=extreme&stage=&tag=novalue&group=%20");
    expect(state.view).toBe("models");
    expect(state.sort).toBe("name");
    expect(state.filters).toEqual({});
    expect(state.tags).toEqual([]);
  });

  it("checks the sort against the view's own orders", () => {
    expect(parse("view=versions&sort=name").sort).toBe("-created_at");
    expect(parse("view=versions&sort=-version").sort).toBe("-version");
  });

  it("sets, clears and toggles filters, and resets the sort when the view changes", () => {
    let state = parse("sort=-name");
    state = withFilter(state, "risk_tier", "low");
    state = withTag(state, "team=e2e", true);
    state = withTag(state, "team=e2e", true);
    expect(toSearchParams(state).toString()).toBe("sort=-name&risk_tier=low&tag=team%3De2e");
    expect(activeFilterCount(state)).toBe(2);
    state = withFilter(withTag(state, "team=e2e", false), "risk_tier", null);
    expect(toSearchParams(state).toString()).toBe("sort=-name");
    expect(withView(state, "versions").sort).toBe("-created_at");
  });

  it("turns a search into each API's query, with only the filters that API takes", () => {
    const state = parse(
      "q=%20fraud%20&group=g&risk_tier=low&stage=draft&tag=a%3Db&license=MIT&blocking_findings=true",
    );
    expect(modelQuery(state)).toEqual({
      q: "fraud",
      sort: "name",
      group: "g",
      risk_tier: "low",
      stage: "draft",
      license: "MIT",
      blocking_findings: true,
      tag: ["a=b"],
    });
    const versions = withView(state, "versions");
    // The versions search takes no license or blocking-findings filter.
    expect(versionQuery(versions)).toEqual({
      q: "fraud",
      sort: "-created_at",
      group: "g",
      risk_tier: "low",
      stage: "draft",
      tag: ["a=b"],
    });
    expect(activeFilterCount(versions)).toBe(4);
  });
});
