// Approve or reject a promotion with a rationale; the rationale survives a refused submit.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api, ApiError, unwrap } from "../../api/client";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useDraft } from "../../components/useDraft";
import {
  approvalStatus,
  describeMissing,
  roleLabel,
  type Promotion,
  type Role,
} from "./approvalState";
import { pendingKey, promotionKey } from "./queries";
import styles from "./Review.module.css";

type Decision = "approve" | "reject";

interface Props {
  promotion: Promotion;
  /** The required roles the user holds; a choice is offered when there are several. */
  roles: Role[];
  /** Why the registry is likely to refuse (e.g. "You requested this promotion."), if known. */
  caution?: string | null;
  /** Called with a sentence saying what the decision did, once the server accepted it. */
  onDecided: (message: string) => void;
}

/** The approve / reject form of a promotion awaiting approval. */
export function ApprovalForm({ promotion, roles, caution, onDecided }: Props) {
  const client = useQueryClient();
  const id = useId();
  const [rationale, setRationale, clearRationale] = useDraft(`approval.${promotion.id}`);
  const [role, setRole] = useState<Role | "">(roles.length === 1 ? (roles[0] ?? "") : "");
  const [localError, setLocalError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (decision: Decision) =>
      unwrap(
        api.POST("/api/v1/promotions/{promotion_id}/approvals", {
          params: { path: { promotion_id: promotion.id } },
          body: {
            decision,
            rationale: rationale.trim(),
            role: roles.length > 1 && role ? role : null,
          },
        }),
      ),
    onSuccess: (updated, decision) => {
      clearRationale();
      client.setQueryData(promotionKey(promotion.id), updated);
      void client.invalidateQueries({ queryKey: pendingKey });
      void client.invalidateQueries({ queryKey: ["versions"] });
      void client.invalidateQueries({ queryKey: ["models"] });
      const status = describeMissing(approvalStatus(updated));
      onDecided(
        `${decision === "approve" ? "Approved" : "Rejected"}. The request is now ` +
          `${updated.state.replace("_", " ")}${status ? ` (${status})` : ""}.`,
      );
    },
  });
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};

  function submit(decision: Decision) {
    return (event: FormEvent) => {
      event.preventDefault();
      if (!rationale.trim()) {
        setLocalError("Say why: the rationale is kept with the approval and audited.");
        return;
      }
      if (roles.length > 1 && !role) {
        setLocalError("Choose the role you decide in.");
        return;
      }
      setLocalError(null);
      mutation.mutate(decision);
    };
  }

  return (
    <form className={`stack ${styles.form}`} noValidate onSubmit={submit("approve")}>
      {caution && <p className="alert alert-info">{caution}</p>}
      {roles.length > 1 && (
        <fieldset className={styles.roles}>
          <legend>Decide as</legend>
          {roles.map((option) => (
            <label key={option}>
              <input
                type="radio"
                name={`${id}-role`}
                value={option}
                checked={role === option}
                onChange={() => setRole(option)}
              />{" "}
              {roleLabel(option)}
            </label>
          ))}
          {fieldErrors.role && <p className="field-error">{fieldErrors.role}</p>}
        </fieldset>
      )}
      <Field
        label="Rationale"
        hint="Recorded with your decision, bound to this version and policy digest."
        error={fieldErrors.rationale ?? localError ?? undefined}
      >
        <textarea
          rows={4}
          value={rationale}
          onChange={(event) => setRationale(event.target.value)}
        />
      </Field>
      {mutation.isError && <ProblemAlert error={mutation.error} action="Your decision" />}
      <div className="row">
        <button type="submit" className="button primary" disabled={mutation.isPending}>
          {mutation.isPending && mutation.variables === "approve" ? "Approving…" : "Approve"}
        </button>
        <button
          type="button"
          className="button"
          disabled={mutation.isPending}
          onClick={(event) => submit("reject")(event)}
        >
          {mutation.isPending && mutation.variables === "reject" ? "Rejecting…" : "Reject"}
        </button>
      </div>
    </form>
  );
}
