"""The signature scanner: checks a version's uploaded model-signing bundle against trusted signers.

Statuses (`details["status"]`, also `scans.signature.status` in the policy input):

* `verified`: the signature covers exactly the version's files and was made by an active
  trusted signer (`signer` names it).
* `missing`: no signature was uploaded. No finding: policy rules decide whether that blocks.
* `invalid`: the bundle is malformed, a file was changed, added or removed after signing, or the
  signature claims a trusted key but does not verify under it. Finding `signature-invalid`
  (critical).
* `untrusted`: a well-formed signature by a key or certificate that no active trusted signer
  covers, including keyless Sigstore signatures, which cannot be checked offline. Finding
  `signature-untrusted` (high).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from modelreg.domain.security_findings import SIGNATURE, ScannerResult, make_finding

if TYPE_CHECKING:
    from modelreg.signing.model_signatures import SignatureVerdict

VERIFIED, MISSING, INVALID, UNTRUSTED = "verified", "missing", "invalid", "untrusted"


def _verify_model_signature(*args: Any, **kwargs: Any) -> SignatureVerdict:
    """`modelreg.signing.model_signatures.verify_model_signature`, imported on first use:
    model-signing and sigstore take most of a second, and only the scan worker verifies."""
    from modelreg.signing.model_signatures import verify_model_signature

    return verify_model_signature(*args, **kwargs)


STATUSES = (VERIFIED, MISSING, INVALID, UNTRUSTED)
SCANNER_VERSION = f"modelreg-signature/1 model-signing/{package_version('model-signing')}"
# The path of a finding about the version as a whole rather than one of its files.
FINDING_PATH = "(signature)"

# What `_describe_failure` in modelreg.signing.model_signatures says when a certificate does not
# chain to any configured CA: the signature may be fine, it is just not from anyone trusted.
_NOT_CHAINED = "signing certificate does not chain to a trusted CA"


@dataclass(frozen=True)
class TrustedSigner:
    """An active trusted signer: an ECDSA public key, or a CA bundle plus a signer identity."""

    name: str
    kind: Literal["key", "certificate"]
    public_key_pem: str | None = None
    ca_pem: str | None = None
    identity: str | None = None


@dataclass(frozen=True)
class _Outcome:
    status: str
    method: str = ""
    signer: str = ""
    key_fingerprint: str | None = None
    signed_files: int = 0
    reason: str | None = None
    identity: str | None = None


def key_hint(public_key_pem: bytes) -> str | None:
    """The hint model-signing writes into a key-signed bundle: SHA-256 of the key's PEM form."""
    try:
        key = serialization.load_pem_public_key(public_key_pem)
    except (ValueError, TypeError):
        return None
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(pem).hexdigest()


def _bundle_material(bundle: str) -> dict[str, Any] | None:
    """The bundle's verificationMaterial, or None when it cannot even be read."""
    try:
        raw = json.loads(bundle)
    except ValueError:
        return None
    material = raw.get("verificationMaterial") if isinstance(raw, dict) else None
    return material if isinstance(material, dict) else None


def _leaf_identities(material: dict[str, Any]) -> set[str] | None:
    """E-mail, URI and DNS names of the signing certificate; None if it cannot be read."""
    try:
        raw = material["x509CertificateChain"]["certificates"][0]["rawBytes"]
        leaf = x509.load_der_x509_certificate(base64.b64decode(raw))
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set()
    except (KeyError, IndexError, TypeError, ValueError, binascii.Error):
        return None
    names: set[str] = set()
    for kind in (x509.RFC822Name, x509.UniformResourceIdentifier, x509.DNSName):
        names.update(san.get_values_for_type(kind))
    return names


def _from_verdict(verdict: SignatureVerdict, signer: str) -> _Outcome:
    if verdict.valid:
        return _Outcome(
            VERIFIED,
            verdict.method,
            signer,
            verdict.key_fingerprint,
            verdict.signed_files,
            None,
            verdict.signer_identity,
        )
    return _Outcome(INVALID, verdict.method, "", verdict.key_fingerprint, 0, verdict.reason)


def _check_key(
    files_dir: Path, sig: Path, material: dict[str, Any], signers: Sequence[TrustedSigner]
) -> _Outcome:
    # The bundle names its key only by this hint; a signature whose hint matches no trusted key
    # was made by someone else (untrusted), one that matches but fails to verify is forged or
    # altered (invalid). The hint is unauthenticated, so it only picks the key to verify with.
    public = material.get("publicKey")
    hint = public.get("hint") if isinstance(public, dict) else None
    keyed = [s for s in signers if s.kind == "key" and s.public_key_pem]
    candidates = [s for s in keyed if key_hint(str(s.public_key_pem).encode()) == hint]
    if not hint:
        candidates = keyed  # an older bundle format without a hint: try every trusted key
    if not candidates:
        return _Outcome(
            UNTRUSTED,
            "key",
            reason="signed with a key that is not one of the active trusted signers",
        )
    outcome = _Outcome(INVALID, "key", reason="no trusted key verifies the signature")
    for signer in candidates:
        verdict = _verify_model_signature(files_dir, sig, [str(signer.public_key_pem).encode()])
        outcome = _from_verdict(verdict, signer.name)
        if outcome.status == VERIFIED:
            return outcome
    return outcome


