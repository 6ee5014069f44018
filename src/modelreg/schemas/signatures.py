"""Model signatures, trusted signers and registry attestations: request and response documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field

from modelreg.schemas.common import Schema, example

SignerKind = Literal["key", "certificate"]
SignatureStatus = Literal["verified", "missing", "invalid", "untrusted", "not_scanned"]

_KEY_EXAMPLE = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...\n"
    "-----END PUBLIC KEY-----\n"
)


class TrustedSignerCreate(Schema):
    """Trust an ECDSA public key, or a CA bundle plus one signer identity, for model signatures."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            name="ml-platform-release", kind="key", public_key_pem=_KEY_EXAMPLE
        ),
    )
    name: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$",
        description="Unique name (letters, digits, `.`, `_`, `@`, `-`); kept after revocation.",
    )
    kind: SignerKind
    public_key_pem: str | None = Field(
        default=None,
        max_length=20_000,
        description="kind `key`: an ECDSA P-256, P-384 or P-521 public key (PEM).",
    )
    ca_pem: str | None = Field(
        default=None,
        max_length=500_000,
        description="kind `certificate`: one or more PEM CA certificates the signing "
        "certificate must chain to.",
    )
    identity: str | None = Field(
        default=None,
        max_length=500,
        description="kind `certificate`: the e-mail address or URI the signing certificate "
        "must name in its Subject Alternative Name.",
    )


class TrustedSignerRead(Schema):
    """A trusted signer; revoked ones stay listed (with `revoked_at`) for the record."""

    name: str
    kind: SignerKind
    public_key_pem: str | None
    key_fingerprint: str | None = Field(
        description="kind `key`: SHA-256 (hex) of the DER SubjectPublicKeyInfo."
    )
    ca_pem: str | None
    ca_subjects: list[str] = Field(description="Subjects of the CA certificates, for reading.")
    identity: str | None
    active: bool
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


class SignatureRead(Schema):
    """The newest model-signing signature (a Sigstore bundle) uploaded for a version."""

    model: str
    version: str
    sha256: str = Field(description="SHA-256 of the bundle as uploaded.")
    size: int
    method: Literal["key", "certificate", "keyless"]
    uploaded_at: datetime
    uploaded_by: str
    bundle: dict[str, Any]


class SignatureCheckRead(Schema):
    """The result of the newest signature scan of the version's current digest."""

    status: SignatureStatus = Field(
        description="`not_scanned` when the newest uploaded bundle has not been scanned yet."
    )
    signer: str = Field(description="Name of the trusted signer that verified, if any.")
    method: str
    identity: str | None
    key_fingerprint: str | None
    signed_files: int
    reason: str | None
    bundle_sha256: str | None = Field(description="SHA-256 of the newest uploaded bundle.")
    scanned_at: datetime | None


class AttestationRead(Schema):
    """A registry attestation of the version, re-verified when it was read."""

    id: str
    stage: str
    promotion_id: str
    decision_id: str
    keyid: str
    version_digest: str
    created_at: datetime
    valid: bool = Field(
        description="The DSSE signature verifies under the registry key and the statement "
        "names the version's current digest."
    )
    reason: str | None
    statement: dict[str, Any] | None
    envelope: dict[str, Any]


class RegistrySignatureRead(Schema):
    """The registry's model-signing signature over a sealed version's manifest.

    `bundle` is the Sigstore bundle exactly as stored: write it to a file and
    `model_signing verify key --signature FILE --public_key registry.pub DIR` checks pulled files.
    """

    model: str
    version: str
    digest: str = Field(description="The version digest whose manifest was signed.")
    keyid: str = Field(description="SHA-256 (hex) of the DER SubjectPublicKeyInfo of the key.")
    sha256: str = Field(description="SHA-256 of the bundle text.")
    created_at: datetime
    valid: bool = Field(
        description="The signature verifies under the registry key and lists exactly the "
        "version's current manifest (re-checked when read)."
    )
    reason: str | None
    bundle: dict[str, Any]


class AttestationKeyRead(Schema):
    """The registry's public attestation key; pin it to verify attestations offline."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            keyid="5f0c…", algorithm="ecdsa-p256-sha256", public_key_pem=_KEY_EXAMPLE
        ),
    )
    keyid: str = Field(description="SHA-256 (hex) of the DER SubjectPublicKeyInfo.")
    algorithm: Literal["ecdsa-p256-sha256"]
    public_key_pem: str


class VerificationRead(Schema):
    """Signature status and re-verified attestations of a version, with the registry key."""

    model: str
    version: str
    digest: str = Field(description="The version's current digest.")
    sealed: bool
    signature: SignatureCheckRead
    registry_signature: RegistrySignatureRead | None = Field(
        description="The registry's seal-time signature; null for an unsealed version."
    )
    attestations: list[AttestationRead]
    attestation_key: AttestationKeyRead
