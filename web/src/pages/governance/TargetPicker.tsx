import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { RiskBadge, StageBadge } from "../../components/Badges";
import { Field } from "../../components/Field";
import styles from "./Governance.module.css";

type Stage = Schemas["Stage"];

export const TARGET_STAGES: Stage[] = [
  "submitted",
  "staging",
  "production",
  "deprecated",
  "archived",
  "rejected",
];

export interface Target {
  model: string;
  version: string;
  stage: Stage;
}

interface Props {
  value: Target;
  onChange: (next: Target) => void;
  /** The server's messages for model, version and target_stage from the last dry run. */
  errors: Partial<Record<"model" | "version" | "target_stage", string>>;
}

/** Splits "group/name"; null when it is not of that form. */
export function splitModel(model: string): { group: string; name: string } | null {
  const parts = model.trim().split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { group: parts[0], name: parts[1] };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Which version to judge and for which stage. The model and version are looked up (in parallel)
 * once typed, so a typo shows before the dry run.
 */
export function TargetPicker({ value, onChange, errors }: Props) {
  // Look up what was typed once the user leaves the field, not on every keystroke.
  const [checked, setChecked] = useState({ model: value.model, version: value.version });
  const ref = splitModel(checked.model);
  const model = useQuery({
    queryKey: ["models", "one", ref?.group, ref?.name],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}", {
          params: { path: { group: ref?.group ?? "", name: ref?.name ?? "" } },
        }),
      ),
    enabled: ref !== null,
    retry: false,
  });
  const version = useQuery({
    queryKey: ["versions", "one", ref?.group, ref?.name, checked.version.trim()],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}", {
          params: {
            path: {
              group: ref?.group ?? "",
              name: ref?.name ?? "",
              version: checked.version.trim(),
            },
          },
        }),
      ),
    enabled: ref !== null && checked.version.trim() !== "",
    retry: false,
  });
  const check = () => setChecked({ model: value.model, version: value.version });

  const modelError =
    errors.model ??
    (checked.model.trim() && !ref ? "Type the model as group/name." : undefined) ??
    (model.isError ? message(model.error) : undefined);
  const versionError =
    errors.version ?? (version.isError && model.isSuccess ? message(version.error) : undefined);

  return (
    <fieldset className="stack">
      <legend>Version to judge</legend>
      <Field label="Model" hint="group/name, e.g. fraud/credit-scorer" error={modelError}>
        <input
          value={value.model}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onChange({ ...value, model: event.target.value })}
          onBlur={check}
        />
      </Field>
      <Field label="Version" error={versionError}>
        <input
          value={value.version}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onChange({ ...value, version: event.target.value })}
          onBlur={check}
        />
      </Field>
      <p className={`hint ${styles.lookup}`} role="status">
        {version.isSuccess && model.isSuccess ? (
          <>
            Found: now <StageBadge stage={version.data.stage} />{" "}
            <RiskBadge tier={model.data.risk_tier} />
            {version.data.sealed ? " sealed" : " not sealed"}
          </>
        ) : version.isFetching || model.isFetching ? (
          "Looking the version up…"
        ) : null}
      </p>
      <Field label="Target stage" error={errors.target_stage}>
        <select
          value={value.stage}
          onChange={(event) => onChange({ ...value, stage: event.target.value as Stage })}
        >
          {TARGET_STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {stage}
            </option>
          ))}
        </select>
      </Field>
    </fieldset>
  );
}
