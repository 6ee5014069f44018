"""The registry's own model signature of a sealed version, in the OpenSSF model-signing format.

The registry signs a version's manifest when it is sealed, from the manifest alone (paths and
SHA-256 digests; the artifact bytes are never read), and the result is exactly what
`model_signing sign key --no-ignore-git-paths` writes for a directory holding those files:

* a Sigstore bundle v0.3 (`mediaType`, `verificationMaterial.publicKey.hint` = SHA-256 of the
  PEM public key, no transparency log entries) whose `dsseEnvelope` carries
* an in-toto Statement v1 with predicate type `https://model_signing/signature/v1.0`: the
  predicate's `serialization` is `{"method": "files", "hash_type": "sha256",
  "allow_symlinks": false}` and `resources` lists every file (`name`, `algorithm` sha256,
  `digest`) in path order; the subject digest is the SHA-256 over the concatenated raw file
  digests in that order, as model-signing computes it;
* signed with ECDSA-SHA256 (the registry key is P-256) over the DSSE PAE of the payload, which
  is JSON indented by two spaces like the protobuf JSON that model-signing emits.

So `model_signing verify key --signature registry.sig --public_key registry.pub DIR` (or
`model_signing.verifying.Config().use_elliptic_key_verifier(...)`) accepts a pulled version
directory. `verify_manifest_signature` checks such a bundle against a manifest, without files.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from modelreg.signing.attestations import PAYLOAD_TYPE, STATEMENT_TYPE, RegistryKey, pae

BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json"
MODEL_SIGNING_PREDICATE = "https://model_signing/signature/v1.0"
SERIALIZATION = {"method": "files", "hash_type": "sha256", "allow_symlinks": False}


def key_hint(public_key: ec.EllipticCurvePublicKey) -> str:
    """The key hint model-signing writes and checks: SHA-256 (hex) of the key's PEM form."""
    pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(pem).hexdigest()


