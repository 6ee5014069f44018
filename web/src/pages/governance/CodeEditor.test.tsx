import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { CodeEditor } from "./CodeEditor";

function Harness({ initial, problems = [] }: { initial: string; problems?: number[] }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <label htmlFor="ed">Policy</label>
      <CodeEditor id="ed" value={value} onChange={setValue} problemLines={new Set(problems)} />
      <button type="button">Next</button>
    </>
  );
}

function gutter(): string[] {
  return Array.from(screen.getByTestId("line-numbers").children, (line) => line.textContent ?? "");
}

describe("CodeEditor", () => {
  it("inserts two spaces at the caret on Tab and keeps focus in the editor", async () => {
    render(<Harness initial={"rules:\n- id: a"} />);
    const editor = screen.getByLabelText<HTMLTextAreaElement>("Policy");
    editor.focus();
    editor.setSelectionRange(7, 7);
    await userEvent.keyboard("{Tab}");
    expect(editor).toHaveValue("rules:\n  - id: a");
    expect(editor.selectionStart).toBe(9);
    expect(editor).toHaveFocus();
  });

  it("removes one indent on Shift+Tab", async () => {
    render(<Harness initial={"rules:\n    - id: a"} />);
    const editor = screen.getByLabelText<HTMLTextAreaElement>("Policy");
    editor.focus();
    editor.setSelectionRange(12, 12);
    await userEvent.keyboard("{Shift>}{Tab}{/Shift}");
    expect(editor).toHaveValue("rules:\n  - id: a");
  });

  it("lets Tab move focus on after Escape, so the keyboard is not trapped", async () => {
    render(<Harness initial="name: x" />);
    const editor = screen.getByLabelText("Policy");
    editor.focus();
    await userEvent.keyboard("{Escape}{Tab}");
    expect(screen.getByRole("button", { name: "Next" })).toHaveFocus();
    expect(editor).toHaveValue("name: x");
  });

  it("numbers every line as the text grows and marks the lines with problems", async () => {
    render(<Harness initial={"name: x\nrules: []"} problems={[2]} />);
    expect(gutter()).toEqual(["1", "! 2"]);
    const editor = screen.getByLabelText("Policy");
    await userEvent.type(editor, "{End}\n# more\n");
    expect(gutter()).toEqual(["1", "! 2", "3", "4"]);
  });
});
