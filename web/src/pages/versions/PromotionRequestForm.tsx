import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, api, unwrap, type Schemas } from "../../api/client";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useDraft } from "../../components/useDraft";
import { PromotionVerdict } from "./PromotionVerdict";
import { versionPath } from "./queries";
import { versionQueryKey } from "./versionContext";

type Stage = Schemas["Stage"];

// Every stage in lifecycle order. Which moves are allowed is the server's rule: it names the
// allowed targets when it refuses one, so the form does not keep a second copy of that table.
const STAGES: Stage[] = [
  "draft",
  "submitted",
  "staging",
  "production",
  "deprecated",
  "archived",
  "rejected",
];

/** The stage after `current` in lifecycle order, as the form's first suggestion. */
export function suggestedTarget(current: Stage): Stage {
  const next = STAGES[STAGES.indexOf(current) + 1];
  return next && next !== "rejected" ? next : "archived";
}

interface Props {
  group: string;
  name: string;
  versionId: string;
  stage: Stage;
}

/** Asks to move the version to another stage and shows the policy's verdict, blocked or not. */
export function PromotionRequestForm({ group, name, versionId, stage }: Props) {
  const draftKey = `promotion.${group}/${name}@${versionId}`;
  const [picked, setPicked] = useState<Stage>(() => suggestedTarget(stage));
  // Once a promotion has moved the version, the stage it reached is no longer a target.
  const target = picked === stage ? suggestedTarget(stage) : picked;
  const [rationale, setRationale, clearRationale] = useDraft(`${draftKey}.rationale`);
  const [missing, setMissing] = useState(false);
  const client = useQueryClient();
  const request = useMutation({
    mutationFn: (body: Schemas["PromotionCreate"]) =>
      unwrap(
        api.POST("/api/v1/models/{group}/{name}/versions/{version}/promotions", {
          params: versionPath(group, name, versionId),
          body,
        }),
      ),
    onSuccess: () => {
      clearRationale();
      void client.invalidateQueries({ queryKey: versionQueryKey(group, name, versionId) });
    },
  });
  const fields = request.error instanceof ApiError ? request.error.fieldErrors() : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = rationale.trim();
    setMissing(!text);
    if (!text) return;
    request.mutate({ target_stage: target, rationale: text });
  }

  return (
    <div className="stack">
      <form className="stack" onSubmit={submit} noValidate aria-label="Request a promotion">
        <Field label="Target stage" error={fields.target_stage}>
          <select value={target} onChange={(e) => setPicked(e.target.value as Stage)}>
            {STAGES.filter((s) => s !== stage).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Rationale"
          hint="Why this version should move: what changed, what evidence there is."
          error={missing ? "Write a rationale: approvers read it." : fields.rationale}
        >
          <textarea value={rationale} onChange={(e) => setRationale(e.target.value)} rows={3} />
        </Field>
        {request.isError && (
          <ProblemAlert error={request.error} action="Requesting the promotion" />
        )}
        <div>
          <button type="submit" className="button primary" disabled={request.isPending}>
            {request.isPending ? "Requesting…" : "Request promotion"}
          </button>
        </div>
      </form>
      <div aria-live="polite">{request.data && <PromotionVerdict promotion={request.data} />}</div>
    </div>
  );
}
