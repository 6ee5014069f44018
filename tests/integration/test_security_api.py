"""Artifact security end to end through the API and the real worker (scanner child processes):
findings gate promotion, deployment and download; exceptions expire; advisories re-scan."""

from __future__ import annotations

import os
import pickle
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Api, assert_problem

from modelreg.domain.access import Role
from modelreg.services import jobs
from modelreg.storage.tables import JobRow

M = "/api/v1/models/fraud/scorer"
V = M + "/versions/1.0.0"
OSV = Path(__file__).parents[1] / "fixtures" / "osv"


class _Evil:
    """Pickles to a call of os.system: what a malicious checkpoint does when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def make(
    api: Api, owner: dict[str, str], files: dict[str, bytes], *, license_: str = "Apache-2.0"
) -> None:
    model = {"group": "fraud", "name": "scorer", "risk_tier": "low", "license": license_}
    assert api.http.post("/api/v1/models", json=model, headers=owner).status_code == 201
    assert (
        api.http.post(M + "/versions", json={"version": "1.0.0"}, headers=owner).status_code == 201
    )
    for path, data in files.items():
        assert api.http.put(f"{V}/artifacts/{path}", content=data, headers=owner).status_code == 201


def submit_and_scan(api: Api, owner: dict[str, str]) -> dict[str, Any]:
    submitted = api.http.post(
        V + "/promotions", json={"target_stage": "submitted", "rationale": "r"}, headers=owner
    )
    assert submitted.json()["state"] == "executed", submitted.text
    assert api.run_jobs() >= 1
    state: dict[str, Any] = api.http.get(V + "/scans", headers=owner).json()
    assert state["status"] == "complete", state
    return state


def to_staging(api: Api, owner: dict[str, str]) -> dict[str, Any]:
    api.run_jobs()
    body: dict[str, Any] = api.http.post(
        V + "/promotions", json={"target_stage": "staging", "rationale": "r"}, headers=owner
    ).json()
    return body


def failing(promo: dict[str, Any]) -> list[str]:
    return [r["rule_id"] for r in promo["results"] if not r["passed"] and r["severity"] == "block"]


@pytest.fixture
def security(api: Api) -> dict[str, str]:
    return api.user("sven", Role.SECURITY_ARCHITECT)


def test_malicious_pickle_is_flagged_never_executed_and_blocks(
    api: Api, owner: dict[str, str], security: dict[str, str], tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    make(api, owner, {"model.pkl": pickle.dumps(_Evil(marker))})
    state = submit_and_scan(api, owner)
    assert not marker.exists()  # scanned, never unpickled
    blocking = [f for f in state["findings"] if f["blocking"]]
    assert blocking and all(f["category"] == "unsafe_serialization" for f in blocking)
    assert any("system" in f["message"] for f in blocking)
    assert state["counts"]["critical"] >= 1
    history = {h["scanner"]: h for h in state["history"]}
    assert set(history) == {"artifact", "license", "vulnerability", "signature"}
    assert history["artifact"]["scanner_version"] and history["artifact"]["version_digest"]

    promo = to_staging(api, owner)
    assert promo["state"] == "blocked"
    assert failing(promo) == ["security-no-blocking-findings"]
    notes = api.http.get("/api/v1/notifications", headers=security).json()
    kinds = {n["kind"] for n in notes}
    assert {"security.findings", "security.promotion_blocked"} <= kinds
    assert api.http.get("/api/v1/notifications", headers=owner).status_code == 403


def test_benign_pickle_passes_and_ml_bom_is_generated(api: Api, owner: dict[str, str]) -> None:
    make(
        api,
        owner,
        {"model.pkl": pickle.dumps({"weights": [0.1, 0.2], "bias": 1}), "README.md": b"# m"},
    )
    state = submit_and_scan(api, owner)
    assert not [f for f in state["findings"] if f["blocking"]]
    assert state["license"]["status"] == "allowed"
    assert to_staging(api, owner)["state"] == "executed"
    bom = api.http.get(V + "/sbom", headers=owner)
    assert bom.status_code == 200
    assert bom.headers["content-type"].startswith("application/vnd.cyclonedx+json")
    doc = bom.json()
    assert doc["specVersion"] == "1.6"
    model = doc["metadata"]["component"]
    assert model["type"] == "machine-learning-model"


def test_denied_license_blocks(api: Api, owner: dict[str, str]) -> None:
    make(api, owner, {"model.json": b"{}"}, license_="CC-BY-NC-4.0")
    state = submit_and_scan(api, owner)
    assert state["license"]["status"] == "denied"
    denied = [f for f in state["findings"] if f["rule"] == "license-denied"]
    assert denied and denied[0]["severity"] == "critical" and denied[0]["blocking"]
    assert "security-no-blocking-findings" in failing(to_staging(api, owner))


def test_vulnerable_requirements_block_and_advisory_updates_rescan(
    api: Api, owner: dict[str, str]
) -> None:
    make(api, owner, {"model.json": b"{}", "requirements.txt": b"PyYAML==5.3\nrequests\n"})
    state = submit_and_scan(api, owner)
    # Without advisories the only vulnerability finding is the empty database itself.
    assert [f["rule"] for f in state["findings"] if f["scanner"] == "vulnerability"] == [
        "advisory-database-empty"
    ]
    assert to_staging(api, owner)["state"] == "executed"
    check = {"digest": state["digest"], "target": "eu-1", "stage": "staging"}
    verdict = api.http.post(V + "/deploy-check", json=check, headers=owner).json()
    assert verdict["allowed"] is True

    # A new advisory database arrives: live versions are re-checked without re-uploading.
    result = api.registry.advisories.import_path("system", OSV)
    assert result.advisories >= 6 and result.rescans_queued == 1
    assert api.run_jobs() == 1
    state = api.http.get(V + "/scans", headers=owner).json()
    (vuln,) = [f for f in state["findings"] if f["scanner"] == "vulnerability"]
    assert vuln["rule"] == "GHSA-8r4v-x6pj-c9q2" and vuln["severity"] == "critical"
    assert vuln["details"]["package"] == "pyyaml" and vuln["details"]["installed_version"] == "5.3"
    assert vuln["blocking"]
    history = [h for h in state["history"] if h["scanner"] == "vulnerability"]
    assert len(history) == 2 and history[0]["database_version"].startswith("osv-")

    refused = api.http.post(V + "/deploy-check", json=check, headers=owner).json()
    assert refused["allowed"] is False
    assert "security-no-blocking-findings" in [r["rule_id"] for r in refused["results"]]
    wrong = api.http.post(
        V + "/deploy-check", json={"digest": "0" * 64, "target": "eu-1"}, headers=owner
    ).json()
    assert any("not the registered digest" in r for r in wrong["reasons"])


def test_exception_unblocks_until_it_expires(
    api: Api, owner: dict[str, str], security: dict[str, str], tmp_path: Path
) -> None:
    make(api, owner, {"model.pkl": pickle.dumps(_Evil(tmp_path / "x"))})
    state = submit_and_scan(api, owner)
    for finding in [f for f in state["findings"] if f["blocking"]]:
        body = {
            "finding_id": finding["id"],
            "reason": "Vendor checkpoint, loaded only in a sandbox.",
            "expires_at": (datetime.now(UTC) + timedelta(seconds=3)).isoformat(),
        }
        # Owners cannot excuse their own findings; security architects can.
        assert_problem(api.http.post(V + "/exceptions", json=body, headers=owner), 403, "forbidden")
        granted = api.http.post(V + "/exceptions", json=body, headers=security)
        assert granted.status_code == 201, granted.text
        assert granted.json()["state"] == "active"
    assert not [f for f in api.http.get(V + "/findings?blocking=true", headers=owner).json()]
    passed = api.http.post(
        V + "/deploy-check", json={"digest": state["digest"], "target": "x"}, headers=owner
    )
    assert "security-no-blocking-findings" not in [r["rule_id"] for r in passed.json()["results"]]
    time.sleep(3.2)
    assert to_staging(api, owner)["state"] == "blocked"  # expired by itself
    states = {e["state"] for e in api.http.get(V + "/exceptions", headers=owner).json()}
    assert states == {"expired"}


def test_exception_requests_are_checked(
    api: Api, owner: dict[str, str], security: dict[str, str]
) -> None:
    make(api, owner, {"model.json": b"{}"})
    submit_and_scan(api, owner)
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    cases = [
        (
            {"finding_id": "f_nope", "reason": "long enough reason", "expires_at": soon},
            "finding_id",
        ),
        ({"finding_id": "f_x", "reason": "short", "expires_at": soon}, "reason"),
        (
            {
                "finding_id": "f_x",
                "reason": "long enough reason",
                "expires_at": (datetime.now(UTC) + timedelta(days=400)).isoformat(),
            },
            "expires_at",
        ),
    ]
    for body, field in cases:
        problem = assert_problem(
            api.http.post(V + "/exceptions", json=body, headers=security), 422, "invalid-input"
        )
        assert problem["errors"][0]["loc"][-1] == field


def test_download_gate_refuses_others_but_not_owners_or_security(
    api: Api, owner: dict[str, str], security: dict[str, str], tmp_path: Path
) -> None:
    api.registry.security_gate.enforce_downloads = True
    make(api, owner, {"model.pkl": pickle.dumps(_Evil(tmp_path / "x"))})
    submit_and_scan(api, owner)
    sre = api.user("sam", Role.SRE)
    refused = assert_problem(
        api.http.get(V + "/artifacts/model.pkl", headers=sre), 403, "forbidden"
    )
    assert "f_" in refused["detail"] and "model.pkl" in refused["detail"]
    assert api.http.get(V + "/artifacts/model.pkl", headers=owner).status_code == 200
    assert api.http.get(V + "/artifacts/model.pkl", headers=security).status_code == 200
    audit = api.http.get("/api/v1/audit/events?action=download.refused", headers=security)
    assert audit.status_code == 200 and audit.json()["items"]


def test_container_sbom_validation_and_vulnerabilities(api: Api, owner: dict[str, str]) -> None:
    make(api, owner, {"model.json": b"{}"})
    bad = api.http.put(V + "/container-sbom", content=b'{"bomFormat": "CycloneDX"}', headers=owner)
    problem = assert_problem(bad, 422, "invalid-input")
    assert problem["errors"]
    api.registry.advisories.import_path("system", OSV)
    sbom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [
            {"type": "library", "name": "pyyaml", "version": "5.3", "purl": "pkg:pypi/pyyaml@5.3"}
        ],
    }
    stored = api.http.put(V + "/container-sbom", json=sbom, headers=owner)
    assert stored.status_code == 201, stored.text
    state = submit_and_scan(api, owner)
    vulns = [f for f in state["findings"] if f["scanner"] == "vulnerability"]
    assert [f["details"]["package"] for f in vulns] == ["pyyaml"]


def test_bad_files_give_findings_not_crashes(api: Api, owner: dict[str, str]) -> None:
    make(
        api,
        owner,
        {
            "weights.safetensors": b"\xff\xff\xff\xff\xff\xff\xff\x7fgarbage",
            "model.pt": b"PK\x03\x04truncated",
            "id_rsa": b"-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----\n",
        },
    )
    state = submit_and_scan(api, owner)
    paths = {f["path"] for f in state["findings"] if f["blocking"]}
    assert {"weights.safetensors", "id_rsa"} <= paths
    categories = {f["category"] for f in state["findings"]}
    assert "secret" in categories


def test_jobs_survive_a_worker_that_died(api: Api, owner: dict[str, str]) -> None:
    make(api, owner, {"model.json": b"{}"})
    api.http.post(
        V + "/promotions", json={"target_stage": "submitted", "rationale": "r"}, headers=owner
    )
    crashed = api.registry.jobs.claim("dead-worker", timedelta(seconds=0))
    assert crashed is not None and crashed.kind == jobs.SCAN
    # Its lease has lapsed: a new worker takes the job over and finishes it.
    assert api.run_jobs() == 1
    with api.registry.db.read() as s:
        job = s.get(JobRow, crashed.id)
        assert job is not None and job.state == "done" and job.attempts == 2
    assert api.http.get(V + "/scans", headers=owner).json()["status"] == "complete"


def test_rescan_on_demand_and_permissions(
    api: Api, owner: dict[str, str], security: dict[str, str]
) -> None:
    make(api, owner, {"model.json": b"{}"})
    assert_problem(api.http.post(V + "/scans", headers=owner), 409, "wrong-state")
    submit_and_scan(api, owner)
    queued = api.http.post(V + "/scans", headers=security)
    assert queued.status_code == 202
    mallory = api.user("mallory", Role.MODEL_OWNER)
    assert_problem(api.http.post(V + "/scans", headers=mallory), 403, "forbidden")
    assert api.run_jobs() == 1
    history = api.http.get(V + "/scans", headers=owner).json()["history"]
    assert [h["trigger"] for h in history].count("on_demand") == 4


def test_license_policy_is_managed_by_security(
    api: Api, owner: dict[str, str], security: dict[str, str]
) -> None:
    make(api, owner, {"model.json": b"{}"})
    submit_and_scan(api, owner)
    lists = {"allow": ["MIT"], "deny": ["Apache-*"], "review": []}
    assert_problem(
        api.http.put("/api/v1/security/license-policy", json=lists, headers=owner), 403, "forbidden"
    )
    bad = {"allow": ["not a license!"], "deny": [], "review": []}
    assert_problem(
        api.http.put("/api/v1/security/license-policy", json=bad, headers=security),
        422,
        "invalid-input",
    )
    put = api.http.put("/api/v1/security/license-policy", json=lists, headers=security)
    assert put.status_code == 200 and put.json()["number"] == 1
    assert api.run_jobs() == 1  # the live version is re-checked against the new lists
    state = api.http.get(V + "/scans", headers=owner).json()
    assert state["license"]["status"] == "denied"


def test_tampered_signed_model_blocks_promotion(
    api: Api, owner: dict[str, str], security: dict[str, str], tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec
    from test_signatures_api import public_pem, sign

    key = ec.generate_private_key(ec.SECP256R1())
    signed = {"model.json": b'{"layers": 4}', "weights.bin": b"\x00" * 64}
    make(api, owner, {**signed, "weights.bin": b"\x01" * 64})  # changed after signing
    signer = {"name": "release", "kind": "key", "public_key_pem": public_pem(key)}
    assert (
        api.http.post("/api/v1/security/trusted-signers", json=signer, headers=security).status_code
        == 201
    )
    bundle = sign(tmp_path, key, signed)
    assert api.http.put(V + "/signature", content=bundle, headers=owner).status_code == 201
    state = submit_and_scan(api, owner)
    assert state["signature"]["status"] == "invalid"
    (finding,) = [f for f in state["findings"] if f["scanner"] == "signature"]
    assert finding["rule"] == "signature-invalid" and finding["blocking"]
    assert "security-no-blocking-findings" in failing(to_staging(api, owner))
