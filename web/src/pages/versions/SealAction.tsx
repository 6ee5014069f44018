import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ProblemAlert } from "../../components/ProblemAlert";
import { ConfirmDialog } from "./ConfirmDialog";
import { versionPath } from "./queries";
import { versionQueryKey } from "./versionContext";

interface Props {
  group: string;
  name: string;
  versionId: string;
  onSealed: (digest: string) => void;
}

/** The Seal button and its confirmation; a refusal stays in the dialog beside the button. */
export function SealAction({ group, name, versionId, onSealed }: Props) {
  const [asking, setAsking] = useState(false);
  const client = useQueryClient();
  const seal = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/models/{group}/{name}/versions/{version}/seal", {
          params: versionPath(group, name, versionId),
        }),
      ),
    onSuccess: (version) => {
      setAsking(false);
      void client.invalidateQueries({ queryKey: versionQueryKey(group, name, versionId) });
      onSealed(version.digest);
    },
  });
  return (
    <>
      <button
        type="button"
        className="button primary"
        onClick={() => {
          seal.reset();
          setAsking(true);
        }}
      >
        Seal
      </button>
      {asking && (
        <ConfirmDialog
          title="Seal this version?"
          confirmLabel="Seal version"
          busy={seal.isPending}
          onConfirm={() => seal.mutate()}
          onCancel={() => setAsking(false)}
        >
          <p>
            Sealing freezes the version: its artifacts, lineage, metadata and model-card annotations
            can no longer change, and its digest becomes final. A security scan starts at once.
            Fixes after that go into a new version.
          </p>
          {seal.isError && <ProblemAlert error={seal.error} action="Sealing" />}
        </ConfirmDialog>
      )}
    </>
  );
}
