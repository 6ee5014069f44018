"""Regressions from the review of artifact security: each test is a defect that was found."""

from __future__ import annotations

import json
import pickle
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Api, assert_problem
from test_security_api import OSV, V, _Evil, make, submit_and_scan, to_staging

from modelreg.domain.access import Role
from modelreg.services import advisories as advisories_module
from modelreg.services import jobs
from modelreg.services.scans import ScanService
from modelreg.services.uow import Transactions
from modelreg.storage.tables import AuditEventRow, JobRow


@pytest.fixture
def security(api: Api) -> dict[str, str]:
    return api.user("sven", Role.SECURITY_ARCHITECT)


def test_a_slow_scan_does_not_outrank_a_newer_recheck(
    api: Api, owner: dict[str, str], security: dict[str, str], monkeypatch: Any
) -> None:
    make(api, owner, {"model.json": b"{}"})
    api.http.post(
        V + "/promotions", json={"target_stage": "submitted", "rationale": "r"}, headers=owner
    )
    reached, release = threading.Event(), threading.Event()
    original = ScanService._ml_bom

    def slow_bom(self: ScanService, *args: Any) -> Any:
        if threading.current_thread().name == "slow":
            reached.set()
            release.wait(60)
        return original(self, *args)

    monkeypatch.setattr(ScanService, "_ml_bom", slow_bom)
    slow = threading.Thread(target=api.registry.worker("w1").run_once, name="slow")
    slow.start()
    assert reached.wait(60)  # the full scan judged licenses under the old lists
    lists = {"allow": ["MIT"], "deny": ["Apache-2.0"], "review": []}
    assert (
        api.http.put("/api/v1/security/license-policy", json=lists, headers=security).status_code
        == 200
    )
    assert api.registry.worker("w2").run_until_idle() == 1
    release.set()
    slow.join()
    state = api.http.get(V + "/scans", headers=owner).json()
    assert state["license"]["status"] == "denied"
    assert to_staging(api, owner)["state"] == "blocked"


def test_a_failed_advisory_import_still_rechecks_on_the_rerun(
    api: Api, owner: dict[str, str], monkeypatch: Any
) -> None:
    make(api, owner, {"model.json": b"{}", "requirements.txt": b"PyYAML==5.3\n"})
    submit_and_scan(api, owner)

    def lost(_session: Any) -> str:
        raise RuntimeError("connection lost")

    with monkeypatch.context() as patch:
        patch.setattr(advisories_module, "_database_version", lost)
        with pytest.raises(RuntimeError):
            api.registry.advisories.import_path("system", OSV)
    rerun = api.registry.advisories.import_path("system", OSV)
    assert rerun.changed == 0 and rerun.rescans_queued == 1
    api.run_jobs()
    assert "security-no-blocking-findings" in [
        r["rule_id"] for r in to_staging(api, owner)["results"] if not r["passed"]
    ]


def test_an_owner_cannot_except_findings_of_their_own_model(api: Api, tmp_path: Path) -> None:
    both = api.user("eve", Role.MODEL_OWNER, Role.SECURITY_ARCHITECT)
    make(api, both, {"model.pkl": pickle.dumps(_Evil(tmp_path / "x"))})
    state = submit_and_scan(api, both)
    finding = next(f for f in state["findings"] if f["blocking"])
    body = {
        "finding_id": finding["id"],
        "reason": "it is fine, trust me",
        "expires_at": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
    }
    problem = assert_problem(
        api.http.post(V + "/exceptions", json=body, headers=both), 403, "forbidden"
    )
    assert "separation of duties" in problem["detail"]
    with api.registry.db.read() as s:
        actions = [e.action for e in s.query(AuditEventRow).all()]
    assert "access.refused" in actions