def _resources(files: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    # model-signing sorts its manifest by PurePosixPath, i.e. by path components.
    ordered = sorted(files, key=lambda f: tuple(str(f["path"]).split("/")))
    return [
        {"name": str(f["path"]), "algorithm": "sha256", "digest": str(f["sha256"])} for f in ordered
    ]


def _root_digest(resources: Sequence[Mapping[str, str]]) -> str:
    hasher = hashlib.sha256()
    for resource in resources:
        hasher.update(bytes.fromhex(resource["digest"]))
    return hasher.hexdigest()


def manifest_statement(subject_name: str, files: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The model-signing in-toto statement listing every file (`path`, `sha256`) of a manifest."""
    resources = _resources(files)
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": subject_name, "digest": {"sha256": _root_digest(resources)}}],
        "predicateType": MODEL_SIGNING_PREDICATE,
        "predicate": {"serialization": dict(SERIALIZATION), "resources": resources},
    }


def sign_manifest(key: RegistryKey, subject_name: str, files: Sequence[Mapping[str, Any]]) -> str:
    """Sign a manifest into a model-signing bundle (JSON text, as `model_signing` writes it)."""
    payload = json.dumps(manifest_statement(subject_name, files), indent=2).encode("utf-8")
    signature = key.sign(pae(PAYLOAD_TYPE, payload))
    material = {"publicKey": {"hint": key_hint(key.public_key)}, "tlogEntries": []}
    bundle = {
        "mediaType": BUNDLE_MEDIA_TYPE,
        "verificationMaterial": material,
        "dsseEnvelope": {
            "payload": base64.b64encode(payload).decode("ascii"),
            "payloadType": PAYLOAD_TYPE,
            "signatures": [{"sig": base64.b64encode(signature).decode("ascii"), "keyid": ""}],
        },
    }
    return json.dumps(bundle, separators=(",", ":"))


@dataclass(frozen=True)
class ManifestVerdict:
    """Outcome of checking a model-signing bundle against a key and a manifest."""

    valid: bool
    reason: str | None
    statement: dict[str, Any] | None = None


def _fail(reason: str) -> ManifestVerdict:
    return ManifestVerdict(False, reason)


def _signed_statement(bundle: Mapping[str, Any], public_key: ec.EllipticCurvePublicKey) -> Any:
    """The statement of a bundle whose DSSE signature verifies under `public_key`, or a reason."""
    if bundle.get("mediaType") != BUNDLE_MEDIA_TYPE:
        return f"mediaType is {bundle.get('mediaType')!r}, expected {BUNDLE_MEDIA_TYPE!r}"
    material = bundle.get("verificationMaterial")
    public = material.get("publicKey") if isinstance(material, Mapping) else None
    if not isinstance(public, Mapping) or public.get("hint") != key_hint(public_key):
        return "the bundle was not made with this key (its key hint names another key)"
    envelope = bundle.get("dsseEnvelope")
    if not isinstance(envelope, Mapping) or envelope.get("payloadType") != PAYLOAD_TYPE:
        return f"the bundle holds no DSSE envelope of type {PAYLOAD_TYPE!r}"
    signatures = envelope.get("signatures")
    try:
        payload = base64.b64decode(str(envelope.get("payload")), validate=True)
        sig = base64.b64decode(str(signatures[0]["sig"]), validate=True)  # type: ignore[index]
    except (KeyError, IndexError, TypeError, ValueError, binascii.Error):
        return "the bundle's payload or signature is not readable base64"
    try:
        public_key.verify(sig, pae(PAYLOAD_TYPE, payload), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return "the signature does not verify under the key (payload or signature altered)"
    try:
        return json.loads(payload)
    except ValueError:
        return "the signed payload is not JSON"


def verify_manifest_signature(
    bundle_text: str,
    public_key_pem: bytes,
    subject_name: str,
    files: Sequence[Mapping[str, Any]],
) -> ManifestVerdict:
    """Check a P-256 model-signing bundle against a key and the exact manifest; never raises.

    Valid when the DSSE signature verifies under the key, the statement is a model-signing v1.0
    statement named `subject_name`, and its resources are exactly `files` (path and SHA-256).
    """
    try:
        bundle = json.loads(bundle_text)
        public_key = serialization.load_pem_public_key(public_key_pem)
    except ValueError:
        return _fail("the bundle is not JSON or the key is not a PEM public key")
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or not isinstance(
        public_key.curve, ec.SECP256R1
    ):
        return _fail("the key is not an ECDSA P-256 public key")
    if not isinstance(bundle, Mapping):
        return _fail("the bundle is not a JSON object")
    statement = _signed_statement(bundle, public_key)
    if isinstance(statement, str):
        return _fail(statement)
    try:
        named = statement["subject"][0]
        predicate = statement["predicate"]
        signed = {r["name"]: r["digest"] for r in predicate["resources"]}
        if statement["_type"] != STATEMENT_TYPE:
            return _fail(f"the statement type is not {STATEMENT_TYPE}")
        if statement["predicateType"] != MODEL_SIGNING_PREDICATE:
            return _fail(f"the predicate type is not {MODEL_SIGNING_PREDICATE}")
        if predicate["serialization"] != SERIALIZATION:
            return _fail(f"the serialization is not {SERIALIZATION}")
        if named["digest"]["sha256"] != _root_digest(predicate["resources"]):
            return _fail("the statement's subject digest does not match its resources")
    except (KeyError, IndexError, TypeError, ValueError):
        return _fail("the signed statement is not a model-signing v1.0 statement")
    if named["name"] != subject_name:
        return _fail(f"the signature names {named['name']!r}, not {subject_name!r}")
    expected = {str(f["path"]): str(f["sha256"]) for f in files}
    if signed != expected:
        changed = sorted(
            p for p in expected.keys() | signed.keys() if signed.get(p) != expected.get(p)
        )
        return _fail(f"the signed files differ from the manifest at {', '.join(changed[:10])}")
    return ManifestVerdict(True, None, statement)
