import styles from "./Governance.module.css";
import { ScrollRegion } from "../../components/ScrollRegion";

/** Read-only text with line numbers; each line has an anchor (#L12) that other parts link to. */
export function CodeView({ text, label }: { text: string; label: string }) {
  const lines = text.replace(/\n$/, "").split("\n");
  return (
    <ScrollRegion className={styles.view} label={label}>
      <pre>
        {lines.map((line, index) => (
          <span key={index} id={`L${index + 1}`} className={styles.viewLine}>
            <span className={styles.lineNo} aria-hidden="true">
              {index + 1}
            </span>
            {line}
            {"\n"}
          </span>
        ))}
      </pre>
    </ScrollRegion>
  );
}