def test_a_staging_version_is_refused_for_a_production_target(
    api: Api, owner: dict[str, str]
) -> None:
    make(api, owner, {"model.json": b"{}"})
    state = submit_and_scan(api, owner)
    assert to_staging(api, owner)["state"] == "executed"
    body = {"digest": state["digest"], "target": "prod-eu-1"}
    refused = api.http.post(V + "/deploy-check", json=body, headers=owner).json()
    assert refused["allowed"] is False and refused["target_stage"] == "production"
    allowed = api.http.post(
        V + "/deploy-check", json={**body, "target": "stg-1", "stage": "staging"}, headers=owner
    ).json()
    assert allowed["allowed"] is True, allowed


def test_control_characters_from_files_do_not_break_the_findings_api(
    api: Api, owner: dict[str, str]
) -> None:
    # A pickle importing a global whose name holds a NUL byte.
    evil = b"\x80\x02cos\nsys\x00tem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03."
    make(api, owner, {"model.pkl": evil})
    state = submit_and_scan(api, owner)
    assert any("\\x00" in f["message"] for f in state["findings"])
    assert api.http.get(V + "/findings", headers=owner).status_code == 200
    result_id = state["history"][0]["id"]
    assert api.http.get(f"{V}/scans/{result_id}", headers=owner).status_code == 200


def test_container_sbom_of_an_approved_version_is_frozen(api: Api, owner: dict[str, str]) -> None:
    make(api, owner, {"model.json": b"{}"})
    submit_and_scan(api, owner)
    assert to_staging(api, owner)["state"] == "executed"
    sbom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": []}
    assert_problem(
        api.http.put(V + "/container-sbom", json=sbom, headers=owner), 409, "wrong-state"
    )


def test_download_gate_refuses_unscanned_versions(api: Api, owner: dict[str, str]) -> None:
    api.registry.security_gate.enforce_downloads = True
    make(api, owner, {"model.json": b"{}"})
    api.http.post(
        V + "/promotions", json={"target_stage": "submitted", "rationale": "r"}, headers=owner
    )
    sre = api.user("sam", Role.SRE)
    problem = assert_problem(
        api.http.get(V + "/artifacts/model.json", headers=sre), 403, "forbidden"
    )
    assert "scan status pending" in problem["detail"]
    api.run_jobs()
    assert api.http.get(V + "/artifacts/model.json", headers=sre).status_code == 200


def test_bad_query_and_bundle_inputs_are_4xx(api: Api, owner: dict[str, str]) -> None:
    security = api.user("sven", Role.SECURITY_ARCHITECT)
    for before in ("2026-01-01T00:00:00", "0001-01-01T00:00:00+01:00"):
        response = api.http.get(f"/api/v1/notifications?before={before}", headers=security)
        assert response.status_code == 422, (before, response.text)
    make(api, owner, {"model.json": b"{}"})
    nested = b"[" * 100_000 + b"]" * 100_000
    assert_problem(
        api.http.put(V + "/signature", content=nested, headers=owner), 422, "invalid-input"
    )
    bundle = {
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"x": "\u0000"},
        "dsseEnvelope": {},
    }
    assert_problem(
        api.http.put(V + "/signature", content=json.dumps(bundle).encode(), headers=owner),
        422,
        "invalid-input",
    )


def test_a_job_that_kills_workers_is_given_up_audited_and_others_run(
    api: Api, owner: dict[str, str]
) -> None:
    make(api, owner, {"model.json": b"{}"})
    api.http.post(
        V + "/promotions", json={"target_stage": "submitted", "rationale": "r"}, headers=owner
    )
    doomed = api.registry.jobs.claim("dying", timedelta(seconds=0))
    assert doomed is not None
    with api.registry.db.write_session() as s:
        job = s.get(JobRow, doomed.id)
        assert job is not None
        job.attempts = jobs.MAX_ATTEMPTS
        s.commit()
    with Transactions(api.registry.db).write("system") as uow:
        jobs.enqueue(uow, jobs.LICENSE_SCAN, doomed.version_id, trigger="test")
    assert api.run_jobs() == 1  # the doomed job is skipped, the other one runs
    with api.registry.db.read() as s:
        assert s.get(JobRow, doomed.id).state == "failed"  # type: ignore[union-attr]
        assert s.query(AuditEventRow).filter(AuditEventRow.action == "job.failed").count() == 1
