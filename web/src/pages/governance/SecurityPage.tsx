import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { StatusBadge } from "../../components/Badges";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { LicenseLists } from "./LicenseLists";
import { securityKeys } from "./queries";
import { TrustedSigners } from "./TrustedSigners";
import styles from "./Governance.module.css";
import { ScrollRegion } from "../../components/ScrollRegion";

function AdvisoryStatus() {
  const status = useQuery({
    queryKey: securityKeys.advisories,
    queryFn: () => unwrap(api.GET("/api/v1/security/advisories")),
  });
  return (
    <QueryState query={status} rows={2} label="Loading the advisory database status">
      {(data) => (
        <div className="stack">
          <p>
            {data.advisories > 0 ? (
              <StatusBadge tone="ok">loaded</StatusBadge>
            ) : (
              <StatusBadge tone="warn">empty</StatusBadge>
            )}{" "}
            {data.advisories > 0
              ? `${data.advisories.toLocaleString()} advisories in the local OSV database.`
              : "No advisories are loaded, so vulnerable dependencies cannot be found."}
          </p>
          <dl className="facts">
            <dt>Database version</dt>
            <dd>{data.database_version ?? "—"}</dd>
            <dt>Imported</dt>
            <dd>
              {data.imported_at ? (
                <time dateTime={data.imported_at}>{formatTime(data.imported_at)}</time>
              ) : (
                "never"
              )}
            </dd>
            <dt>Source</dt>
            <dd>{data.source ?? "—"}</dd>
          </dl>
          <p className="hint">
            Import a current OSV export on the server: <code>modelreg advisories import</code>.
          </p>
        </div>
      )}
    </QueryState>
  );
}

/** Hands `text` to the browser as a file (a blob URL: the CSP allows no data: URLs). */
function saveText(filename: string, text: string): void {
  const href = URL.createObjectURL(new Blob([text], { type: "application/x-pem-file" }));
  const link = document.createElement("a");
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

function AttestationKey() {
  const key = useQuery({
    queryKey: securityKeys.attestationKey,
    queryFn: () => unwrap(api.GET("/api/v1/security/attestation-key")),
  });
  const [copied, setCopied] = useState(false);
  return (
    <QueryState query={key} rows={3} label="Loading the attestation key">
      {(data) => (
        <div className="stack">
          <dl className="facts">
            <dt>Key id</dt>
            <dd>
              <code>{data.keyid}</code>
            </dd>
            <dt>Algorithm</dt>
            <dd>{data.algorithm}</dd>
          </dl>
          <ScrollRegion label="Attestation public key (PEM)">
            <pre className={styles.pem}>{data.public_key_pem}</pre>
          </ScrollRegion>
          <div className="row">
            <button
              type="button"
              className="button"
              onClick={() => {
                void navigator.clipboard
                  ?.writeText(data.public_key_pem)
                  .then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy public key"}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => saveText("modelreg-attestation-key.pem", data.public_key_pem)}
            >
              Download .pem
            </button>
          </div>
          <p className="hint">Pin this key to verify the registry's attestations offline.</p>
        </div>
      )}
    </QueryState>
  );
}

function Licenses() {
  const lists = useQuery({
    queryKey: securityKeys.licenses,
    queryFn: () => unwrap(api.GET("/api/v1/security/license-policy")),
  });
  return (
    <QueryState query={lists} rows={4} label="Loading the license lists">
      {(data) => <LicenseLists saved={data} />}
    </QueryState>
  );
}

const SECTIONS = [
  { id: "licenses", title: "License lists" },
  { id: "signers", title: "Trusted signers" },
  { id: "advisories", title: "Advisories" },
  { id: "attestation-key", title: "Attestation key" },
];

/** Security settings: license lists, trusted signers, the advisory database, the attestation key. */
export function SecurityPage() {
  return (
    <>
      <PageHeader title="Security settings" />
      <nav aria-label="Sections" className="tabs">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{section.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="hint">Security exceptions are granted per version, on the version's page.</p>
      <section aria-labelledby="licenses">
        <h2 id="licenses">License lists</h2>
        <Licenses />
      </section>
      <section aria-labelledby="signers">
        <h2 id="signers">Trusted signers</h2>
        <TrustedSigners />
      </section>
      <section aria-labelledby="advisories">
        <h2 id="advisories">Advisories</h2>
        <AdvisoryStatus />
      </section>
      <section aria-labelledby="attestation-key">
        <h2 id="attestation-key">Attestation key</h2>
        <AttestationKey />
      </section>
    </>
  );
}