def _check_certificate(
    files_dir: Path, sig: Path, material: dict[str, Any], signers: Sequence[TrustedSigner]
) -> _Outcome:
    identities = _leaf_identities(material)
    if identities is None:
        return _Outcome(
            INVALID,
            "certificate",
            reason="malformed signature bundle: unreadable signing certificate",
        )
    # Each signer pairs one CA bundle with one identity; checking them together per signer keeps
    # one signer's CA from vouching for another signer's identity.
    candidates = [
        s
        for s in signers
        if s.kind == "certificate" and s.ca_pem and s.identity and s.identity in identities
    ]
    if not candidates:
        return _Outcome(
            UNTRUSTED,
            "certificate",
            reason=f"signing certificate identities {sorted(identities) or '(none)'} match no "
            "active trusted signer",
        )
    outcome = _Outcome(UNTRUSTED, "certificate")
    for signer in candidates:
        verdict = _verify_model_signature(
            files_dir,
            sig,
            [],
            trusted_ca_certificates=[str(signer.ca_pem).encode()],
            trusted_identities=[str(signer.identity)],
        )
        if verdict.valid:
            return _from_verdict(verdict, signer.name)
        untrusted = (verdict.reason or "").startswith(_NOT_CHAINED)
        outcome = _Outcome(
            UNTRUSTED if untrusted else INVALID,
            "certificate",
            key_fingerprint=verdict.key_fingerprint,
            reason=verdict.reason,
        )
        if not untrusted:
            return outcome
    return outcome


def signed_paths(bundle: str) -> set[str] | None:
    """The file paths the bundle's statement lists; None when they cannot be read."""
    try:
        envelope = json.loads(bundle)["dsseEnvelope"]
        statement = json.loads(base64.b64decode(envelope["payload"], validate=True))
        return {str(r["name"]) for r in statement["predicate"]["resources"]}
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None


def _covered(files_dir: Path, bundle: str, outcome: _Outcome) -> _Outcome:
    """Turn a verified outcome invalid when some file of the version is not signed at all."""
    # model-signing skips some paths when signing and verifying (git files, --ignore-paths), so
    # "verified" alone would let such a file ride along unsigned.
    if outcome.status != VERIFIED:
        return outcome
    signed = signed_paths(bundle) or set()
    present = {p.relative_to(files_dir).as_posix() for p in files_dir.rglob("*") if p.is_file()}
    unsigned = sorted(present - signed)
    if not unsigned:
        return outcome
    return _Outcome(
        INVALID,
        outcome.method,
        key_fingerprint=outcome.key_fingerprint,
        reason=f"the signature does not cover {', '.join(unsigned[:10])} (model-signing skipped "
        "them when signing: sign again with --no-ignore-git-paths and no --ignore-paths)",
    )


def _check(files_dir: Path, bundle: str, signers: Sequence[TrustedSigner]) -> _Outcome:
    return _covered(files_dir, bundle, _verify(files_dir, bundle, signers))


def _verify(files_dir: Path, bundle: str, signers: Sequence[TrustedSigner]) -> _Outcome:
    material = _bundle_material(bundle)
    with tempfile.TemporaryDirectory(prefix="modelreg-signature-") as tmp:
        # Outside files_dir: a file next to the model would count as an unsigned model file.
        sig = Path(tmp) / "model.sig"
        sig.write_text(bundle, encoding="utf-8")
        if material is None:
            verdict = _verify_model_signature(files_dir, sig, [])
            return _Outcome(INVALID, "", reason=verdict.reason or "malformed signature bundle")
        if "x509CertificateChain" in material:
            return _check_certificate(files_dir, sig, material, signers)
        if "publicKey" in material:
            return _check_key(files_dir, sig, material, signers)
        # Let the verifier phrase it (a keyless bundle, or one it cannot read).
        verdict = _verify_model_signature(files_dir, sig, [])
        keyless = "keyless" in (verdict.reason or "")
        return _Outcome(UNTRUSTED if keyless else INVALID, "", reason=verdict.reason)


def check_signature(
    files_dir: Path, bundle: str | None, signers: Sequence[TrustedSigner]
) -> ScannerResult:
    """Verify the newest uploaded bundle of a version's files against the active signers.

    Never raises: anything unexpected becomes an `invalid` result with the reason.
    """
    result = ScannerResult(scanner=SIGNATURE, scanner_version=SCANNER_VERSION)
    if bundle is None:
        result.details = _details(_Outcome(MISSING, reason="no signature was uploaded"), None)
        return result
    bundle_sha256 = hashlib.sha256(bundle.encode("utf-8")).hexdigest()
    try:
        outcome = _check(files_dir, bundle, signers)
    except Exception as exc:  # a scanner must report, not crash the worker
        outcome = _Outcome(INVALID, reason=f"signature check failed: {type(exc).__name__}: {exc}")
    result.details = _details(outcome, bundle_sha256)
    if outcome.status == INVALID:
        result.findings.append(
            make_finding(
                SIGNATURE,
                "signature",
                "signature-invalid",
                "critical",
                FINDING_PATH,
                f"the model signature is invalid: {outcome.reason}",
                key=bundle_sha256,
                details={"reason": outcome.reason, "method": outcome.method},
            )
        )
    elif outcome.status == UNTRUSTED:
        result.findings.append(
            make_finding(
                SIGNATURE,
                "signature",
                "signature-untrusted",
                "high",
                FINDING_PATH,
                f"the model signature is not from a trusted signer: {outcome.reason}",
                key=bundle_sha256,
                details={"reason": outcome.reason, "method": outcome.method},
            )
        )
    return result


def _details(outcome: _Outcome, bundle_sha256: str | None) -> dict[str, Any]:
    return {
        "status": outcome.status,
        "signer": outcome.signer,
        "method": outcome.method,
        "identity": outcome.identity,
        "key_fingerprint": outcome.key_fingerprint,
        "signed_files": outcome.signed_files,
        "reason": outcome.reason,
        "bundle_sha256": bundle_sha256,
    }
