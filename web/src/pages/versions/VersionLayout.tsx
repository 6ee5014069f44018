// The version page: one header (facts, badges, actions) over tabs that are real URLs; the loaded
// model and version reach the tabs through the outlet context (see versionContext.ts).
import { useState, type ReactNode } from "react";
import { Outlet, useParams } from "react-router";
import type { Schemas } from "../../api/client";
import { useCan } from "../../app/me";
import { RiskBadge, StageBadge, StatusBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { DownloadButton } from "../../components/DownloadButton";
import { Skeleton } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { TabLinks } from "../../components/Tabs";
import { PromotionRequestForm } from "./PromotionRequestForm";
import { useModel, useVersion } from "./queries";
import { ScanAction } from "./ScanAction";
import { SealAction } from "./SealAction";
import styles from "./Version.module.css";
import type { VersionContext } from "./versionContext";

interface Notice {
  kind: "success" | "error";
  content: ReactNode;
}

const TABS = [
  { to: "", label: "Overview", end: true },
  { to: "artifacts", label: "Artifacts" },
  { to: "lineage", label: "Lineage" },
  { to: "card", label: "Card" },
  { to: "security", label: "Security" },
  { to: "history", label: "History" },
];

/** The header's badges: stage, risk tier, seal state and digest. */
function VersionFacts({
  model,
  version,
}: {
  model: Schemas["ModelRead"];
  version: Schemas["VersionRead"];
}) {
  return (
    <>
      <StageBadge stage={version.stage} />
      <RiskBadge tier={model.risk_tier} />
      {version.sealed ? (
        <StatusBadge tone="ok">sealed</StatusBadge>
      ) : (
        <StatusBadge tone="info">not sealed</StatusBadge>
      )}
      <span>
        {version.sealed ? "Digest" : "Current digest"}{" "}
        <Digest value={version.digest} label="version digest" />
      </span>
    </>
  );
}

export function VersionLayout() {
  const params = useParams();
  const group = params.group ?? "";
  const name = params.name ?? "";
  const versionId = params.version ?? "";
  const modelQuery = useModel(group, name);
  const versionQuery = useVersion(group, name, versionId);
  const canWrite = useCan("models:write");
  const canPromote = useCan("promotions:request");
  const canScan = useCan("scans:run");
  const canReadScans = useCan("scans:read");
  const [promoting, setPromoting] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const model = modelQuery.data;
  const version = versionQuery.data;
  const base = `/models/${group}/${name}/versions/${encodeURIComponent(versionId)}`;
  const crumbs = [
    { label: "Search", to: "/" },
    { label: `${group}/${name}`, to: `/models/${group}/${name}` },
    { label: versionId, to: base },
  ];

  const actions = model && version && (
    <>
      {canWrite && !version.sealed && version.stage === "draft" && (
        <SealAction
          group={group}
          name={name}
          versionId={versionId}
          onSealed={(digest) =>
            setNotice({
              kind: "success",
              content: (
                <>
                  Sealed. The digest <code>{digest}</code> is final; a security scan has been
                  queued.
                </>
              ),
            })
          }
        />
      )}
      {canPromote && (
        <button
          type="button"
          className="button"
          aria-expanded={promoting}
          aria-controls="promotion-panel"
          onClick={() => setPromoting(!promoting)}
        >
          Request promotion
        </button>
      )}
      {canScan && version.sealed && (
        <ScanAction
          group={group}
          name={name}
          versionId={versionId}
          onQueued={(jobId) =>
            setNotice({ kind: "success", content: <>Scan queued (job {jobId}).</> })
          }
          onFailed={(error) =>
            setNotice({
              kind: "error",
              content: <ProblemAlert error={error} action="Queuing the scan" />,
            })
          }
        />
      )}
      {canReadScans && version.sealed && (
        <DownloadButton
          url={`/api/v1/models/${group}/${name}/versions/${encodeURIComponent(versionId)}/sbom`}
          filename={`${group}-${name}-${version.version}.cdx.json`}
        >
          Download ML-BOM
        </DownloadButton>
      )}
    </>
  );

  const failed = modelQuery.error ?? versionQuery.error;
  const context: VersionContext | null =
    model && version ? { model, version, group, name, versionId } : null;

  return (
    <>
      <PageHeader
        title={`${group}/${name} ${versionId}`}
        crumbs={crumbs}
        meta={model && version ? <VersionFacts model={model} version={version} /> : null}
        actions={actions || undefined}
      />
      <div aria-live="polite" className={notice ? styles.notice : undefined}>
        {notice?.kind === "success" && (
          <div className="alert alert-success" role="status">
            <p>{notice.content}</p>
          </div>
        )}
        {notice?.kind === "error" && notice.content}
      </div>
      {promoting && version && (
        <section
          id="promotion-panel"
          className={`card ${styles.panel}`}
          aria-label="Promotion request"
        >
          <PromotionRequestForm
            group={group}
            name={name}
            versionId={versionId}
            stage={version.stage}
          />
        </section>
      )}
      <TabLinks
        label="Version sections"
        tabs={TABS.map((t) => ({ ...t, to: t.to ? `${base}/${t.to}` : base }))}
      />
      {failed ? (
        <ProblemAlert error={failed} action="Loading the version" />
      ) : context ? (
        <Outlet context={context} />
      ) : (
        <Skeleton rows={6} label="Loading the version" />
      )}
    </>
  );
}
