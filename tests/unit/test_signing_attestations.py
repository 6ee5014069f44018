"""The registry's promotion attestations: in-toto Statement v1 in a DSSE envelope."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from modelreg.domain.errors import Unavailable
from modelreg.signing import RegistryKey, build_statement, pae, sign_envelope, verify_envelope
from modelreg.signing.attestations import PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE

VERSION_DIGEST = "a" * 64
POLICY_DIGEST = "sha256:" + "b" * 64
ISSUED = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.UTC)


def _statement() -> dict[str, Any]:
    return build_statement(
        subject_name="vision/resnet@1.2.0",
        version_digest="sha256:" + VERSION_DIGEST,
        decision_id="dec-42",
        approvers=["alice", "bob"],
        policy_digest=POLICY_DIGEST,
        stage="production",
        issued_at=ISSUED,
    )


@pytest.fixture(scope="module")
def key() -> RegistryKey:
    return RegistryKey.generate()


def test_pae_matches_spec_layout() -> None:
    # DSSE v1 protocol.md: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )
    assert pae("", b"") == b"DSSEv1 0  0 "
    # Lengths count bytes, not characters.
    assert pae("t\u00e9", b"\xc3\xa9") == b"DSSEv1 3 t\xc3\xa9 2 \xc3\xa9"


def test_statement_shape() -> None:
    statement = _statement()
    assert statement["_type"] == STATEMENT_TYPE
    assert statement["subject"] == [
        {"name": "vision/resnet@1.2.0", "digest": {"sha256": VERSION_DIGEST}}
    ]
    assert statement["predicateType"] == PREDICATE_TYPE
    assert statement["predicate"] == {
        "decisionId": "dec-42",
        "approvers": ["alice", "bob"],
        "policyDigest": POLICY_DIGEST,
        "stage": "production",
        "issuedAt": "2025-03-01T12:30:00Z",
    }


def test_statement_rejects_bad_digest_and_naive_time() -> None:
    with pytest.raises(ValueError, match="version_digest"):
        build_statement("m@1", "abc", "d", [], POLICY_DIGEST, "prod", ISSUED)
    with pytest.raises(ValueError, match="timezone"):
        build_statement(
            "m@1", VERSION_DIGEST, "d", [], POLICY_DIGEST, "prod", ISSUED.replace(tzinfo=None)
        )


def test_round_trip(key: RegistryKey) -> None:
    envelope = sign_envelope(_statement(), key)
    assert envelope["payloadType"] == PAYLOAD_TYPE
    assert envelope["signatures"][0]["keyid"] == key.keyid
    # The envelope survives JSON storage.
    envelope = json.loads(json.dumps(envelope))
    verdict = verify_envelope(envelope, [key.public_key_pem()])
    assert verdict.valid, verdict.reason
    assert verdict.keyid == key.keyid
    assert verdict.statement == _statement()
    assert verdict.reason is None


def test_signature_is_over_pae(key: RegistryKey) -> None:
    envelope = sign_envelope(_statement(), key)
    payload = base64.b64decode(envelope["payload"])
    sig = base64.b64decode(envelope["signatures"][0]["sig"])
    key.public_key.verify(sig, pae(PAYLOAD_TYPE, payload), ec.ECDSA(hashes.SHA256()))


def test_keyid_is_sha256_of_der_spki(key: RegistryKey) -> None:
    der = key.public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert key.keyid == hashlib.sha256(der).hexdigest()


def test_tampered_payload_is_invalid(key: RegistryKey) -> None:
    envelope = sign_envelope(_statement(), key)
    statement = _statement()
    statement["predicate"]["approvers"].append("mallory")
    envelope["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
    verdict = verify_envelope(envelope, [key.public_key_pem()])
    assert not verdict.valid
    assert verdict.statement is None
    assert verdict.reason is not None
    assert "does not verify" in verdict.reason


def test_tampered_signature_is_invalid(key: RegistryKey) -> None:
    envelope = sign_envelope(_statement(), key)
    sig = bytearray(base64.b64decode(envelope["signatures"][0]["sig"]))
    sig[-1] ^= 0x01
    envelope["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
    verdict = verify_envelope(envelope, [key.public_key_pem()])
    assert not verdict.valid
    assert verdict.reason is not None


def test_tampered_payload_type_is_invalid(key: RegistryKey) -> None:
    envelope = sign_envelope(_statement(), key)
    envelope["payloadType"] = "application/json"
    verdict = verify_envelope(envelope, [key.public_key_pem()])
    assert not verdict.valid
    assert verdict.reason is not None
    assert "payloadType" in verdict.reason


def test_unknown_key_is_invalid(key: RegistryKey) -> None:
    envelope = sign_envelope(_statement(), key)
    other = RegistryKey.generate()
    verdict = verify_envelope(envelope, [other.public_key_pem()])
    assert not verdict.valid
    assert verdict.reason is not None
    assert "not a trusted key" in verdict.reason


def test_forged_keyid_does_not_help(key: RegistryKey) -> None:
    forger = RegistryKey.generate()
    envelope = sign_envelope(_statement(), forger)
    envelope["signatures"][0]["keyid"] = key.keyid
    verdict = verify_envelope(envelope, [key.public_key_pem()])
    assert not verdict.valid


def test_empty_keyid_tries_all_trusted_keys(key: RegistryKey) -> None:
    envelope = sign_envelope(_statement(), key)
    envelope["signatures"][0]["keyid"] = ""
    other = RegistryKey.generate()
    verdict = verify_envelope(envelope, [other.public_key_pem(), key.public_key_pem()])
    assert verdict.valid, verdict.reason
    assert verdict.keyid == key.keyid


def test_signed_but_malformed_statement_is_invalid(key: RegistryKey) -> None:
    statement = _statement()
    envelope = sign_envelope(statement, key)
    # Re-sign a statement lacking fields by going around sign_envelope's own check.
    broken = copy.deepcopy(statement)
    del broken["predicate"]["decisionId"]
    payload = json.dumps(broken).encode()
    envelope["payload"] = base64.b64encode(payload).decode()
    envelope["signatures"][0]["sig"] = base64.b64encode(
        key.sign(pae(PAYLOAD_TYPE, payload))
    ).decode()
    verdict = verify_envelope(envelope, [key.public_key_pem()])
    assert not verdict.valid
    assert verdict.reason is not None
    assert "decisionId" in verdict.reason


@pytest.mark.parametrize(
    "envelope",
    [
        None,
        [],
        {},
        {"payloadType": PAYLOAD_TYPE, "payload": "%%%", "signatures": []},
        {"payloadType": PAYLOAD_TYPE, "payload": "e30=", "signatures": []},
        {"payloadType": PAYLOAD_TYPE, "payload": "e30=", "signatures": ["x"]},
        {"payloadType": PAYLOAD_TYPE, "payload": "e30=", "signatures": [{"sig": "***"}]},
    ],
)
def test_garbage_envelopes_are_invalid(key: RegistryKey, envelope: object) -> None:
    verdict = verify_envelope(envelope, [key.public_key_pem()])
    assert not verdict.valid
    assert verdict.reason


def test_sign_envelope_refuses_malformed_statement(key: RegistryKey) -> None:
    with pytest.raises(ValueError, match="malformed"):
        sign_envelope({"_type": STATEMENT_TYPE}, key)


def test_key_file_created_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "registry-attestation.pem"
    created = RegistryKey.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = RegistryKey.load_or_create(path)
    assert loaded.keyid == created.keyid
    envelope = sign_envelope(_statement(), created)
    assert verify_envelope(envelope, [loaded.public_key_pem()]).valid


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "registry.pem"
    RegistryKey.generate().save(path)
    path.chmod(0o644)
    with pytest.raises(Unavailable, match="chmod 600"):
        RegistryKey.load(path)


def test_non_p256_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "registry.pem"
    other = ec.generate_private_key(ec.SECP384R1())
    path.write_bytes(
        other.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
    with pytest.raises(Unavailable, match="P-256"):
        RegistryKey.load(path)
