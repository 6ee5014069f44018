import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDebouncedText } from "./useDebouncedText";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useDebouncedText", () => {
  it("shows typing at once and commits once, 50 ms after the last key", () => {
    const commit = vi.fn();
    const { result } = renderHook(({ value }) => useDebouncedText(value, commit), {
      initialProps: { value: "" },
    });
    act(() => result.current.setText("c"));
    act(() => vi.advanceTimersByTime(30));
    act(() => result.current.setText("cr"));
    act(() => vi.advanceTimersByTime(30));
    act(() => result.current.setText("cre"));
    expect(result.current.text).toBe("cre");
    expect(commit).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(49));
    expect(commit).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(commit).toHaveBeenCalledTimes(1);
    expect(commit).toHaveBeenCalledWith("cre");
  });

  it("keeps what is typed while its own commit arrives, and follows outside changes", () => {
    const commit = vi.fn();
    const { result, rerender } = renderHook(({ value }) => useDebouncedText(value, commit), {
      initialProps: { value: "" },
    });
    act(() => result.current.setText("ab"));
    act(() => vi.advanceTimersByTime(50));
    // The user types on before the committed value comes back.
    act(() => result.current.setText("abc"));
    rerender({ value: "ab" });
    expect(result.current.text).toBe("abc");
    // Back/forward: the value changes to something never committed here.
    rerender({ value: "older" });
    expect(result.current.text).toBe("older");
    act(() => vi.advanceTimersByTime(500));
    expect(commit).toHaveBeenCalledTimes(1);
  });

  it("commits at once when asked (Escape clears)", () => {
    const commit = vi.fn();
    const { result } = renderHook(() => useDebouncedText("fraud", commit));
    act(() => result.current.commitNow(""));
    expect(result.current.text).toBe("");
    expect(commit).toHaveBeenCalledWith("");
    act(() => vi.advanceTimersByTime(500));
    expect(commit).toHaveBeenCalledTimes(1);
  });
});
