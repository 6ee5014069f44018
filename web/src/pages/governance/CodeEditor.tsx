import { useRef, type KeyboardEvent, type Ref } from "react";
import styles from "./Governance.module.css";

const INDENT = "  ";

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Lines (1-based) the server found a problem on; marked in the gutter. */
  problemLines?: ReadonlySet<number>;
  textareaRef?: Ref<HTMLTextAreaElement>;
  // Field passes these to wire the label, hint and error to the control.
  id?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

/** Removes up to one indent from the start of the caret's line. */
function outdent(element: HTMLTextAreaElement): void {
  const { value, selectionStart } = element;
  const lineStart = value.lastIndexOf("\n", selectionStart - 1) + 1;
  const spaces = /^ {0,2}/.exec(value.slice(lineStart))?.[0].length ?? 0;
  if (spaces > 0) element.setRangeText("", lineStart, lineStart + spaces, "preserve");
}

/**
 * A monospace text editor with line numbers: Tab inserts two spaces and Shift+Tab removes them;
 * Escape, then Tab, moves focus on, so the keyboard is never trapped.
 */
export function CodeEditor({ value, onChange, problemLines, textareaRef, ...field }: Props) {
  const gutter = useRef<HTMLDivElement>(null);
  const releaseTab = useRef(false);
  const lineCount = value.split("\n").length;

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      releaseTab.current = true;
      return;
    }
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) {
      if (event.key !== "Shift") releaseTab.current = false;
      return;
    }
    if (releaseTab.current) {
      releaseTab.current = false;
      return;
    }
    event.preventDefault();
    const element = event.currentTarget;
    if (event.shiftKey) outdent(element);
    else element.setRangeText(INDENT, element.selectionStart, element.selectionEnd, "end");
    onChange(element.value);
  }

  return (
    <div className={styles.editor}>
      <div className={styles.gutter} ref={gutter} aria-hidden="true" data-testid="line-numbers">
        {Array.from({ length: lineCount }, (_, index) => {
          const line = index + 1;
          const bad = problemLines?.has(line);
          return (
            <div key={line} className={bad ? styles.badLine : undefined}>
              {bad ? `! ${line}` : line}
            </div>
          );
        })}
      </div>
      <textarea
        {...field}
        ref={textareaRef}
        className={styles.code}
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}

/** Puts the caret at the start of `line` (1-based) and scrolls it into view. */
export function focusLine(element: HTMLTextAreaElement, line: number): void {
  const lines = element.value.split("\n");
  const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  element.focus();
  element.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
  element.scrollTop = Math.max(0, (line - 3) * lineHeight);
}
