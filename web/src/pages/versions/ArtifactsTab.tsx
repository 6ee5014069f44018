import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { useCan } from "../../app/me";
import { ArtifactUpload } from "./ArtifactUpload";
import { ManifestTable } from "./ManifestTable";
import { versionPath } from "./queries";
import styles from "./Version.module.css";
import { useVersionContext, versionQueryKey } from "./versionContext";

/** The version's files: the manifest (with media types) and, for a draft, an upload form. */
export function ArtifactsTab() {
  const { version, group, name, versionId } = useVersionContext();
  const canRead = useCan("artifacts:read");
  const canUpload = useCan("artifacts:write");
  // The manifest arrives with the version; the artifact list adds media types.
  const artifacts = useQuery({
    queryKey: [...versionQueryKey(group, name, versionId), "artifacts"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/artifacts", {
          params: versionPath(group, name, versionId),
        }),
      ),
    enabled: canRead,
  });
  const mediaTypes = Object.fromEntries((artifacts.data ?? []).map((a) => [a.path, a.media_type]));
  return (
    <div className={styles.sections}>
      <section aria-labelledby="manifest-title">
        <h2 id="manifest-title">Files</h2>
        {version.sealed && (
          <p className="hint">Sealed: these files and their digests can no longer change.</p>
        )}
        <ManifestTable
          entries={version.manifest}
          mediaTypes={mediaTypes}
          group={group}
          name={name}
          versionId={versionId}
          canDownload={canRead}
        />
      </section>
      {canUpload && !version.sealed && (
        <section className="card">
          <ArtifactUpload group={group} name={name} versionId={versionId} />
        </section>
      )}
    </div>
  );
}
