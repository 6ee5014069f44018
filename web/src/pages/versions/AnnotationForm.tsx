import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { ApiError, api, unwrap } from "../../api/client";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useDraft } from "../../components/useDraft";
import { withSection, type CardAnnotations, type SectionKey } from "./cardSections";
import { versionPath } from "./queries";
import { versionQueryKey } from "./versionContext";

interface Props {
  group: string;
  name: string;
  versionId: string;
  current: CardAnnotations;
  section: { key: SectionKey } | { custom: string };
  label: string;
  hint?: string;
}

/** Edits one card section; the text is kept as a draft until the server has accepted it. */
export function AnnotationForm({ group, name, versionId, current, section, label, hint }: Props) {
  const saved =
    ("key" in section ? current[section.key] : current.custom_sections?.[section.custom]) ?? "";
  const sectionId = "key" in section ? section.key : `custom.${section.custom}`;
  const [text, setText, clear] = useDraft(`card.${group}/${name}@${versionId}.${sectionId}`, saved);
  const client = useQueryClient();
  const base = versionQueryKey(group, name, versionId);
  const save = useMutation({
    mutationFn: (body: CardAnnotations) =>
      unwrap(
        api.PUT("/api/v1/models/{group}/{name}/versions/{version}/card/annotations", {
          params: versionPath(group, name, versionId),
          body,
        }),
      ),
    onSuccess: (stored) => {
      // Drop the draft first: the form remounts on the new text (keyed by it) and reads none.
      clear();
      client.setQueryData([...base, "annotations"], stored);
      void client.invalidateQueries({ queryKey: [...base, "card"] });
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const changed = text !== saved;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(withSection(current, section, text));
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field label={label} hint={hint} error={fields[sectionId]}>
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={4} />
      </Field>
      {save.isError && <ProblemAlert error={save.error} action={`Saving "${label}"`} />}
      <div className="row">
        <button type="submit" className="button" disabled={save.isPending || !changed}>
          {save.isPending ? "Saving…" : `Save ${label.toLowerCase()}`}
        </button>
        {changed && <span className="hint">Unsaved changes (kept in this tab).</span>}
      </div>
    </form>
  );
}
