import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { StatusBadge, type Tone } from "../../components/Badges";
import { QueryState } from "../../components/QueryState";
import { versionPath } from "./queries";
import { versionQueryKey } from "./versionContext";

const STATUS: Record<Schemas["SecurityStatus"]["status"], { tone: Tone; text: string }> = {
  complete: { tone: "ok", text: "scan complete" },
  pending: { tone: "info", text: "scan pending" },
  partial: { tone: "warn", text: "scan partial" },
  failed: { tone: "bad", text: "scan failed" },
  none: { tone: "neutral", text: "not scanned" },
};

const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

/** The scan state in a few lines: status, open findings per severity, what blocks. */
function Summary({
  status,
  securityTab,
}: {
  status: Schemas["SecurityStatus"];
  securityTab: string;
}) {
  const state = STATUS[status.status];
  const blocking = status.findings.filter((f) => f.blocking);
  const counts = SEVERITIES.filter((s) => (status.counts[s] ?? 0) > 0);
  return (
    <div className="stack">
      <p>
        <StatusBadge tone={state.tone}>{state.text}</StatusBadge>{" "}
        {counts.length === 0
          ? "No open findings."
          : counts.map((s) => `${status.counts[s]} ${s}`).join(", ") + " open."}
      </p>
      {blocking.length > 0 && (
        <>
          <p>
            <StatusBadge tone="bad">blocking</StatusBadge> {blocking.length} finding
            {blocking.length === 1 ? "" : "s"} block promotion:
          </p>
          <ul>
            {blocking.slice(0, 5).map((finding) => (
              <li key={finding.id}>
                <strong>{finding.severity}</strong> <code>{finding.rule}</code> in{" "}
                <code>{finding.path}</code>: {finding.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to={securityTab}>All findings and scan history</Link>
      </p>
    </div>
  );
}

interface Props {
  group: string;
  name: string;
  versionId: string;
  securityTab: string;
}

/** The version's security state on the overview; refreshes while a scan is pending. */
export function SecuritySummary({ group, name, versionId, securityTab }: Props) {
  const query = useQuery({
    queryKey: [...versionQueryKey(group, name, versionId), "scans"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/scans", {
          params: versionPath(group, name, versionId),
        }),
      ),
    // A pending scan finishes in seconds to minutes: look again until it settles.
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === "pending" || q.state.data.recheck_pending)
        ? 3000
        : false,
  });
  return (
    <section aria-labelledby="security-title">
      <h2 id="security-title">Security</h2>
      <div aria-live="polite">
        <QueryState query={query} rows={2} label="Loading the scan state">
          {(status) => <Summary status={status} securityTab={securityTab} />}
        </QueryState>
      </div>
    </section>
  );
}
