import { useState } from "react";

/** A SHA-256 digest shortened for reading, with the full value on hover and a copy button. */
export function Digest({ value, label = "digest" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const hex = value.replace(/^sha256:/, "");
  const short = `${value.startsWith("sha256:") ? "sha256:" : ""}${hex.slice(0, 12)}…`;
  return (
    <span className="digest">
      <code title={value}>{short}</code>
      <button
        type="button"
        className="button tiny subtle"
        aria-label={`Copy ${label}`}
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true));
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </span>
  );
}
