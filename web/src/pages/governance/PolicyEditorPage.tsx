import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useCan } from "../../app/me";
import { Field } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { useDraft } from "../../components/useDraft";
import { CodeEditor, focusLine } from "./CodeEditor";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DryRunVerdict } from "./DryRunVerdict";
import { isDocumentProblem, locateProblems, type LocatedProblem } from "./policyDoc";
import { policyKeys, useActivePolicy } from "./queries";
import { TARGET_STAGES, TargetPicker, type Target } from "./TargetPicker";
import styles from "./Governance.module.css";

type Stage = Schemas["Stage"];
type PolicySet = Schemas["PolicySetRead"];

/** The server's refusal split into problems with the text (by line) and with the other fields. */
interface Refusal {
  action: string;
  error: unknown;
  document: LocatedProblem[];
  fields: Partial<Record<"model" | "version" | "target_stage", string>>;
}

function refusal(action: string, error: unknown, text: string): Refusal {
  const problems = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  const fields: Refusal["fields"] = {};
  for (const problem of problems) {
    const head = problem.loc.filter((part) => part !== "body")[0];
    if ((head === "model" || head === "version" || head === "target_stage") && !fields[head]) {
      fields[head] = problem.msg;
    }
  }
  return {
    action,
    error,
    document: locateProblems(text, problems.filter(isDocumentProblem)),
    fields,
  };
}

/** Edit a policy set, judge a version under it without deciding anything, and publish it. */
export function PolicyEditorPage() {
  const active = useActivePolicy();
  return (
    <>
      <PageHeader
        title="Edit and dry-run a policy set"
        crumbs={[{ label: "Policy sets", to: "/policies" }]}
      />
      <QueryState query={active} rows={10} label="Loading the active policy set">
        {(policy) => <PolicyEditor active={policy} />}
      </QueryState>
    </>
  );
}

/** The editor, the version to judge, the verdict and the publish action. */
export function PolicyEditor({ active }: { active: PolicySet }) {
  const client = useQueryClient();
  const canPublish = useCan("policies:write");
  const [text, setText] = useDraft("policy-editor.text", active.text);
  const [model, setModel] = useDraft("policy-editor.model");
  const [version, setVersion] = useDraft("policy-editor.version");
  const [stage, setStage] = useDraft("policy-editor.stage", "production");
  const target: Target = {
    model,
    version,
    stage: (TARGET_STAGES as string[]).includes(stage) ? (stage as Stage) : "production",
  };
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [published, setPublished] = useState<PolicySet | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  const dryRun = useMutation({
    mutationFn: (body: Schemas["DryRunRequest"]) =>
      unwrap(api.POST("/api/v1/policies/dry-run", { body })),
    onMutate: () => {
      setRefused(null);
      publish.reset();
    },
    onError: (error, body) => setRefused(refusal("The dry run", error, body.text)),
  });
  const publish = useMutation({
    mutationFn: (body: string) => unwrap(api.PUT("/api/v1/policies", { body: { text: body } })),
    onMutate: () => {
      setRefused(null);
      setPublished(null);
    },
    onError: (error, body) => {
      setConfirming(false);
      setRefused(refusal("Publishing", error, body));
    },
    onSuccess: async (policy) => {
      setConfirming(false);
      setPublished(policy);
      await client.invalidateQueries({ queryKey: policyKeys.all });
    },
  });

  const problemLines = useMemo(
    () =>
      new Set((refused?.document ?? []).flatMap((problem) => (problem.line ? [problem.line] : []))),
    [refused],
  );
  const documentRefused = refused !== null && refused.document.length > 0;
  const edited = text !== active.text;

  return (
    <div className={styles.editorLayout}>
      <section aria-labelledby="draft-title" className="stack">
        <h2 id="draft-title">Draft</h2>
        <p className="hint">
          Starts from the active policy set, #{active.number} ({active.name})
          {edited ? "; edited" : "; unchanged"}. Your text is kept in this tab until you publish.
        </p>
        <Field
          label="Policy set (YAML)"
          hint="Tab inserts two spaces; press Escape, then Tab, to move on."
          error={documentRefused ? "The server refused this policy set; see below." : undefined}
        >
          <CodeEditor
            value={text}
            onChange={setText}
            problemLines={problemLines}
            textareaRef={textarea}
          />
        </Field>
        {documentRefused && (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{refused.action} failed: the policy set is invalid</p>
            <ul className={styles.problems}>
              {refused.document.map((problem, index) => (
                <li key={index}>
                  {problem.line ? (
                    <button
                      type="button"
                      className="button tiny"
                      onClick={() =>
                        textarea.current && focusLine(textarea.current, problem.line ?? 1)
                      }
                    >
                      Line {problem.line}
                    </button>
                  ) : null}{" "}
                  {problem.msg}
                </li>
              ))}
            </ul>
            {refused.error instanceof ApiError && refused.error.problem?.request_id && (
              <p className="hint">Request id {refused.error.problem.request_id}</p>
            )}
          </div>
        )}
        <div className="row">
          <button
            type="button"
            className="button"
            disabled={!edited}
            onClick={() => setText(active.text)}
          >
            Reset to the active policy set
          </button>
          {canPublish && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setPublished(null);
                setConfirming(true);
              }}
            >
              Publish as new version
            </button>
          )}
        </div>
        {publish.isError && !documentRefused && (
          <ProblemAlert error={publish.error} action="Publishing the policy set" />
        )}
        {published && (
          <div className="alert alert-success" role="status">
            Published as{" "}
            <Link to={`/policies/${published.number}`}>policy set #{published.number}</Link>; it is
            active now.
          </div>
        )}
      </section>
      <section aria-labelledby="judge-title" className="stack">
        <h2 id="judge-title">Dry run</h2>
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            dryRun.mutate({
              text,
              model: target.model.trim(),
              version: target.version.trim(),
              target_stage: target.stage,
            });
          }}
        >
          <TargetPicker
            value={target}
            onChange={(next) => {
              setModel(next.model);
              setVersion(next.version);
              setStage(next.stage);
            }}
            errors={refused?.fields ?? {}}
          />
          <div>
            <button type="submit" className="button primary" disabled={dryRun.isPending}>
              {dryRun.isPending ? "Running…" : "Dry run"}
            </button>
          </div>
          {dryRun.isError &&
            !documentRefused &&
            Object.keys(refused?.fields ?? {}).length === 0 && (
              <ProblemAlert error={dryRun.error} action="The dry run" />
            )}
        </form>
        {dryRun.isSuccess && (
          <DryRunVerdict result={dryRun.data} stage={dryRun.variables.target_stage} />
        )}
      </section>
      {confirming && (
        <ConfirmDialog
          title="Publish this policy set?"
          confirmLabel="Publish"
          busy={publish.isPending}
          onConfirm={() => publish.mutate(text)}
          onCancel={() => setConfirming(false)}
        >
          <p>
            It becomes policy set #{active.number + 1} or later and is active at once: every
            promotion from now on is judged under it. Earlier versions stay listed.
          </p>
          {!edited && <p>The text is the same as the active policy set.</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}
