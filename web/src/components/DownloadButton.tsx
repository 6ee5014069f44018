import { useState } from "react";
import { downloadWithAuth } from "./download";
import { ProblemAlert } from "./ProblemAlert";

interface Props {
  url: string;
  filename: string;
  children: string;
}

/** A button that downloads an API resource with the session's token and reports a failure. */
export function DownloadButton({ url, filename, children }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <span className="download">
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          downloadWithAuth(url, filename)
            .catch((caught: unknown) => setError(caught))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? "Downloading…" : children}
      </button>
      {error !== null && <ProblemAlert error={error} action="Download" />}
    </span>
  );
}
