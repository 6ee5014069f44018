import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useCan } from "../../app/me";
import { StatusBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { EmptyState } from "../../components/EmptyState";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { useDraft } from "../../components/useDraft";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { securityKeys, useUserNames } from "./queries";
import styles from "./Governance.module.css";
import { ScrollRegion } from "../../components/ScrollRegion";

type Signer = Schemas["TrustedSignerRead"];
type Kind = Schemas["TrustedSignerCreate"]["kind"];

/** A form to trust an ECDSA public key, or a CA bundle plus the identity certificates must name. */
function AddSignerForm() {
  const client = useQueryClient();
  const [name, setName, clearName] = useDraft("signer.name");
  const [kind, setKind] = useState<Kind>("key");
  const [pem, setPem, clearPem] = useDraft("signer.pem");
  const [identity, setIdentity, clearIdentity] = useDraft("signer.identity");
  const [ca, setCa, clearCa] = useDraft("signer.ca");
  const add = useMutation({
    mutationFn: (body: Schemas["TrustedSignerCreate"]) =>
      unwrap(api.POST("/api/v1/security/trusted-signers", { body })),
    onSuccess: async () => {
      clearName();
      clearPem();
      clearIdentity();
      clearCa();
      await client.invalidateQueries({ queryKey: securityKeys.signers });
    },
  });
  const fields = add.error instanceof ApiError ? add.error.fieldErrors() : {};
  const placed = ["name", "kind", "public_key_pem", "identity", "ca_pem"].some((f) => f in fields);
  return (
    <form
      className="stack card"
      aria-labelledby="add-signer"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate(
          kind === "key"
            ? { name: name.trim(), kind, public_key_pem: pem }
            : { name: name.trim(), kind, identity: identity.trim(), ca_pem: ca },
        );
      }}
    >
      <h3 id="add-signer">Trust a signer</h3>
      <Field
        label="Name"
        hint="Letters, digits, . _ @ -; kept after revocation."
        error={fields.name}
      >
        <input value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />
      </Field>
      <fieldset className={styles.plain}>
        <legend>Kind</legend>
        <div className="row">
          <label>
            <input
              type="radio"
              name="signer-kind"
              checked={kind === "key"}
              onChange={() => setKind("key")}
            />{" "}
            Public key
          </label>
          <label>
            <input
              type="radio"
              name="signer-kind"
              checked={kind === "certificate"}
              onChange={() => setKind("certificate")}
            />{" "}
            Certificate identity
          </label>
        </div>
      </fieldset>
      {kind === "key" ? (
        <Field
          label="Public key (PEM)"
          hint="ECDSA P-256, P-384 or P-521, e.g. from openssl ec -in signer.pem -pubout"
          error={fields.public_key_pem}
        >
          <textarea value={pem} rows={5} onChange={(e) => setPem(e.target.value)} />
        </Field>
      ) : (
        <>
          <Field
            label="Identity"
            hint="The e-mail address or URI the signing certificate names."
            error={fields.identity}
          >
            <input
              value={identity}
              autoComplete="off"
              onChange={(e) => setIdentity(e.target.value)}
            />
          </Field>
          <Field
            label="CA certificates (PEM)"
            hint="The certificate must chain to one of these."
            error={fields.ca_pem}
          >
            <textarea value={ca} rows={5} onChange={(e) => setCa(e.target.value)} />
          </Field>
        </>
      )}
      <div>
        <button type="submit" className="button primary" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Trust signer"}
        </button>
      </div>
      {add.isError && !placed && <ProblemAlert error={add.error} action="Trusting the signer" />}
      {add.isError && placed && (
        <p className="field-error" role="status">
          Not added: see the fields marked above.
        </p>
      )}
      {add.isSuccess && (
        <p className="alert alert-success" role="status">
          {add.data.name} is trusted now; versions it signed are verified again.
        </p>
      )}
    </form>
  );
}

function SignerRow({ signer, onRemove }: { signer: Signer; onRemove?: () => void }) {
  const userName = useUserNames();
  return (
    <tr>
      <th scope="row">{signer.name}</th>
      <td>{signer.kind === "key" ? "public key" : "certificate"}</td>
      <td>
        {signer.kind === "key" && signer.key_fingerprint && (
          <Digest value={signer.key_fingerprint} label={`fingerprint of ${signer.name}`} />
        )}
        {signer.kind === "certificate" && (
          <>
            <span>{signer.identity}</span>
            {signer.ca_subjects.length > 0 && (
              <p className="hint">issued under {signer.ca_subjects.join("; ")}</p>
            )}
          </>
        )}
      </td>
      <td>
        {userName(signer.created_by)}
        <br />
        <time className="hint" dateTime={signer.created_at}>
          {formatTime(signer.created_at)}
        </time>
      </td>
      <td>
        {signer.active ? (
          <StatusBadge tone="ok">trusted</StatusBadge>
        ) : (
          <StatusBadge tone="neutral">revoked</StatusBadge>
        )}
        {signer.revoked_at && (
          <p className="hint">
            <time dateTime={signer.revoked_at}>{formatTime(signer.revoked_at)}</time>
          </p>
        )}
      </td>
      {onRemove !== undefined && (
        <td>
          {signer.active && (
            // An aria-label, not hidden text: an absolutely placed span inside a scrolled table
            // would widen the page on a phone.
            <button
              type="button"
              className="button tiny"
              aria-label={`Remove ${signer.name}`}
              onClick={onRemove}
            >
              Remove
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

/** The signers whose model signatures count; security architects add and remove them. */
export function TrustedSigners() {
  const client = useQueryClient();
  const editable = useCan("security:write");
  const signers = useQuery({
    queryKey: securityKeys.signers,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/security/trusted-signers", {
          params: { query: { include_revoked: true } },
        }),
      ),
  });
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (name: string) =>
      unwrap(api.DELETE("/api/v1/security/trusted-signers/{name}", { params: { path: { name } } })),
    onSettled: () => setRemoving(null),
    onSuccess: () => client.invalidateQueries({ queryKey: securityKeys.signers }),
  });
  return (
    <div className="stack">
      <QueryState query={signers} rows={3} label="Loading trusted signers">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No trusted signer">
              Only the registry's own signature counts until a signer is trusted.
            </EmptyState>
          ) : (
            <ScrollRegion label="Trusted signer list">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Key or identity</th>
                    <th scope="col">Added</th>
                    <th scope="col">Status</th>
                    {editable && <th scope="col">Action</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.map((signer) => (
                    <SignerRow
                      key={signer.name}
                      signer={signer}
                      onRemove={editable ? () => setRemoving(signer.name) : undefined}
                    />
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )
        }
      </QueryState>
      {remove.isError && <ProblemAlert error={remove.error} action="Removing the signer" />}
      {editable && <AddSignerForm />}
      {removing && (
        <ConfirmDialog
          title={`Stop trusting ${removing}?`}
          confirmLabel="Remove signer"
          danger
          busy={remove.isPending}
          onConfirm={() => remove.mutate(removing)}
          onCancel={() => setRemoving(null)}
        >
          <p>
            Signatures by {removing} stop counting, and versions it verified are scanned again. The
            signer stays listed as revoked.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
