"""The registry signs every sealed version's manifest (model-signing format); deploy-check
verifies that signature against the registry key, and policy can require a publisher's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import model_signing.verifying
import pytest
from api_support import Api, assert_problem
from publisher_signing import publish_signature
from sqlalchemy import text

from modelreg.domain.access import Role
from modelreg.signing import RegistryKey
from modelreg.signing.registry_signatures import sign_manifest

M = "/api/v1/models/fraud/signed"
V = M + "/versions/1.0.0"
FILES = {"model.bin": b"\x00weights\x01" * 50, "config/params.json": b'{"depth": 4}\n'}
LINEAGE = [
    {"kind": "dataset", "uri": "s3://risk/q3.parquet"},
    {
        "kind": "code",
        "repository": "https://git.example.com/risk",
        "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
    },
]


def make(api: Api, owner: dict[str, str], risk_tier: str = "low") -> None:
    model = {"group": "fraud", "name": "signed", "risk_tier": risk_tier, "license": "MIT"}
    assert api.http.post("/api/v1/models", json=model, headers=owner).status_code == 201
    body = {"version": "1.0.0", "lineage": LINEAGE}
    assert api.http.post(M + "/versions", json=body, headers=owner).status_code == 201
    for path, data in FILES.items():
        assert api.http.put(f"{V}/artifacts/{path}", content=data, headers=owner).status_code == 201
    api.http.put(
        V + "/card/annotations",
        json={"intended_use": "Fraud triage.", "limitations": "Card-present only."},
        headers=owner,
    )


def promote(api: Api, headers: dict[str, str], stage: str) -> dict[str, Any]:
    api.run_jobs()
    resp = api.http.post(
        V + "/promotions", json={"target_stage": stage, "rationale": f"to {stage}"}, headers=headers
    )
    assert resp.status_code == 201, resp.text
    body: dict[str, Any] = resp.json()
    return body


def pull(api: Api, headers: dict[str, str], root: Path) -> None:
    """Download every file of the version through the API, as `modelreg pull` does."""
    for entry in api.http.get(V, headers=headers).json()["manifest"]:
        resp = api.http.get(f"{V}/artifacts/{entry['path']}", headers=headers)
        assert resp.status_code == 200, resp.text
        (root / entry["path"]).parent.mkdir(parents=True, exist_ok=True)
        (root / entry["path"]).write_bytes(resp.content)


def deploy_check(api: Api, headers: dict[str, str], stage: str = "staging") -> dict[str, Any]:
    digest = api.http.get(V, headers=headers).json()["digest"]
    body = {"digest": digest, "target": "eu-1", "stage": stage}
    resp = api.http.post(V + "/deploy-check", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    verdict: dict[str, Any] = resp.json()
    return verdict


def allow_evidence_changes(api: Api) -> None:
    """Tamper tests: lift the append-only guard of registry_signatures."""
    with api.registry.db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER registry_signatures_no_update"))
            conn.execute(text("DROP TRIGGER registry_signatures_no_delete"))
        else:
            conn.execute(
                text(
                    "ALTER TABLE registry_signatures "
                    "DISABLE TRIGGER registry_signatures_append_only"
                )
            )


def test_sealing_signs_and_model_signing_verifies_pulled_files(
    api: Api, owner: dict[str, str], admin: dict[str, str], tmp_path: Path
) -> None:
    make(api, owner)
    assert_problem(api.http.get(V + "/registry-signature", headers=owner), 404, "not-found")
    assert api.http.post(V + "/seal", headers=owner).status_code == 200
    signature = api.http.get(V + "/registry-signature", headers=owner).json()
    key = api.http.get("/api/v1/security/attestation-key", headers=owner).json()
    digest = api.http.get(V, headers=owner).json()["digest"]
    assert signature["valid"] is True, signature["reason"]
    assert signature["digest"] == digest and signature["keyid"] == key["keyid"]
    assert signature["bundle"]["mediaType"] == "application/vnd.dev.sigstore.bundle.v0.3+json"

    root, sig, pub = tmp_path / "pulled", tmp_path / "registry.sig", tmp_path / "registry.pub"
    pull(api, owner, root)
    sig.write_text(json.dumps(signature["bundle"]), encoding="utf-8")
    pub.write_text(key["public_key_pem"], encoding="utf-8")
    # The real model-signing verification API, and its CLI, accept the pulled directory.
    model_signing.verifying.Config().use_elliptic_key_verifier(public_key=pub).verify(root, sig)  # type: ignore[no-untyped-call]
    cli = [sys.executable, "-m", "model_signing", "verify", "key"]
    done = subprocess.run(
        [*cli, "--signature", str(sig), "--public_key", str(pub), str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # ... and refuse a changed file.
    (root / "model.bin").write_bytes(b"tampered")
    with pytest.raises(ValueError, match="Signature mismatch"):
        model_signing.verifying.Config().use_elliptic_key_verifier(public_key=pub).verify(root, sig)  # type: ignore[no-untyped-call]

    events = api.http.get(
        "/api/v1/audit/events", params={"action": "signature.registry_signed"}, headers=admin
    ).json()["items"]
    assert [e["details"]["digest"] for e in events] == [digest]


def test_submitting_seals_and_signs(api: Api, owner: dict[str, str]) -> None:
    make(api, owner)
    assert promote(api, owner, "submitted")["state"] == "executed"
    summary = api.http.get(V + "/verification", headers=owner).json()
    assert summary["registry_signature"]["valid"] is True
    assert summary["registry_signature"]["digest"] == summary["digest"]


def test_registry_signatures_are_append_only(api: Api, owner: dict[str, str]) -> None:
    make(api, owner)
    api.http.post(V + "/seal", headers=owner)
    for statement in (
        "UPDATE registry_signatures SET bundle = '{}'",
        "DELETE FROM registry_signatures",
    ):
        with pytest.raises(Exception, match="append-only"), api.registry.db.engine.begin() as conn:
            conn.execute(text(statement))


def _staged(api: Api, owner: dict[str, str]) -> None:
    make(api, owner)
    promote(api, owner, "submitted")
    assert promote(api, owner, "staging")["state"] == "executed"
    assert deploy_check(api, owner)["allowed"] is True


def test_deploy_check_refuses_a_version_without_registry_signature(
    api: Api, owner: dict[str, str]
) -> None:
    _staged(api, owner)
    allow_evidence_changes(api)
    with api.registry.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM registry_signatures"))
    verdict = deploy_check(api, owner)
    assert verdict["allowed"] is False
    assert any("no registry signature" in r for r in verdict["reasons"]), verdict["reasons"]


def test_deploy_check_refuses_a_signature_by_another_key(api: Api, owner: dict[str, str]) -> None:
    _staged(api, owner)
    manifest = api.http.get(V, headers=owner).json()["manifest"]
    forged = sign_manifest(RegistryKey.generate(), "fraud/signed@1.0.0", manifest)
    allow_evidence_changes(api)
    with api.registry.db.engine.begin() as conn:
        conn.execute(text("UPDATE registry_signatures SET bundle = :b"), {"b": forged})
    verdict = deploy_check(api, owner)
    assert verdict["allowed"] is False
    assert any("registry signature does not verify" in r for r in verdict["reasons"])
    signature = api.http.get(V + "/registry-signature", headers=owner).json()
    assert signature["valid"] is False and "key hint" in signature["reason"]


def test_deploy_check_refuses_files_that_differ_from_the_signed_manifest(
    api: Api, owner: dict[str, str]
) -> None:
    _staged(api, owner)
    with api.registry.db.engine.begin() as conn:
        # model.bin now names the other file's blob: what a swapped artifact row looks like.
        conn.execute(
            text(
                "UPDATE artifacts SET sha256 = (SELECT a.sha256 FROM artifacts a "
                "WHERE a.path = 'config/params.json') WHERE path = 'model.bin'"
            )
        )
    verdict = deploy_check(api, owner)
    assert verdict["allowed"] is False
    assert any("no longer hash to its registered digest" in r for r in verdict["reasons"])


def test_deploy_check_refuses_when_signed_bytes_are_missing(
    api: Api, owner: dict[str, str]
) -> None:
    _staged(api, owner)
    sha = next(e["sha256"] for e in api.http.get(V, headers=owner).json()["manifest"])
    blob = next(p for p in api.registry.settings.blob_root.rglob(sha) if p.is_file())
    blob.unlink()
    verdict = deploy_check(api, owner)
    assert verdict["allowed"] is False
    assert any("missing from the blob store" in r for r in verdict["reasons"])


def test_high_risk_production_needs_a_publisher_signature(api: Api, owner: dict[str, str]) -> None:
    make(api, owner, risk_tier="high")
    promote(api, owner, "submitted")
    blocked = promote(api, owner, "production")
    failing = [r["rule_id"] for r in blocked["results"] if not r["passed"]]
    assert "publisher-signed-high-risk" in failing
    document = api.http.get(f"/api/v1/decisions/{blocked['decision_id']}", headers=owner).json()
    assert document["input"]["signature"]["registry_signed"] is True
    assert document["input"]["signature"]["publisher_signed"] is False

    signer = publish_signature(api, owner, V, FILES)
    requested = promote(api, owner, "production")
    failing = [r["rule_id"] for r in requested["results"] if not r["passed"]]
    assert "publisher-signed-high-risk" not in failing
    document = api.http.get(f"/api/v1/decisions/{requested['decision_id']}", headers=owner).json()
    assert document["input"]["signature"]["publishers"] == [signer]


def test_the_registry_key_cannot_be_trusted_as_a_publisher(api: Api) -> None:
    security = api.user("sven", Role.SECURITY_ARCHITECT)
    pem = api.http.get("/api/v1/security/attestation-key", headers=security).json()
    body = {"name": "registry", "kind": "key", "public_key_pem": pem["public_key_pem"]}
    problem = assert_problem(
        api.http.post("/api/v1/security/trusted-signers", json=body, headers=security),
        422,
        "invalid-input",
    )
    assert "registry's own signing key" in json.dumps(problem)
