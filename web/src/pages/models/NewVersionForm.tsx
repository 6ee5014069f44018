import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useDraft } from "../../components/useDraft";
import { modelKey, type ModelId } from "./modelQueries";

/** Creates a draft version (POST …/versions); the server's SemVer message shows by the field. */
export function NewVersionForm({ model }: { model: ModelId }) {
  const client = useQueryClient();
  const key = `new-version.${model.group}/${model.name}`;
  const [version, setVersion, clearVersion] = useDraft(`${key}.version`);
  const [description, setDescription, clearDescription] = useDraft(`${key}.description`);
  const [created, setCreated] = useState<Schemas["VersionRead"] | null>(null);

  const create = useMutation({
    mutationFn: (body: Schemas["VersionCreate"]) =>
      unwrap(
        api.POST("/api/v1/models/{group}/{name}/versions", {
          params: { path: model },
          body,
        }),
      ),
    onSuccess: (saved) => {
      setCreated(saved);
      clearVersion();
      clearDescription();
      void client.invalidateQueries({ queryKey: modelKey(model) });
      void client.invalidateQueries({ queryKey: ["search"] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    create.mutate({ version: version.trim(), description });
  }

  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  // A version the server refused as such (a duplicate, a bad SemVer) is this field's problem.
  const versionError =
    fields.version ??
    (create.error instanceof ApiError && create.error.status === 409
      ? create.error.message
      : undefined);
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="New draft version">
      <Field
        label="Version"
        hint="Semantic Versioning 2.0.0, e.g. 1.4.0 or 2.0.0-rc.1."
        error={versionError}
      >
        <input
          type="text"
          value={version}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setVersion(event.target.value)}
        />
      </Field>
      <Field label="Description" error={fields.description}>
        <textarea value={description} onChange={(event) => setDescription(event.target.value)} />
      </Field>
      {create.isError && <ProblemAlert error={create.error} action="Creating the version" />}
      {created && (
        <p className="alert alert-success" role="status">
          Draft{" "}
          <Link to={`/models/${model.group}/${model.name}/versions/${created.version}`}>
            {created.version}
          </Link>{" "}
          created.
        </p>
      )}
      <div>
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create draft version"}
        </button>
      </div>
    </form>
  );
}
