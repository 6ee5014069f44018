// Loaded on its own (React.lazy), so the markdown renderer is fetched only when a card is shown.
import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";
import styles from "./Version.module.css";

/** The card's YAML front matter is for machines; the page shows the Markdown body. */
export function stripFrontMatter(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

// The card's own headings start at h1; under the page's h1 and the tab's h2 they become h3+.
const shift = {
  h1: "h3",
  h2: "h4",
  h3: "h5",
  h4: "h6",
  h5: "h6",
  h6: "h6",
} as const;

/** Renders card Markdown (GitHub flavour, raw HTML dropped), headings nested under the tab. */
export default function CardMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className={styles.markdown}>
      <Markdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        components={Object.fromEntries(
          Object.entries(shift).map(([from, Tag]) => [
            from,
            ({ children }: { children?: React.ReactNode }) => <Tag>{children}</Tag>,
          ]),
        )}
      >
        {stripFrontMatter(markdown)}
      </Markdown>
    </div>
  );
}
