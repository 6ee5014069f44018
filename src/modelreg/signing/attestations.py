"""The registry's own promotion attestations: in-toto Statements v1 in DSSE envelopes.

For every approved version the registry issues a statement whose subject is the version digest
and whose predicate records the decision id, the approvers, the policy digest, the stage and the
time of issue. The statement is signed with the registry's ECDSA P-256 key over the DSSE
pre-authentication encoding (PAE), so `verify_envelope` can re-check it offline with nothing
but the registry's public key.

DSSE: https://github.com/secure-systems-lab/dsse/blob/v1.0.0/protocol.md
in-toto Statement v1: https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from modelreg.domain.errors import Unavailable

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://modelreg.dev/attestations/promotion/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_PREDICATE_FIELDS = ("decisionId", "approvers", "policyDigest", "stage", "issuedAt")


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding.

    `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, where LEN is the ASCII decimal byte
    length with no leading zeros and `type` is UTF-8 encoded.
    """
    type_bytes = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(type_bytes), type_bytes, len(payload), payload)


def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    """SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


class RegistryKey:
    """The registry's ECDSA P-256 attestation signing key."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError(f"registry key must be ECDSA P-256, got {private_key.curve.name}")
        self._private_key = private_key

    @classmethod
    def generate(cls) -> RegistryKey:
        """Make a fresh P-256 key (not persisted; see `save`)."""
        return cls(ec.generate_private_key(ec.SECP256R1()))

    @classmethod
    def load(cls, path: Path) -> RegistryKey:
        """Load a PEM (PKCS#8, unencrypted) key; refuse one readable by group or others."""
        try:
            mode = path.stat().st_mode
            data = path.read_bytes()
        except OSError as exc:
            raise Unavailable(f"registry key {path} cannot be read: {exc.strerror}") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise Unavailable(
                f"registry key {path} is accessible by group or others "
                f"(mode {stat.S_IMODE(mode):o}); run `chmod 600 {path}`"
            )
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            raise Unavailable(
                f"registry key {path} is not an unencrypted PEM private key"
            ) from None
        if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(
            key.curve, ec.SECP256R1
        ):
            raise Unavailable(f"registry key {path} must be an ECDSA P-256 key")
        return cls(key)

    @classmethod
    def load_or_create(cls, path: Path) -> RegistryKey:
        """Load the key at `path`, creating it (mode 0600) if it does not exist yet."""
        if not path.exists():
            cls.generate().save(path)
        return cls.load(path)

    def save(self, path: Path) -> None:
        """Write the key as PEM, owner-only (0600); never overwrite an existing file.

        If another process created the file first, theirs is kept (load it instead).
        """
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = self._private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())

    @property
    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self._private_key.public_key()

    @property
    def keyid(self) -> str:
        return key_id(self.public_key)

    def public_key_pem(self) -> bytes:
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, data: bytes) -> bytes:
        """ECDSA-SHA256 signature (DER) over `data`."""
        return self._private_key.sign(data, ec.ECDSA(hashes.SHA256()))


def _normalise_digest(digest: str, what: str) -> str:
    value = digest.removeprefix("sha256:")
    if not _SHA256_HEX.match(value):
        raise ValueError(f"{what} must be a SHA-256 digest (64 lowercase hex, optional 'sha256:')")
    return value


def build_statement(
    subject_name: str,
    version_digest: str,
    decision_id: str,
    approvers: Sequence[str],
    policy_digest: str,
    stage: str,
    issued_at: datetime,
) -> dict[str, Any]:
    """Build the in-toto Statement v1 for an approved version.

    Digests may be given as bare hex or with a `sha256:` prefix; the subject carries bare hex as
    the in-toto DigestSet requires. `issued_at` must be timezone-aware and is stored in UTC.
    """
    if not subject_name:
        raise ValueError("subject_name must not be empty")
    if not decision_id:
        raise ValueError("decision_id must not be empty")
    if not stage:
        raise ValueError("stage must not be empty")
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    if isinstance(approvers, str) or not all(isinstance(a, str) and a for a in approvers):
        raise ValueError("approvers must be a list of non-empty strings")
    return {
        "_type": STATEMENT_TYPE,
        "subject": [
            {
                "name": subject_name,
                "digest": {"sha256": _normalise_digest(version_digest, "version_digest")},
            }
        ],
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "decisionId": decision_id,
            "approvers": list(approvers),
            "policyDigest": "sha256:" + _normalise_digest(policy_digest, "policy_digest"),
            "stage": stage,
            "issuedAt": issued_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        },
    }


def _encode_statement(statement: Mapping[str, Any]) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sign_envelope(statement: Mapping[str, Any], key: RegistryKey) -> dict[str, Any]:
    """Sign a statement into a DSSE envelope (signature over PAE(payloadType, payload))."""
    problem = _statement_problem(statement)
    if problem is not None:
        raise ValueError(f"refusing to sign a malformed statement: {problem}")
    payload = _encode_statement(statement)
    signature = key.sign(pae(PAYLOAD_TYPE, payload))
    return {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(payload).decode("ascii"),
        "signatures": [{"keyid": key.keyid, "sig": base64.b64encode(signature).decode("ascii")}],
    }


