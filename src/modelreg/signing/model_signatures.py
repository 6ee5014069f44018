"""Offline verification of OpenSSF model-signing signatures uploaded with a version.

A model-signing signature is a Sigstore bundle (v0.3 JSON) whose DSSE envelope carries an
in-toto statement listing the SHA-256 of every file of the model. Two offline kinds exist:

* key: signed with an ECDSA private key (P-256/384/521); verified against the trusted public
  keys that security architects configure. model-signing accepts only ECDSA keys, so other
  keys in the trusted list (e.g. RSA) are skipped with a note.
* certificate: signed with a key whose X.509 certificate (plus intermediates) is embedded in the
  bundle; verified against configured CA certificates, and the certificate's identity (SAN
  email/URI/DNS) must be one of the configured identities. The CA list must not be empty:
  model-signing would otherwise fall back to the system (certifi) roots.

Sigstore keyless signatures (Fulcio/Rekor) need the network and are reported as unsupported.
The verification itself is model-signing's public API (`model_signing.verifying.Config`); this
module only chooses keys, maps failures to reasons and never lets an exception escape.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import model_signing.verifying
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

logger = logging.getLogger(__name__)

# What model-signing's ec_key verifier accepts (sign_ec_key._check_supported_ec_key).
_SUPPORTED_CURVES = frozenset({"secp256r1", "secp384r1", "secp521r1"})
_BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json"

Method = Literal["key", "certificate"]


@dataclass(frozen=True)
class SignatureVerdict:
    """Outcome of verifying a model signature; stored with the version and fed to policy.

    `key_fingerprint` is the SHA-256 (hex) of the DER SubjectPublicKeyInfo of the key that
    verified (for certificates: the signing certificate's key), the same key id that
    `modelreg.signing.attestations.key_id` computes. `notes` carries non-fatal remarks such
    as skipped trusted keys.
    """

    valid: bool
    method: Method
    key_fingerprint: str | None
    signed_files: int
    reason: str | None
    signer_identity: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _spki_fingerprint(public_key: ec.EllipticCurvePublicKey) -> str:
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def _read_bundle(signature_path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """Parse the bundle enough to pick the verification method; return (bundle, problem)."""
    try:
        raw = json.loads(signature_path.read_text(encoding="utf-8"))
    except OSError as exc:
        return None, f"signature file cannot be read: {exc.strerror}"
    except (UnicodeDecodeError, ValueError):
        return None, "malformed signature bundle: not JSON"
    if not isinstance(raw, dict):
        return None, "malformed signature bundle: not a JSON object"
    if raw.get("mediaType") != _BUNDLE_MEDIA_TYPE:
        return None, (
            f"malformed signature bundle: mediaType {raw.get('mediaType')!r}, "
            f"expected {_BUNDLE_MEDIA_TYPE!r}"
        )
    material = raw.get("verificationMaterial")
    envelope = raw.get("dsseEnvelope")
    if not isinstance(material, dict) or not isinstance(envelope, dict):
        return None, "malformed signature bundle: lacks verificationMaterial or dsseEnvelope"
    return raw, None


def _method_of(bundle: Mapping[str, Any]) -> Method | None:
    material = bundle["verificationMaterial"]
    if "x509CertificateChain" in material:
        return "certificate"
    if "publicKey" in material:
        return "key"
    return None  # e.g. a keyless Sigstore bundle with a Fulcio certificate + Rekor entry


def _signed_file_count(bundle: Mapping[str, Any]) -> int:
    """Number of resources in the (already verified) statement; 0 if it cannot be read."""
    try:
        payload = base64.b64decode(bundle["dsseEnvelope"]["payload"], validate=True)
        resources = json.loads(payload)["predicate"]["resources"]
    except (KeyError, TypeError, ValueError, binascii.Error):
        return 0
    return len(resources) if isinstance(resources, list) else 0


def _describe_failure(exc: Exception) -> str:
    """Turn a model-signing verification error into a reason for people."""
    message = str(exc).strip()
    if isinstance(exc, InvalidSignature):
        return "signature does not verify under the trusted key"
    if message.startswith("Signature mismatch"):
        return "model files do not match the signature: " + message.removeprefix(
            "Signature mismatch: "
        )
    if message.startswith("Key mismatch"):
        return "signature was made by a key that is not trusted"
    if type(exc).__name__ == "X509StoreContextError":
        return f"signing certificate does not chain to a trusted CA: {message}"
    first_line = message.splitlines()[0] if message else ""
    return f"malformed signature bundle or model: {type(exc).__name__}: {first_line[:300]}"


def verify_model_signature(
    model_dir: Path,
    signature_path: Path,
    trusted_public_keys: Sequence[bytes],
    *,
    trusted_ca_certificates: Sequence[bytes] = (),
    trusted_identities: Sequence[str] = (),
) -> SignatureVerdict:
    """Verify a model-signing signature of `model_dir` offline; never raises on bad input.

    Key signatures are checked against each ECDSA key in `trusted_public_keys` (PEM) and are
    valid if any verifies. Certificate signatures are checked against `trusted_ca_certificates`
    (PEM, one or more each) and the signing certificate must name one of `trusted_identities`.
    Every file of the model must be covered: a changed, added or removed file is invalid.
    """
    bundle, problem = _read_bundle(signature_path)
    if bundle is None:
        return SignatureVerdict(False, "key", None, 0, problem)
    method = _method_of(bundle)
    if method is None:
        return SignatureVerdict(
            False,
            "certificate",
            None,
            0,
            "keyless Sigstore signatures need online verification and are not supported",
        )
    if not model_dir.is_dir():
        return SignatureVerdict(False, method, None, 0, f"model directory {model_dir} not found")
    if method == "key":
        return _verify_with_keys(model_dir, signature_path, bundle, trusted_public_keys)
    return _verify_with_certificates(
        model_dir, signature_path, bundle, trusted_ca_certificates, trusted_identities
    )


def _verify_with_keys(
    model_dir: Path,
    signature_path: Path,
    bundle: Mapping[str, Any],
    trusted_public_keys: Sequence[bytes],
) -> SignatureVerdict:
    notes: list[str] = []
    usable: list[tuple[str, bytes]] = []
    for index, pem in enumerate(trusted_public_keys):
        try:
            key = serialization.load_pem_public_key(pem)
        except (ValueError, TypeError):
            notes.append(f"trusted key #{index} skipped: not a PEM public key")
            continue
        if not isinstance(key, ec.EllipticCurvePublicKey):
            notes.append(
                f"trusted key #{index} skipped: {type(key).__name__.lstrip('_')} keys are not "
                "supported by model-signing (ECDSA only)"
            )
            continue
        if key.curve.name not in _SUPPORTED_CURVES:
            notes.append(f"trusted key #{index} skipped: unsupported curve {key.curve.name}")
            continue
        # Re-serialise: model-signing matches its key hint against this exact PEM form.
        usable.append(
            (
                _spki_fingerprint(key),
                key.public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                ),
            )
        )
    if not usable:
        return SignatureVerdict(
            False, "key", None, 0, "no usable trusted ECDSA public keys", notes=tuple(notes)
        )

    reasons: list[str] = []
    with tempfile.TemporaryDirectory(prefix="modelreg-verify-") as tmp:
        for index, (fingerprint, pem) in enumerate(usable):
            key_path = Path(tmp) / f"key{index}.pub"
            key_path.write_bytes(pem)
            try:
                config = model_signing.verifying.Config().use_elliptic_key_verifier(  # type: ignore[no-untyped-call]
                    public_key=key_path
                )
                config.verify(model_dir, signature_path)
            except Exception as exc:  # model-signing raises many types on bad bundles
                logger.debug("model signature check with key %s failed: %r", fingerprint, exc)
                reasons.append(_describe_failure(exc))
                continue
            return SignatureVerdict(
                True, "key", fingerprint, _signed_file_count(bundle), None, notes=tuple(notes)
            )
    # A reason from the key that matched the signature (tampered file, bad signature) says more
    # than the other keys' "not this key".
    untrusted = "signature was made by a key that is not trusted"
    reason = next((r for r in reasons if r != untrusted), untrusted)
    return SignatureVerdict(False, "key", None, 0, reason, notes=tuple(notes))


def _certificate_identities(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    names: list[str] = []
    names.extend(san.get_values_for_type(x509.RFC822Name))
    names.extend(san.get_values_for_type(x509.UniformResourceIdentifier))
    names.extend(san.get_values_for_type(x509.DNSName))
    return names


def _verify_with_certificates(
    model_dir: Path,
    signature_path: Path,
    bundle: Mapping[str, Any],
    trusted_ca_certificates: Sequence[bytes],
    trusted_identities: Sequence[str],
) -> SignatureVerdict:
    if not trusted_ca_certificates:
        return SignatureVerdict(
            False, "certificate", None, 0, "no trusted CA certificates configured"
        )
    if not trusted_identities:
        return SignatureVerdict(
            False, "certificate", None, 0, "no trusted certificate identities configured"
        )
    try:
        chain = bundle["verificationMaterial"]["x509CertificateChain"]["certificates"]
        leaf = x509.load_der_x509_certificate(base64.b64decode(chain[0]["rawBytes"]))
    except (KeyError, IndexError, TypeError, ValueError, binascii.Error):
        return SignatureVerdict(
            False,
            "certificate",
            None,
            0,
            "malformed signature bundle: unreadable signing certificate",
        )
    leaf_key = leaf.public_key()
    fingerprint = (
        _spki_fingerprint(leaf_key) if isinstance(leaf_key, ec.EllipticCurvePublicKey) else None
    )

    with tempfile.TemporaryDirectory(prefix="modelreg-verify-") as tmp:
        ca_path = Path(tmp) / "ca.pem"
        ca_path.write_bytes(b"\n".join(pem.strip() for pem in trusted_ca_certificates) + b"\n")
        try:
            config = model_signing.verifying.Config().use_certificate_verifier(  # type: ignore[no-untyped-call]
                certificate_chain=[ca_path]
            )
            config.verify(model_dir, signature_path)
        except Exception as exc:  # model-signing raises many types on bad bundles
            logger.debug("model signature check with certificates failed: %r", exc)
            return SignatureVerdict(False, "certificate", fingerprint, 0, _describe_failure(exc))

    identities = _certificate_identities(leaf)
    matched = next((i for i in identities if i in set(trusted_identities)), None)
    if matched is None:
        return SignatureVerdict(
            False,
            "certificate",
            fingerprint,
            0,
            f"signing certificate identities {identities or '(none)'} are not trusted",
        )
    return SignatureVerdict(
        True, "certificate", fingerprint, _signed_file_count(bundle), None, signer_identity=matched
    )
