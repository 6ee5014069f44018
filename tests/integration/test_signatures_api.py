"""Model signatures, trusted signers and registry attestations over HTTP, with real keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import model_signing.signing
import pytest
from api_support import MODEL, Api, assert_problem
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient

from modelreg.api.app import create_app
from modelreg.domain.access import Role
from modelreg.signing import key_id, verify_envelope
from modelreg.wiring import build_registry

M = "/api/v1/models/fraud/credit-scorer"
V = M + "/versions/1.0.0"
SIGNERS = "/api/v1/security/trusted-signers"
FILES = {"model.bin": b"\x00weights\x01" * 100, "config.json": b'{"layers": 4}\n'}
LINEAGE = [
    {"kind": "dataset", "uri": "s3://risk/q3.parquet"},
    {
        "kind": "code",
        "repository": "https://git.example.com/risk",
        "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
    },
]


def public_pem(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sign(tmp_path: Path, key: ec.EllipticCurvePrivateKey, files: dict[str, bytes]) -> bytes:
    """A real model-signing bundle over `files`."""
    root = tmp_path / f"model-{len(list(tmp_path.iterdir()))}"
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    key_file = root.with_suffix(".key")
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    sig = root.with_suffix(".sig")
    model_signing.signing.Config().use_elliptic_key_signer(private_key=key_file).sign(  # type: ignore[no-untyped-call]
        root, sig
    )
    return sig.read_bytes()


@pytest.fixture
def security(api: Api) -> dict[str, str]:
    return api.user("sven", Role.SECURITY_ARCHITECT)


@pytest.fixture
def key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def make_version(api: Api, owner: dict[str, str]) -> None:
    assert api.http.post("/api/v1/models", json=MODEL, headers=owner).status_code == 201
    body = {"version": "1.0.0", "lineage": LINEAGE}
    assert api.http.post(M + "/versions", json=body, headers=owner).status_code == 201
    for path, data in FILES.items():
        resp = api.http.put(f"{V}/artifacts/{path}", content=data, headers=owner)
        assert resp.status_code == 201, resp.text
    api.http.put(
        V + "/card/annotations",
        json={"intended_use": "Fraud triage.", "limitations": "Card-present only."},
        headers=owner,
    )


def promote(api: Api, headers: dict[str, str], stage: str) -> dict[str, Any]:
    resp = api.http.post(
        V + "/promotions", json={"target_stage": stage, "rationale": f"to {stage}"}, headers=headers
    )
    assert resp.status_code == 201, resp.text
    body: dict[str, Any] = resp.json()
    return body


def add_signer(api: Api, headers: dict[str, str], name: str, pem: str) -> Any:
    return api.http.post(
        SIGNERS, json={"name": name, "kind": "key", "public_key_pem": pem}, headers=headers
    )


def audit_actions(api: Api, admin: dict[str, str], action: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.http.get(
        "/api/v1/audit/events", params={"action": action, "limit": 1000}, headers=admin
    ).json()["items"]
    return items


# --- trusted signers --------------------------------------------------------------------------


def test_trusted_signer_lifecycle(
    api: Api, security: dict[str, str], owner: dict[str, str], admin: dict[str, str]
) -> None:
    p256 = ec.generate_private_key(ec.SECP256R1())
    created = add_signer(api, security, "release", public_pem(p256))
    assert created.status_code == 201, created.text
    signer = created.json()
    assert signer["kind"] == "key" and signer["active"] is True
    assert signer["key_fingerprint"] == key_id(p256.public_key())

    p384 = ec.generate_private_key(ec.SECP384R1())
    assert add_signer(api, security, "ci", public_pem(p384)).status_code == 201
    listed = api.http.get(SIGNERS, headers=owner).json()
    assert [s["name"] for s in listed] == ["ci", "release"]

    assert_problem(add_signer(api, security, "release", public_pem(p384)), 409, "already-exists")
    same_key = assert_problem(
        add_signer(api, security, "again", public_pem(p256)), 409, "already-exists"
    )
    assert "release" in same_key["detail"]

    revoked = api.http.delete(SIGNERS + "/release", headers=security)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] and revoked.json()["active"] is False
    assert [s["name"] for s in api.http.get(SIGNERS, headers=owner).json()] == ["ci"]
    everyone = api.http.get(SIGNERS, params={"include_revoked": True}, headers=owner).json()
    assert [s["name"] for s in everyone] == ["ci", "release"]
    assert_problem(api.http.delete(SIGNERS + "/release", headers=security), 409, "wrong-state")
    assert_problem(api.http.delete(SIGNERS + "/nobody", headers=security), 404, "not-found")

    added = audit_actions(api, admin, "security.signer_added")
    assert {e["subject"] for e in added} == {"trusted_signer:release", "trusted_signer:ci"}
    assert [e["subject"] for e in audit_actions(api, admin, "security.signer_revoked")] == [
        "trusted_signer:release"
    ]


@pytest.mark.parametrize(
    ("body", "field", "needle"),
    [
        (
            {
                "kind": "key",
                "public_key_pem": public_pem(
                    rsa.generate_private_key(public_exponent=65537, key_size=2048)
                ),
            },
            "public_key_pem",
            "RSA keys are not supported",
        ),
        (
            {"kind": "key", "public_key_pem": "-----BEGIN PUBLIC KEY-----\nAAAA\n"},
            "public_key_pem",
            "not a PEM public key",
        ),
        (
            {
                "kind": "key",
                "public_key_pem": public_pem(ec.generate_private_key(ec.SECP256K1())),
            },
            "public_key_pem",
            "secp256k1",
        ),
        ({"kind": "key"}, "public_key_pem", "needs its ECDSA public key"),
        (
            {
                "kind": "key",
                "public_key_pem": public_pem(ec.generate_private_key(ec.SECP256R1())),
                "identity": "a@example.com",
            },
            "identity",
            "only certificate signers",
        ),
        ({"kind": "certificate", "identity": "a@example.com"}, "ca_pem", "PEM certificate"),
        (
            {"kind": "certificate", "ca_pem": "not a certificate", "identity": "a@example.com"},
            "ca_pem",
            "holds no PEM certificate",
        ),
    ],
)
def test_signer_validation_says_what_is_wrong(
    api: Api, security: dict[str, str], body: dict[str, Any], field: str, needle: str
) -> None:
    resp = api.http.post(SIGNERS, json={"name": "bad", **body}, headers=security)
    problem = assert_problem(resp, 422, "invalid-input")
    assert problem["errors"][0]["loc"] == [field]
    assert needle in problem["detail"]


def test_owner_cannot_manage_signers_and_the_refusal_is_audited(
    api: Api, owner: dict[str, str], admin: dict[str, str], key: ec.EllipticCurvePrivateKey
) -> None:
    assert_problem(add_signer(api, owner, "mine", public_pem(key)), 403, "forbidden")
    assert_problem(api.http.delete(SIGNERS + "/mine", headers=owner), 403, "forbidden")
    refused = audit_actions(api, admin, "access.refused")
    assert {e["details"]["permission"] for e in refused} == {"security:write"}
    assert len(refused) == 2
    assert api.http.get(SIGNERS, headers=owner).json() == []


def test_attestation_key_is_stable_and_owner_only_on_disk(api: Api, owner: dict[str, str]) -> None:
    first = api.http.get("/api/v1/security/attestation-key", headers=owner).json()
    again = api.http.get("/api/v1/security/attestation-key", headers=owner).json()
    assert first == again and first["algorithm"] == "ecdsa-p256-sha256"
    path = api.registry.settings.attestation_key_path
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = serialization.load_pem_public_key(first["public_key_pem"].encode())
    assert isinstance(loaded, ec.EllipticCurvePublicKey)
    assert key_id(loaded) == first["keyid"]


# --- signature uploads ------------------------------------------------------------------------


def test_upload_validation(
    api: Api, owner: dict[str, str], tmp_path: Path, key: ec.EllipticCurvePrivateKey
) -> None:
    make_version(api, owner)
    url = V + "/signature"
    not_json = assert_problem(
        api.http.put(url, content=b"{oops", headers=owner), 422, "invalid-input"
    )
    assert "not JSON" in not_json["detail"]
    assert_problem(api.http.put(url, content=b"[1, 2]", headers=owner), 422, "invalid-input")
    wrong = assert_problem(
        api.http.put(url, json={"mediaType": "text/plain"}, headers=owner), 422, "invalid-input"
    )
    assert wrong["errors"][0]["loc"] == ["bundle.mediaType"]
    assert "application/vnd.dev.sigstore.bundle.v0.3+json" in wrong["detail"]
    no_envelope = {
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {"hint": "00"}},
    }
    assert_problem(api.http.put(url, json=no_envelope, headers=owner), 422, "invalid-input")
    big = b'{"x": "' + b"a" * (1 << 20) + b'"}'
    assert_problem(api.http.put(url, content=big, headers=owner), 413, "payload-too-large")
    assert_problem(
        api.http.put(
            M + "/versions/9.9.9/signature", content=sign(tmp_path, key, FILES), headers=owner
        ),
        404,
        "not-found",
    )
    assert_problem(api.http.get(url, headers=owner), 404, "not-found")


def test_only_owners_upload_signatures(
    api: Api, owner: dict[str, str], tmp_path: Path, key: ec.EllipticCurvePrivateKey
) -> None:
    make_version(api, owner)
    stranger = api.user("bob", Role.MODEL_OWNER)
    resp = api.http.put(V + "/signature", content=sign(tmp_path, key, FILES), headers=stranger)
    assert_problem(resp, 403, "forbidden")
    sre = api.user("sam", Role.SRE)
    resp = api.http.put(V + "/signature", content=sign(tmp_path, key, FILES), headers=sre)
    assert_problem(resp, 403, "forbidden")


def test_upload_on_a_draft_is_scanned_when_sealed(
    api: Api,
    owner: dict[str, str],
    admin: dict[str, str],
    security: dict[str, str],
    tmp_path: Path,
    key: ec.EllipticCurvePrivateKey,
) -> None:
    make_version(api, owner)
    assert add_signer(api, security, "release", public_pem(key)).status_code == 201
    bundle = sign(tmp_path, key, FILES)
    uploaded = api.http.put(V + "/signature", content=bundle, headers=owner)
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["method"] == "key" and body["size"] == len(bundle)
    assert body["bundle"] == json.loads(bundle)
    assert api.http.get(V + "/signature", headers=owner).json() == body

    draft = api.http.get(V + "/verification", headers=owner).json()
    assert draft["sealed"] is False
    assert draft["signature"]["status"] == "not_scanned"
    assert "when the version is sealed" in draft["signature"]["reason"]
    [event] = audit_actions(api, admin, "signature.uploaded")
    assert event["details"]["scan_queued"] is False

    promote(api, owner, "submitted")
    api.registry.worker("test").run_until_idle()
    sealed = api.http.get(V + "/verification", headers=owner).json()
    assert sealed["signature"]["status"] == "verified", sealed["signature"]
    assert sealed["signature"]["signer"] == "release"
    assert sealed["signature"]["signed_files"] == len(FILES)
    assert sealed["signature"]["key_fingerprint"] == key_id(key.public_key())


def test_signature_over_other_files_is_invalid_and_revocation_rescans(
    api: Api,
    owner: dict[str, str],
    security: dict[str, str],
    tmp_path: Path,
    key: ec.EllipticCurvePrivateKey,
) -> None:
    make_version(api, owner)
    promote(api, owner, "submitted")
    assert add_signer(api, security, "release", public_pem(key)).status_code == 201
    tampered = {**FILES, "model.bin": b"other weights"}
    resp = api.http.put(V + "/signature", content=sign(tmp_path, key, tampered), headers=owner)
    assert resp.status_code == 201
    worker = api.registry.worker("test")
    worker.run_until_idle()
    invalid = api.http.get(V + "/verification", headers=owner).json()["signature"]
    assert invalid["status"] == "invalid"
    assert "model.bin" in invalid["reason"]

    api.http.put(V + "/signature", content=sign(tmp_path, key, FILES), headers=owner)
    assert api.http.get(V + "/verification", headers=owner).json()["signature"]["status"] == (
        "not_scanned"
    )
    worker.run_until_idle()
    assert api.http.get(V + "/verification", headers=owner).json()["signature"]["status"] == (
        "verified"
    )

    assert api.http.delete(SIGNERS + "/release", headers=security).status_code == 200
    worker.run_until_idle()
    after = api.http.get(V + "/verification", headers=owner).json()["signature"]
    assert after["status"] == "untrusted"


# --- attestations -----------------------------------------------------------------------------


def test_promotions_to_staging_and_production_are_attested(
    api: Api,
    owner: dict[str, str],
    admin: dict[str, str],
    security: dict[str, str],
    tmp_path: Path,
    key: ec.EllipticCurvePrivateKey,
) -> None:
    mrc = api.user("maria", Role.MRC)
    make_version(api, owner)
    assert add_signer(api, security, "release", public_pem(key)).status_code == 201
    api.http.put(V + "/signature", content=sign(tmp_path, key, FILES), headers=owner)
    promote(api, owner, "submitted")
    api.registry.worker("test").run_until_idle()
    assert api.http.get(V + "/verification", headers=owner).json()["attestations"] == []

    staging = promote(api, owner, "staging")
    assert staging["state"] == "executed", staging["results"]
    production = promote(api, owner, "production")
    for reviewer in (mrc, security):
        resp = api.http.post(
            f"/api/v1/promotions/{production['id']}/approvals",
            json={"decision": "approve", "rationale": "reviewed"},
            headers=reviewer,
        )
        assert resp.status_code == 200, resp.text
    assert resp.json()["state"] == "executed"

    summary = api.http.get(V + "/verification", headers=owner).json()
    digest = api.http.get(V, headers=owner).json()["digest"]
    assert summary["digest"] == digest and summary["sealed"] is True
    assert summary["signature"]["status"] == "verified"
    key_doc = api.http.get("/api/v1/security/attestation-key", headers=owner).json()
    assert summary["attestation_key"] == key_doc
    assert [a["stage"] for a in summary["attestations"]] == ["staging", "production"]
    approvers = {
        a["approver"]
        for a in api.http.get(f"/api/v1/promotions/{production['id']}", headers=owner).json()[
            "approvals"
        ]
    }
    for attestation, promo in zip(summary["attestations"], (staging, production), strict=True):
        assert attestation["valid"] is True, attestation["reason"]
        assert attestation["keyid"] == key_doc["keyid"]
        assert attestation["promotion_id"] == promo["id"]
        statement = attestation["statement"]
        assert statement["subject"] == [
            {"name": "fraud/credit-scorer@1.0.0", "digest": {"sha256": digest}}
        ]
        assert statement["predicate"]["stage"] == attestation["stage"]
        # Offline, with nothing but the public key:
        verdict = verify_envelope(attestation["envelope"], [key_doc["public_key_pem"].encode()])
        assert verdict.valid and verdict.statement == statement
    staging_pred = summary["attestations"][0]["statement"]["predicate"]
    production_pred = summary["attestations"][1]["statement"]["predicate"]
    assert staging_pred["approvers"] == []
    assert set(production_pred["approvers"]) == approvers and len(approvers) == 2
    assert production_pred["decisionId"] == summary["attestations"][1]["decision_id"]
    assert production_pred["policyDigest"].removeprefix("sha256:") == production[
        "policy_digest"
    ].removeprefix("sha256:")

    signed = audit_actions(api, admin, "attestation.signed")
    assert [e["details"]["stage"] for e in signed] == ["staging", "production"]
    assert api.http.get("/api/v1/audit/verify", headers=admin).json()["ok"] is True


def test_attestations_fail_verification_under_another_registry_key(
    api: Api, owner: dict[str, str]
) -> None:
    make_version(api, owner)
    promote(api, owner, "submitted")
    api.registry.worker("test").run_until_idle()
    assert promote(api, owner, "staging")["state"] == "executed"
    [attestation] = api.http.get(V + "/verification", headers=owner).json()["attestations"]
    assert attestation["valid"] is True

    # A registry restarted with a different key (lost or replaced key file) must not vouch for
    # what the old key signed.
    api.registry.settings.attestation_key_path.unlink()
    other = build_registry(api.registry.settings)
    try:
        with TestClient(create_app(other)) as http:
            summary = http.get(V + "/verification", headers=owner).json()
    finally:
        other.close()
    [again] = summary["attestations"]
    assert again["valid"] is False
    assert again["keyid"] == attestation["keyid"] != summary["attestation_key"]["keyid"]
    assert "not a trusted key" in again["reason"]