@dataclass(frozen=True)
class AttestationVerdict:
    """Outcome of verifying a DSSE envelope; `statement` is set only when valid."""

    valid: bool
    keyid: str | None
    statement: dict[str, Any] | None
    reason: str | None


def _invalid(reason: str, keyid: str | None = None) -> AttestationVerdict:
    return AttestationVerdict(valid=False, keyid=keyid, statement=None, reason=reason)


def _load_public_keys(public_keys: Sequence[bytes]) -> dict[str, ec.EllipticCurvePublicKey]:
    loaded: dict[str, ec.EllipticCurvePublicKey] = {}
    for pem in public_keys:
        try:
            key = serialization.load_pem_public_key(pem)
        except (ValueError, TypeError):
            continue
        if isinstance(key, ec.EllipticCurvePublicKey):
            loaded[key_id(key)] = key
    return loaded


def _b64decode(value: object) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def verify_envelope(envelope: object, public_keys: Sequence[bytes]) -> AttestationVerdict:
    """Verify a DSSE envelope against trusted PEM public keys; never raises on bad input.

    Valid when the payloadType is in-toto, some signature verifies over the PAE under a
    trusted key, and the payload is a well-formed promotion statement.
    """
    if not isinstance(envelope, Mapping):
        return _invalid("envelope is not a JSON object")
    payload_type = envelope.get("payloadType")
    if payload_type != PAYLOAD_TYPE:
        return _invalid(f"payloadType is {payload_type!r}, expected {PAYLOAD_TYPE!r}")
    payload = _b64decode(envelope.get("payload"))
    if payload is None:
        return _invalid("payload is not valid base64")
    signatures = envelope.get("signatures")
    if not isinstance(signatures, list) or not signatures:
        return _invalid("envelope has no signatures")
    trusted = _load_public_keys(public_keys)
    if not trusted:
        return _invalid("no trusted ECDSA public keys configured")

    message = pae(payload_type, payload)
    verified_keyid: str | None = None
    failure = "no signature was made by a trusted key"
    for entry in signatures:
        if not isinstance(entry, Mapping):
            failure = "signature entry is not a JSON object"
            continue
        sig = _b64decode(entry.get("sig"))
        if sig is None:
            failure = "signature is not valid base64"
            continue
        claimed = entry.get("keyid")
        # DSSE keyid is an unauthenticated hint: try the named key, or every key if unnamed.
        if isinstance(claimed, str) and claimed:
            if claimed not in trusted:
                failure = f"signature keyid {claimed} is not a trusted key"
                continue
            candidates = [(claimed, trusted[claimed])]
        else:
            candidates = list(trusted.items())
        for kid, public_key in candidates:
            try:
                public_key.verify(sig, message, ec.ECDSA(hashes.SHA256()))
            except InvalidSignature:
                failure = (
                    f"signature does not verify under key {kid} (payload or signature altered)"
                )
                continue
            verified_keyid = kid
            break
        if verified_keyid is not None:
            break
    if verified_keyid is None:
        return _invalid(failure)

    try:
        statement = json.loads(payload)
    except (UnicodeDecodeError, ValueError):
        return _invalid("signed payload is not JSON", verified_keyid)
    problem = _statement_problem(statement)
    if problem is not None:
        return _invalid(f"signed statement is malformed: {problem}", verified_keyid)
    return AttestationVerdict(valid=True, keyid=verified_keyid, statement=statement, reason=None)


def _statement_problem(statement: object) -> str | None:
    """Describe what is wrong with a promotion statement, or None if it is well-formed."""
    if not isinstance(statement, Mapping):
        return "statement is not a JSON object"
    if statement.get("_type") != STATEMENT_TYPE:
        return f"_type must be {STATEMENT_TYPE!r}"
    if statement.get("predicateType") != PREDICATE_TYPE:
        return f"predicateType must be {PREDICATE_TYPE!r}"
    subjects = statement.get("subject")
    if not isinstance(subjects, list) or len(subjects) != 1:
        return "subject must be a list with exactly one entry"
    subject = subjects[0]
    if not isinstance(subject, Mapping) or not isinstance(subject.get("name"), str):
        return "subject must have a string name"
    digest = subject.get("digest")
    if not isinstance(digest, Mapping) or not _SHA256_HEX.match(str(digest.get("sha256", ""))):
        return "subject digest must hold a sha256 hex digest"
    predicate = statement.get("predicate")
    if not isinstance(predicate, Mapping):
        return "predicate must be a JSON object"
    missing = [f for f in _PREDICATE_FIELDS if f not in predicate]
    if missing:
        return f"predicate lacks {', '.join(missing)}"
    for name in ("decisionId", "policyDigest", "stage", "issuedAt"):
        if not isinstance(predicate[name], str) or not predicate[name]:
            return f"predicate {name} must be a non-empty string"
    approvers = predicate["approvers"]
    if not isinstance(approvers, list) or not all(isinstance(a, str) for a in approvers):
        return "predicate approvers must be a list of strings"
    return None
