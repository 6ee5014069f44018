import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useDraft } from "../../components/useDraft";
import { modelKey } from "./modelQueries";
import { parseOwners, parseTags, tagsToText } from "./tagsText";

type Model = Schemas["ModelRead"];

/** First field message under `prefix` (`owners` also matches `owners.0`). */
function fieldError(fields: Record<string, string>, prefix: string): string | undefined {
  const key = Object.keys(fields).find((loc) => loc === prefix || loc.startsWith(`${prefix}.`));
  return key ? fields[key] : undefined;
}

/** Edits a model's description, tags and owners (PATCH); the server checks ownership. */
export function EditModelForm({ model, onDone }: { model: Model; onDone: () => void }) {
  const client = useQueryClient();
  const draftKey = `model.${model.full_name}`;
  const [description, setDescription, clearDescription] = useDraft(
    `${draftKey}.description`,
    model.description,
  );
  const [tagsText, setTagsText, clearTags] = useDraft(`${draftKey}.tags`, tagsToText(model.tags));
  const [ownersText, setOwnersText, clearOwners] = useDraft(
    `${draftKey}.owners`,
    model.owners.join(", "),
  );
  const [localError, setLocalError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (body: Schemas["ModelUpdate"]) =>
      unwrap(
        api.PATCH("/api/v1/models/{group}/{name}", {
          params: { path: { group: model.group, name: model.name } },
          body,
        }),
      ),
    onSuccess: (saved) => {
      client.setQueryData(modelKey(model), saved);
      void client.invalidateQueries({ queryKey: ["search"] });
      finish();
    },
  });

  function finish() {
    clearDescription();
    clearTags();
    clearOwners();
    onDone();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { tags, bad } = parseTags(tagsText);
    if (bad.length > 0) {
      setLocalError(`Write each tag as key=value: ${bad.join(", ")}`);
      return;
    }
    setLocalError(null);
    const owners = parseOwners(ownersText);
    const body: Schemas["ModelUpdate"] = {};
    if (description !== model.description) body.description = description;
    if (tagsToText(tags) !== tagsToText(model.tags)) body.tags = tags;
    if (owners.join(",") !== model.owners.join(",")) body.owners = owners;
    if (Object.keys(body).length === 0) {
      finish();
      return;
    }
    save.mutate(body);
  }

  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Edit model details">
      <Field label="Description" error={fieldError(fields, "description")}>
        <textarea value={description} onChange={(event) => setDescription(event.target.value)} />
      </Field>
      <Field
        label="Tags"
        hint="One key=value per line."
        error={localError ?? fieldError(fields, "tags")}
      >
        <textarea
          value={tagsText}
          spellCheck={false}
          onChange={(event) => setTagsText(event.target.value)}
        />
      </Field>
      <Field
        label="Owners"
        hint="Usernames, separated by commas; at least one."
        error={fieldError(fields, "owners")}
      >
        <input
          type="text"
          value={ownersText}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setOwnersText(event.target.value)}
        />
      </Field>
      {save.isError && <ProblemAlert error={save.error} action="Saving the model" />}
      <div className="row">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save changes"}
        </button>
        <button type="button" className="button" onClick={finish}>
          Cancel
        </button>
      </div>
    </form>
  );
}
