import { useId, type FormEvent } from "react";
import { ApiError } from "../../../api/client";
import { Field } from "../../../components/Field";
import { ProblemAlert } from "../../../components/ProblemAlert";
import { useDraft } from "../../../components/useDraft";
import type { VersionParams } from "../security/versionData";
import { useAddLink, type LinkCreate } from "./useLineage";

type Kind = LinkCreate["kind"];

interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  options?: string[];
}

const KINDS: { kind: Kind; label: string; fields: FieldSpec[] }[] = [
  {
    kind: "dataset",
    label: "Dataset",
    fields: [
      {
        name: "uri",
        label: "Dataset URI",
        hint: "e.g. s3://risk-data/fraud/q3.parquet",
        required: true,
      },
      { name: "digest", label: "Digest", hint: "optional, e.g. sha256:…" },
      { name: "name", label: "Name" },
      { name: "version", label: "Dataset version" },
      { name: "role", label: "Role", options: ["training", "validation", "evaluation", "other"] },
    ],
  },
  {
    kind: "code",
    label: "Code commit",
    fields: [
      {
        name: "repository",
        label: "Repository",
        hint: "e.g. https://git.example.com/risk/scorer",
        required: true,
      },
      {
        name: "commit",
        label: "Commit",
        hint: "the full SHA (40 or 64 hex characters)",
        required: true,
      },
      { name: "path", label: "Path" },
      { name: "branch", label: "Branch" },
    ],
  },
  {
    kind: "training_run",
    label: "Training run",
    fields: [
      { name: "system", label: "Tracker", hint: "e.g. mlflow", required: true },
      { name: "run_id", label: "Run id", required: true },
      { name: "uri", label: "Run URI" },
    ],
  },
  {
    kind: "base_model",
    label: "Base model",
    fields: [
      {
        name: "ref",
        label: "Base model",
        hint: "a registry version group/name@version, or an external scheme://… reference",
        required: true,
      },
      { name: "license", label: "License", hint: "SPDX expression; external base models only" },
    ],
  },
  {
    kind: "other",
    label: "Other",
    fields: [
      { name: "uri", label: "URI", required: true },
      { name: "relation", label: "Relation", hint: "default derived_from" },
      { name: "description", label: "Description" },
    ],
  },
];

type Values = Record<string, string>;

function parse(text: string): Values {
  try {
    const value: unknown = JSON.parse(text || "{}");
    return typeof value === "object" && value !== null ? (value as Values) : {};
  } catch {
    return {};
  }
}

/** The request body: the chosen kind with its filled-in fields (empty optional ones left out). */
export function linkBody(kind: Kind, values: Values): LinkCreate {
  const spec = KINDS.find((k) => k.kind === kind) ?? KINDS[0]!;
  const body: Record<string, string> = { kind };
  for (const field of spec.fields) {
    const value = (values[`${kind}.${field.name}`] ?? "").trim();
    if (value || field.required) body[field.name] = value;
  }
  // The server validates every field and answers with messages placed beside each one.
  return body as unknown as LinkCreate;
}

/** Server field errors keyed by this form's field names (the last part of each location). */
export function errorsByField(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [loc, msg] of Object.entries(error.fieldErrors())) {
    const name = loc.split(".").pop() ?? "";
    if (name && !(name in out)) out[name] = msg;
  }
  return out;
}

/** Adds one upstream link to an unsealed draft; what was typed stays if the server refuses. */
export function AddLinkForm({ params }: { params: VersionParams }) {
  const id = useId();
  const draftKey = `lineage.${params.group}/${params.name}@${params.versionId}`;
  const [text, setText, clear] = useDraft(draftKey);
  const values = parse(text);
  const kind = (values.kind as Kind | undefined) ?? "dataset";
  const spec = KINDS.find((k) => k.kind === kind) ?? KINDS[0]!;
  const add = useAddLink(params);
  const fieldErrors = errorsByField(add.error);

  const set = (key: string, value: string) => setText(JSON.stringify({ ...values, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(linkBody(kind, values), {
      onSuccess: () => clear(),
    });
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Add a lineage link</h3>
      <Field label="Kind of link">
        <select
          value={kind}
          onChange={(event) => {
            add.reset();
            set("kind", event.target.value);
          }}
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid">
        {spec.fields.map((field) => {
          const key = `${kind}.${field.name}`;
          const label = field.required ? `${field.label} (required)` : field.label;
          return (
            <Field key={key} label={label} hint={field.hint} error={fieldErrors[field.name]}>
              {field.options ? (
                <select
                  value={values[key] ?? field.options[0]}
                  onChange={(e) => set(key, e.target.value)}
                >
                  {field.options.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  value={values[key] ?? ""}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => set(key, e.target.value)}
                />
              )}
            </Field>
          );
        })}
      </div>
      {add.isError && <ProblemAlert error={add.error} action="Adding the link" />}
      <div className="row">
        <button type="submit" className="button primary" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add link"}
        </button>
        {add.isSuccess && <span role="status">Link added.</span>}
      </div>
    </form>
  );
}
