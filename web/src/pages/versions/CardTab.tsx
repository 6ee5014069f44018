import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/client";
import { useCan } from "../../app/me";
import { Field } from "../../components/Field";
import { Skeleton } from "../../components/Loading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { useDraft } from "../../components/useDraft";
import { AnnotationForm } from "./AnnotationForm";
import { CARD_SECTIONS, withSection, type CardAnnotations } from "./cardSections";
import { versionPath } from "./queries";
import styles from "./Version.module.css";
import { useVersionContext, versionQueryKey } from "./versionContext";

const CardMarkdown = lazy(() => import("./CardMarkdown"));

interface Where {
  group: string;
  name: string;
  versionId: string;
}

/** The generated card as Markdown, rendered. */
function RenderedCard({ group, name, versionId }: Where) {
  const query = useQuery({
    queryKey: [...versionQueryKey(group, name, versionId), "card"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/card", {
          params: { ...versionPath(group, name, versionId), query: { format: "markdown" } },
          parseAs: "text",
        }),
      ) as Promise<string>,
  });
  return (
    <section aria-labelledby="card-title" className="card">
      <h2 id="card-title">Model card</h2>
      <QueryState query={query} rows={6} label="Loading the model card">
        {(markdown) => (
          <Suspense fallback={<Skeleton rows={6} label="Rendering the model card" />}>
            <CardMarkdown markdown={markdown} />
          </Suspense>
        )}
      </QueryState>
    </section>
  );
}

/** Adds a section of the owner's choosing (e.g. "Monitoring") to the card. */
function AddCustomSection({
  group,
  name,
  versionId,
  current,
}: Where & { current: CardAnnotations }) {
  const key = `card.${group}/${name}@${versionId}.new`;
  const [title, setTitle, clearTitle] = useDraft(`${key}.title`);
  const [text, setText, clearText] = useDraft(`${key}.text`);
  const [missing, setMissing] = useState<string | null>(null);
  const client = useQueryClient();
  const base = versionQueryKey(group, name, versionId);
  const add = useMutation({
    mutationFn: (body: CardAnnotations) =>
      unwrap(
        api.PUT("/api/v1/models/{group}/{name}/versions/{version}/card/annotations", {
          params: versionPath(group, name, versionId),
          body,
        }),
      ),
    onSuccess: (stored) => {
      clearTitle();
      clearText();
      client.setQueryData([...base, "annotations"], stored);
      void client.invalidateQueries({ queryKey: [...base, "card"] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const heading = title.trim();
    const problem = !heading
      ? "Name the section."
      : current.custom_sections?.[heading] !== undefined
        ? "A section of that name exists; edit it above."
        : !text.trim()
          ? "Write the section's text."
          : null;
    setMissing(problem);
    if (!problem) add.mutate(withSection(current, { custom: heading }, text));
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="add-section-title">
      <h3 id="add-section-title">Add a section</h3>
      <Field label="Section title" hint='For example "Monitoring".'>
        <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label="Section text" error={missing ?? undefined}>
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={4} />
      </Field>
      {add.isError && <ProblemAlert error={add.error} action="Adding the section" />}
      <div>
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add section"}
        </button>
      </div>
    </form>
  );
}

/** One form per card section, editable while the version is not sealed. */
function AnnotationForms({ group, name, versionId }: Where) {
  const query = useQuery({
    queryKey: [...versionQueryKey(group, name, versionId), "annotations"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}/card/annotations", {
          params: versionPath(group, name, versionId),
        }),
      ),
  });
  const where = { group, name, versionId };
  return (
    <section aria-labelledby="annotations-title" className="card">
      <h2 id="annotations-title">Edit the card</h2>
      <p className="hint">
        These sections are written by people; the rest of the card is generated from the version.
        They can be changed until the version is sealed.
      </p>
      <QueryState query={query} rows={7} label="Loading the card sections">
        {(current) => (
          <div className={styles.sections}>
            {CARD_SECTIONS.map((section) => (
              <AnnotationForm
                key={`${section.key}:${current[section.key] ?? ""}`}
                {...where}
                current={current}
                section={{ key: section.key }}
                label={section.label}
                hint={section.hint}
              />
            ))}
            {Object.entries(current.custom_sections ?? {}).map(([title, text]) => (
              <AnnotationForm
                key={`custom:${title}:${text}`}
                {...where}
                current={current}
                section={{ custom: title }}
                label={title}
                hint="Empty it and save to remove the section."
              />
            ))}
            <AddCustomSection {...where} current={current} />
          </div>
        )}
      </QueryState>
    </section>
  );
}

/** The model card; its annotation sections are editable before sealing, read-only after. */
export function CardTab() {
  const { version, group, name, versionId } = useVersionContext();
  const canWrite = useCan("models:write");
  const where = { group, name, versionId };
  return (
    <div className={styles.sections}>
      {version.sealed ? (
        <p className="alert alert-info">
          Read-only: this version was sealed
          {version.sealed_at ? ` on ${formatTime(version.sealed_at)}` : ""}, and sealing froze its
          card together with its artifacts, lineage and metadata, so the card approvers read is the
          card that ships. Write changes in a new version.
        </p>
      ) : (
        !canWrite && (
          <p className="hint">Your roles do not allow editing this card; you can read it.</p>
        )
      )}
      {!version.sealed && canWrite && <AnnotationForms {...where} />}
      <RenderedCard {...where} />
    </div>
  );
}
