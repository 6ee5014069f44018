import type { Schemas } from "../../../api/client";
import { StatusBadge, type Tone } from "../../../components/Badges";
import { QueryState } from "../../../components/QueryState";
import { formatTime } from "../../../components/Time";
import styles from "./Security.module.css";
import { useUploadedSignature, useVerification } from "./useSecurity";
import type { VersionParams } from "./versionData";

type Check = Schemas["SignatureCheckRead"];

const CHECK_WORDS: Record<Check["status"], [Tone, string]> = {
  verified: ["ok", "verified"],
  missing: ["neutral", "missing"],
  invalid: ["bad", "unverified: invalid"],
  untrusted: ["bad", "unverified: untrusted signer"],
  not_scanned: ["info", "not checked yet"],
};

/** What the model signature check found, in words. */
function ModelSignature({
  check,
  uploaded,
}: {
  check: Check;
  uploaded: Schemas["SignatureRead"] | null;
}) {
  const [tone, word] = CHECK_WORDS[check.status];
  return (
    <div className="stack">
      <p className={styles.statusLine}>
        <strong>Model signature:</strong> <StatusBadge tone={tone}>{word}</StatusBadge>
      </p>
      <ul className={styles.checks}>
        {check.status === "verified" && (
          <li>
            Signed by {check.signer || "a trusted signer"}
            {check.identity ? ` (${check.identity})` : ""} with a {check.method} signature; it
            covers {check.signed_files} file(s) and matches every file of the current digest.
          </li>
        )}
        {check.status === "missing" && (
          <li>No model-signing bundle was uploaded for this version.</li>
        )}
        {check.status === "not_scanned" && (
          <li>The newest uploaded bundle has not been checked by the signature scan yet.</li>
        )}
        {check.identity && check.status !== "verified" && (
          <li>Signer identity: {check.identity}</li>
        )}
        {check.key_fingerprint && (
          <li>
            Key fingerprint <code>{check.key_fingerprint}</code>
          </li>
        )}
        {check.reason && <li>Why: {check.reason}</li>}
        {check.scanned_at && <li>Checked {formatTime(check.scanned_at)}</li>}
        {uploaded && (
          <li>
            Bundle uploaded by {uploaded.uploaded_by} on {formatTime(uploaded.uploaded_at)} (
            {uploaded.method}, sha256 <code>{uploaded.sha256.slice(0, 12)}…</code>)
          </li>
        )}
      </ul>
    </div>
  );
}

function RegistrySignature({ verification }: { verification: Schemas["VerificationRead"] }) {
  const signature = verification.registry_signature;
  const [tone, word] = !signature
    ? (["neutral", "missing"] as const)
    : signature.valid
      ? (["ok", "verified"] as const)
      : (["bad", "unverified"] as const);
  return (
    <div className="stack">
      <p className={styles.statusLine}>
        <strong>Registry signature:</strong> <StatusBadge tone={tone}>{word}</StatusBadge>
      </p>
      <ul className={styles.checks}>
        {!signature && (
          <li>The registry signs a version when it is sealed; this one is not sealed.</li>
        )}
        {signature?.valid && (
          <li>
            The registry key <code>{signature.keyid.slice(0, 16)}…</code> signed exactly this
            version&apos;s manifest (digest <code>{signature.digest.slice(0, 19)}…</code>),
            re-checked now.
          </li>
        )}
        {signature && !signature.valid && <li>Why: {signature.reason ?? "it does not verify"}</li>}
        {signature && <li>Signed {formatTime(signature.created_at)}</li>}
      </ul>
    </div>
  );
}

function Attestations({ items }: { items: Schemas["AttestationRead"][] }) {
  return (
    <div className="stack">
      <p className={styles.statusLine}>
        <strong>Promotion attestations:</strong>{" "}
        {items.length === 0 && <StatusBadge tone="neutral">none</StatusBadge>}
      </p>
      {items.length === 0 ? (
        <p className="hint">The registry attests each promotion it executes.</p>
      ) : (
        <ul className={styles.checks}>
          {items.map((a) => (
            <li key={a.id}>
              To {a.stage} on {formatTime(a.created_at)}:{" "}
              <StatusBadge tone={a.valid ? "ok" : "bad"}>
                {a.valid ? "verified" : "unverified"}
              </StatusBadge>
              {a.valid
                ? " (DSSE signature verifies under the registry key and names the current digest)"
                : ` (${a.reason ?? "does not verify"})`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Signature and attestation status, re-verified by the server when read. */
export function SignatureSection({ params }: { params: VersionParams }) {
  const verification = useVerification(params);
  const uploaded = useUploadedSignature(params);
  return (
    <section className="card stack" aria-labelledby="signature-title">
      <h3 id="signature-title">Signatures and attestations</h3>
      <QueryState query={verification} rows={4} label="Verifying the signatures">
        {(v) => (
          <>
            <ModelSignature check={v.signature} uploaded={uploaded.data ?? null} />
            <RegistrySignature verification={v} />
            <Attestations items={v.attestations} />
            <p className="hint">
              Registry attestation key <code>{v.attestation_key.keyid.slice(0, 16)}…</code> (
              {v.attestation_key.algorithm}).
            </p>
          </>
        )}
      </QueryState>
    </section>
  );
}
