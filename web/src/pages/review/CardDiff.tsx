// A line diff of two model cards (Markdown); loaded only when asked for, with the `diff` package.
import { diffLines } from "diff";
import styles from "./Review.module.css";
import { ScrollRegion } from "./ScrollRegion";

interface Line {
  kind: "added" | "removed" | "same";
  text: string;
}

/** The lines of `after` against `before`, each marked added, removed or unchanged. */
export function cardLines(before: string, after: string): Line[] {
  return diffLines(before, after).flatMap((part) => {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    const lines = part.value.replace(/\n$/, "").split("\n");
    return lines.map((text) => ({ kind, text }) as Line);
  });
}

const MARK = { added: "+", removed: "−", same: " " } as const;

/** The card diff, with +/− marks and <ins>/<del> so it does not rely on colour. */
export function CardDiff({ before, after }: { before: string; after: string }) {
  const lines = cardLines(before, after);
  const added = lines.filter((line) => line.kind === "added").length;
  const removed = lines.filter((line) => line.kind === "removed").length;
  if (added === 0 && removed === 0) return <p>The model card text is the same.</p>;
  return (
    <>
      <p>
        {added} line{added === 1 ? "" : "s"} added, {removed} removed.
      </p>
      <ScrollRegion label="Model card diff" className={styles.cardDiff}>
        {lines.map((line, index) => {
          const content = `${MARK[line.kind]} ${line.text}`;
          if (line.kind === "added")
            return (
              <ins key={index} className={styles.added}>
                {content}
              </ins>
            );
          if (line.kind === "removed")
            return (
              <del key={index} className={styles.removed}>
                {content}
              </del>
            );
          return (
            <span key={index} className={styles.same}>
              {content}
            </span>
          );
        })}
      </ScrollRegion>
    </>
  );
}
