import { describe, expect, it } from "vitest";
import { relativeTime } from "./Time";

describe("relativeTime", () => {
  const now = Date.parse("2026-12-07T12:00:00Z");
  it.each([
    ["2026-12-07T11:59:30Z", "30 seconds ago"],
    ["2026-12-07T09:00:00Z", "3 hours ago"],
    ["2026-12-06T12:00:00Z", "yesterday"],
    ["2026-12-07T12:05:00Z", "in 5 minutes"],
  ])("%s is %s", (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});
