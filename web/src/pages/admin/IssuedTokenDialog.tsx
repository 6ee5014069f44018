import { useEffect, useRef, useState } from "react";
import type { Schemas } from "../../api/client";
import { formatTime } from "../../components/Time";
import styles from "./Admin.module.css";

/** The secret of a token just issued, shown this once with a copy button and a warning. */
export function IssuedTokenDialog({
  issued,
  onClose,
}: {
  issued: Schemas["TokenIssued"];
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="issued-title"
      aria-describedby="issued-warning"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="stack">
        <h2 id="issued-title">Token issued for {issued.username}</h2>
        <div id="issued-warning" className="alert alert-info">
          <p className="alert-title">Copy it now: it is shown only this once.</p>
          <p>
            The registry keeps only a hash of it. Once this dialog is closed nobody can see it
            again; if it is lost, revoke it and issue a new one.
          </p>
        </div>
        <code className={styles.secret} aria-label="Token secret">
          {issued.token}
        </code>
        <p className="hint">
          {issued.label ? `“${issued.label}”, e` : "E"}xpires {formatTime(issued.expires_at)}.
        </p>
        <div className="row">
          <button
            type="button"
            className="button primary"
            onClick={() => {
              const done = navigator.clipboard?.writeText(issued.token);
              if (!done) setCopied("failed");
              else void done.then(() => setCopied("yes")).catch(() => setCopied("failed"));
            }}
          >
            Copy token
          </button>
          <button type="button" className="button" onClick={onClose}>
            I have stored it, close
          </button>
          <span role="status" className="hint">
            {copied === "yes"
              ? "Copied to the clipboard."
              : copied === "failed"
                ? "Copying failed: select the token and copy it by hand."
                : ""}
          </span>
        </div>
      </div>
    </dialog>
  );
}
