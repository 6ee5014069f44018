import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { versionPath } from "./queries";
import { versionQueryKey } from "./versionContext";

interface Props {
  group: string;
  name: string;
  versionId: string;
  onQueued: (jobId: string) => void;
  onFailed: (error: unknown) => void;
}

/** Queues a full re-scan of a sealed version. */
export function ScanAction({ group, name, versionId, onQueued, onFailed }: Props) {
  const client = useQueryClient();
  const scan = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/models/{group}/{name}/versions/{version}/scans", {
          params: versionPath(group, name, versionId),
        }),
      ),
    onSuccess: (queued) => {
      void client.invalidateQueries({ queryKey: versionQueryKey(group, name, versionId) });
      onQueued(queued.job_id);
    },
    onError: onFailed,
  });
  return (
    <button
      type="button"
      className="button"
      disabled={scan.isPending}
      onClick={() => scan.mutate()}
    >
      {scan.isPending ? "Queuing scan…" : "Run scan"}
    </button>
  );
}
