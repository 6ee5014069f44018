import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, api, unwrap } from "../../api/client";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatSize, sha256Hex } from "./manifest";
import { versionPath } from "./queries";
import { versionQueryKey } from "./versionContext";

interface Props {
  group: string;
  name: string;
  versionId: string;
}

/**
 * Uploads one file into a draft: the browser computes its SHA-256 first and sends it as
 * X-Content-SHA256, so the server refuses bytes that arrive changed.
 */
export function ArtifactUpload({ group, name, versionId }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [path, setPath] = useState("");
  const [progress, setProgress] = useState("");
  const [missing, setMissing] = useState<string | null>(null);
  // A file input cannot be cleared through its value; a new key gives a fresh, empty one.
  const [inputKey, setInputKey] = useState(0);
  const client = useQueryClient();
  const upload = useMutation({
    mutationFn: async ({ chosen, target }: { chosen: File; target: string }) => {
      setProgress(`Computing the SHA-256 of ${chosen.name}…`);
      // A view made here is accepted by fetch and crypto even when the file's buffer comes from
      // another realm (the DOM of a component test).
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      const digest = await sha256Hex(bytes);
      setProgress(`Uploading ${formatSize(chosen.size)} (sha256 ${digest.slice(0, 12)}…)…`);
      return unwrap(
        api.PUT("/api/v1/models/{group}/{name}/versions/{version}/artifacts/{path}", {
          params: {
            path: { ...versionPath(group, name, versionId).path, path: target },
            header: { "x-content-sha256": digest },
          },
          // The raw bytes go as they are; the typed body is a string only for JSON clients.
          body: bytes as unknown as string,
          bodySerializer: (body) => body as unknown as BodyInit,
          headers: { "Content-Type": chosen.type || "application/octet-stream" },
        }),
      );
    },
    onSuccess: (artifact) => {
      setProgress(`Uploaded ${artifact.path} (${formatSize(artifact.size)}).`);
      setFile(null);
      setPath("");
      setInputKey((k) => k + 1);
      void client.invalidateQueries({ queryKey: versionQueryKey(group, name, versionId) });
    },
    onError: () => setProgress(""),
  });
  const fields = upload.error instanceof ApiError ? upload.error.fieldErrors() : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    const target = (path.trim() || file?.name || "").replace(/^\/+/, "");
    if (!file) return setMissing("Choose a file to upload.");
    setMissing(null);
    upload.mutate({ chosen: file, target });
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a file</h2>
      <Field label="File to upload" error={missing ?? undefined}>
        <input
          key={inputKey}
          type="file"
          onChange={(e) => {
            const chosen = e.target.files?.[0] ?? null;
            setFile(chosen);
            if (chosen && !path) setPath(chosen.name);
          }}
        />
      </Field>
      <Field
        label="Path in the version"
        hint="A relative path such as weights/model.safetensors; an existing path is replaced."
        error={fields.path}
      >
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} />
      </Field>
      {upload.isError && <ProblemAlert error={upload.error} action="Uploading" />}
      <div className="row">
        <button type="submit" className="button primary" disabled={upload.isPending}>
          {upload.isPending ? "Uploading…" : "Upload"}
        </button>
        <span role="status">{progress}</span>
      </div>
    </form>
  );
}
