import { describe, expect, it } from "vitest";
import {
  apiQuery,
  EMPTY_FILTERS,
  filtersFromSearch,
  fromLocalInput,
  hasFilters,
  searchFromFilters,
  toLocalInput,
} from "./filters";

describe("audit filters in the URL", () => {
  it("reads every filter from the search params and ignores the rest", () => {
    const params = new URLSearchParams(
      "subject=version%3Afraud%2Fscorer%401.2.0&action=version.sealed&actor=u1" +
        "&since=2026-12-01T00%3A00%3A00.000Z&until=2026-12-02T00%3A00%3A00.000Z&page=3",
    );
    expect(filtersFromSearch(params)).toEqual({
      subject: "version:fraud/scorer@1.2.0",
      action: "version.sealed",
      actor: "u1",
      since: "2026-12-01T00:00:00.000Z",
      until: "2026-12-02T00:00:00.000Z",
    });
  });

  it("writes only the filters that are set, trimmed, and reads them back unchanged", () => {
    const filters = { ...EMPTY_FILTERS, subject: " model:fraud/scorer ", action: "model.created" };
    const search = searchFromFilters(filters);
    expect(search.toString()).toBe("subject=model%3Afraud%2Fscorer&action=model.created");
    expect(filtersFromSearch(search)).toEqual({
      ...EMPTY_FILTERS,
      subject: "model:fraud/scorer",
      action: "model.created",
    });
  });

  it("sends only the set filters to the API", () => {
    expect(apiQuery({ ...EMPTY_FILTERS, actor: "u7", until: "2026-12-02T00:00:00.000Z" })).toEqual({
      actor: "u7",
      until: "2026-12-02T00:00:00.000Z",
    });
    expect(apiQuery(EMPTY_FILTERS)).toEqual({});
  });

  it("knows when any filter is set", () => {
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, since: "2026-01-01T00:00:00.000Z" })).toBe(true);
    expect(hasFilters({ ...EMPTY_FILTERS, subject: "   " })).toBe(false);
  });

  it("edits times in local time and stores them as UTC instants", () => {
    const local = "2026-12-07T09:30";
    const iso = fromLocalInput(local);
    expect(iso).toMatch(/^2026-12-0[67]T\d\d:30:00\.000Z$/);
    expect(new Date(iso).getTime()).toBe(new Date(2026, 11, 7, 9, 30).getTime());
    expect(toLocalInput(iso)).toBe(local);
    expect(fromLocalInput("")).toBe("");
    expect(toLocalInput("not a time")).toBe("");
  });
});
