import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useDraft } from "./useDraft";

describe("useDraft", () => {
  it("keeps typed text across remounts until cleared", () => {
    const first = renderHook(() => useDraft("approval.p1"));
    act(() => first.result.current[1]("looks good, evidence attached"));
    first.unmount();

    const second = renderHook(() => useDraft("approval.p1"));
    expect(second.result.current[0]).toBe("looks good, evidence attached");
    act(() => second.result.current[2]());
    expect(second.result.current[0]).toBe("");
    expect(sessionStorage.getItem("modelreg.draft.approval.p1")).toBeNull();
  });
});
