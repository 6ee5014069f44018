import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, api, unwrap, type Schemas } from "../../api/client";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useDraft } from "../../components/useDraft";
import { formatTags, parseMetadata, parseTags } from "./keyValues";
import { versionPath } from "./queries";
import { versionQueryKey } from "./versionContext";

interface Props {
  group: string;
  name: string;
  versionId: string;
  version: Schemas["VersionRead"];
}

/** The first server message whose location starts with `field` (e.g. `tags.team` → tags). */
function errorFor(fields: Record<string, string>, field: string): string | undefined {
  const hit = Object.entries(fields).find(([loc]) => loc === field || loc.startsWith(`${field}.`));
  return hit ? (hit[0] === field ? hit[1] : `${hit[0]}: ${hit[1]}`) : undefined;
}

/** Edits a draft's description, tags and (before sealing) metadata; drafts survive failures. */
export function VersionEditForm({ group, name, versionId, version }: Props) {
  const key = `version-edit.${group}/${name}@${versionId}`;
  const [description, setDescription, clearDescription] = useDraft(
    `${key}.description`,
    version.description,
  );
  const [tags, setTags, clearTags] = useDraft(`${key}.tags`, formatTags(version.tags));
  const [metadata, setMetadata, clearMetadata] = useDraft(
    `${key}.metadata`,
    Object.keys(version.metadata).length ? JSON.stringify(version.metadata, null, 2) : "",
  );
  const [local, setLocal] = useState<{ tags?: string; metadata?: string }>({});
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: Schemas["VersionUpdate"]) =>
      unwrap(
        api.PATCH("/api/v1/models/{group}/{name}/versions/{version}", {
          params: versionPath(group, name, versionId),
          body,
        }),
      ),
    onSuccess: (saved) => {
      clearDescription();
      clearTags();
      clearMetadata();
      client.setQueryData([...versionQueryKey(group, name, versionId), "document"], saved);
      void client.invalidateQueries({ queryKey: versionQueryKey(group, name, versionId) });
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsedTags = parseTags(tags);
    const parsedMetadata = version.sealed ? null : parseMetadata(metadata);
    setLocal({
      tags: parsedTags.ok ? undefined : parsedTags.error,
      metadata: parsedMetadata && !parsedMetadata.ok ? parsedMetadata.error : undefined,
    });
    if (!parsedTags.ok || (parsedMetadata && !parsedMetadata.ok)) return;
    const body: Schemas["VersionUpdate"] = { description, tags: parsedTags.value };
    if (parsedMetadata) body.metadata = parsedMetadata.value;
    save.mutate(body);
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="edit-version-title">
      <h2 id="edit-version-title">Edit this draft</h2>
      <Field label="Description" error={errorFor(fields, "description")}>
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
      </Field>
      <Field
        label="Tags"
        hint="One key=value per line."
        error={local.tags ?? errorFor(fields, "tags")}
      >
        <textarea value={tags} onChange={(e) => setTags(e.target.value)} rows={3} />
      </Field>
      {!version.sealed && (
        <Field
          label="Metadata"
          hint='A JSON object, e.g. {"auc": 0.91, "epochs": 20}. It freezes when the version is sealed.'
          error={local.metadata ?? errorFor(fields, "metadata")}
        >
          <textarea value={metadata} onChange={(e) => setMetadata(e.target.value)} rows={4} />
        </Field>
      )}
      {save.isError && <ProblemAlert error={save.error} action="Saving the version" />}
      <div className="row">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save changes"}
        </button>
        <span role="status">{save.isSuccess && !save.isPending ? "Saved." : ""}</span>
      </div>
    </form>
  );
}
