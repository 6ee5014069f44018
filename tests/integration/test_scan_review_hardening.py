"""Scans and reviews: a re-check never throws away a review in progress, an empty or stale
advisory database is visible, external base models declare licenses, and files that execute
code are not handed out. Every scan runs through the real worker (`api.run_jobs()`)."""

from __future__ import annotations

import pickle
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from api_support import Api, assert_problem
from sqlalchemy import update
from test_security_api import OSV, V, _Evil, failing, make, submit_and_scan

from modelreg.cli.security_cmds import _echo_status
from modelreg.domain.access import Role
from modelreg.policy import DEFAULT_PACK_TEXT
from modelreg.schemas.security import SecurityStatus
from modelreg.storage.tables import AdvisoryImportRow
from modelreg.storage.types import utcnow

LISTS = "/api/v1/security/license-policy"
# The default pack, plus approvals for staging, so a staging promotion awaits a review.
STAGING_REVIEW = DEFAULT_PACK_TEXT.replace(
    "approvals:\n",
    "approvals:\n  - stage: staging\n    required_roles: [mrc, security_architect]\n",
    1,
) + (
    "\n  - id: staging-approvals\n"
    "    description: Staging needs the review.\n"
    "    applies_to: {stages: [staging]}\n"
    "    condition: approval_status.satisfied\n"
    "    severity: block\n"
    "    message: Ask an MRC member and a security architect to approve.\n"
)


@pytest.fixture
def security(api: Api) -> dict[str, str]:
    return api.user("sven", Role.SECURITY_ARCHITECT)


@pytest.fixture
def mrc(api: Api) -> dict[str, str]:
    return api.user("maria", Role.MRC)


def awaiting_review(api: Api, owner: dict[str, str], security: dict[str, str]) -> dict[str, Any]:
    """A scanned version whose staging promotion awaits approval by MRC and security."""
    put = api.http.put("/api/v1/policies", json={"text": STAGING_REVIEW}, headers=security)
    assert put.status_code in (200, 201), put.text
    make(api, owner, {"model.json": b"{}"})
    submit_and_scan(api, owner)
    promo: dict[str, Any] = api.http.post(
        V + "/promotions", json={"target_stage": "staging", "rationale": "r"}, headers=owner
    ).json()
    assert promo["state"] == "awaiting_approval", promo
    return promo


def approve(api: Api, who: dict[str, str], promotion_id: str, role: str) -> dict[str, Any]:
    resp = api.http.post(
        f"/api/v1/promotions/{promotion_id}/approvals",
        json={"decision": "approve", "rationale": "reviewed", "role": role},
        headers=who,
    )
    assert resp.status_code in (200, 201), resp.text
    body: dict[str, Any] = resp.json()
    return body


def decision_input(api: Api, headers: dict[str, str], decision_id: str) -> dict[str, Any]:
    decision = api.http.get(f"/api/v1/decisions/{decision_id}", headers=headers).json()
    document: dict[str, Any] = decision["input"]
    return document


def audited(api: Api, headers: dict[str, str], action: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = api.http.get(
        "/api/v1/audit/events", params={"action": action}, headers=headers
    ).json()["items"]
    return events


# -- 1. a re-check does not destroy a review in progress ------------------------------------


def test_an_approval_during_a_license_recheck_is_judged_on_the_last_completed_scan(
    api: Api, owner: dict[str, str], security: dict[str, str], mrc: dict[str, str]
) -> None:
    promo = awaiting_review(api, owner, security)
    lists = {"allow": ["Apache-2.0", "MIT"], "deny": ["AGPL-*"], "review": []}
    assert api.http.put(LISTS, json=lists, headers=security).status_code == 200
    state = api.http.get(V + "/scans", headers=owner).json()
    assert state["status"] == "complete" and state["recheck_pending"] is True
    assert [j["kind"] for j in state["pending_jobs"]] == ["license_scan"]

    after = approve(api, mrc, promo["id"], "mrc")
    assert after["state"] == "awaiting_approval", after  # was: blocked, approval voided
    assert after["approval_status"]["missing_roles"] == ["security_architect"]
    scans = decision_input(api, owner, after["decision_id"])["scans"]
    assert scans["status"] == "complete" and scans["recheck_pending"] is True

    # The re-check settles and passes: judged again, the MRC approval still counts.
    assert api.run_jobs() == 1
    rejudged = api.http.get(f"/api/v1/promotions/{promo['id']}", headers=owner).json()
    assert rejudged["state"] == "awaiting_approval"
    assert rejudged["decision_id"] != after["decision_id"]
    assert rejudged["approval_status"]["missing_roles"] == ["security_architect"]
    trail = audited(api, security, "promotion.rejudged")
    assert [e["details"]["promotion_id"] for e in trail] == [promo["id"]]
    assert trail[0]["details"]["trigger"] == "rescan"
    assert trail[0]["details"]["state"] == "awaiting_approval"

    done = approve(api, security, promo["id"], "security_architect")
    assert done["state"] == "executed", done


def test_a_recheck_that_finds_a_denied_license_blocks_the_awaiting_promotion(
    api: Api, owner: dict[str, str], security: dict[str, str], mrc: dict[str, str]
) -> None:
    promo = awaiting_review(api, owner, security)
    approve(api, mrc, promo["id"], "mrc")
    lists = {"allow": ["MIT"], "deny": ["Apache-2.0"], "review": []}
    assert api.http.put(LISTS, json=lists, headers=security).status_code == 200
    assert api.run_jobs() == 1

    blocked = api.http.get(f"/api/v1/promotions/{promo['id']}", headers=owner).json()
    assert blocked["state"] == "blocked"
    assert "security-no-blocking-findings" in failing(blocked)
    decisions = api.http.get(f"/api/v1/decisions/{blocked['decision_id']}", headers=owner).json()
    assert decisions["trigger"] == "rescan" and decisions["outcome"] == "blocked"
    reasons = audited(api, security, "promotion.blocked")[0]["details"]["reasons"]
    assert "security-no-blocking-findings" in [r["rule"] for r in reasons]
    kinds = {n["kind"] for n in api.http.get("/api/v1/notifications", headers=security).json()}
    assert "security.promotion_blocked" in kinds
    assert_problem(
        api.http.post(
            f"/api/v1/promotions/{promo['id']}/approvals",
            json={"decision": "approve", "rationale": "r", "role": "security_architect"},
            headers=security,
        ),
        409,
        "wrong-state",
    )


def test_a_version_never_scanned_to_completion_still_waits(api: Api, owner: dict[str, str]) -> None:
    make(api, owner, {"model.json": b"{}"})
    submitted = api.http.post(
        V + "/promotions", json={"target_stage": "submitted", "rationale": "r"}, headers=owner
    ).json()
    assert submitted["state"] == "executed"
    state = api.http.get(V + "/scans", headers=owner).json()
    assert state["status"] == "pending" and state["recheck_pending"] is False
    promo = api.http.post(
        V + "/promotions", json={"target_stage": "staging", "rationale": "r"}, headers=owner
    ).json()
    assert promo["state"] == "blocked"
    assert "security-scan-complete" in failing(promo)


# -- 2. an empty or stale advisory database is a finding -------------------------------------


def test_an_empty_advisory_database_is_a_visible_non_blocking_finding(
    api: Api, owner: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    make(api, owner, {"model.json": b"{}", "requirements.txt": b"PyYAML==5.3\n"})
    state = submit_and_scan(api, owner)
    (empty,) = [f for f in state["findings"] if f["scanner"] == "vulnerability"]
    assert empty["rule"] == "advisory-database-empty" and empty["severity"] == "medium"
    assert not empty["blocking"] and "modelreg advisories import" in empty["message"]
    assert state["advisories"]["empty"] is True and state["advisories"]["stale"] is True

    _echo_status(SecurityStatus.model_validate(state))
    assert "advisories: EMPTY" in capsys.readouterr().out

    promo = api.http.post(
        V + "/promotions", json={"target_stage": "staging", "rationale": "r"}, headers=owner
    ).json()
    assert promo["state"] == "executed"  # a warning by default, not a block
    (warning,) = [r for r in promo["results"] if r["rule_id"] == "security-advisories-fresh"]
    assert warning["passed"] is False and warning["severity"] == "warn"


def test_a_stale_advisory_database_is_a_finding_a_policy_can_block_on(
    api: Api, owner: dict[str, str], security: dict[str, str]
) -> None:
    api.registry.advisories.import_path("system", OSV)
    with api.registry.db.engine.begin() as conn:
        conn.execute(update(AdvisoryImportRow).values(imported_at=utcnow() - timedelta(days=30)))
    strict = DEFAULT_PACK_TEXT.replace(
        'condition: "!scans.advisories.empty && !scans.advisories.stale"\n    severity: warn',
        'condition: "!scans.advisories.empty && !scans.advisories.stale"\n    severity: block',
    )
    assert strict != DEFAULT_PACK_TEXT
    assert api.http.put("/api/v1/policies", json={"text": strict}, headers=security).is_success
    make(api, owner, {"model.json": b"{}"})
    state = submit_and_scan(api, owner)
    (stale,) = [f for f in state["findings"] if f["scanner"] == "vulnerability"]
    assert stale["rule"] == "advisory-database-stale" and stale["severity"] == "low"
    advisories = state["advisories"]
    assert advisories["stale"] is True and advisories["empty"] is False
    assert advisories["age_days"] >= 30 and advisories["database_version"].startswith("osv-")

    promo = api.http.post(
        V + "/promotions", json={"target_stage": "staging", "rationale": "r"}, headers=owner
    ).json()
    assert promo["state"] == "blocked"
    assert failing(promo) == ["security-advisories-fresh"]

    # A fresh import re-checks the version, and the rule passes.
    api.registry.advisories.import_path("system", OSV)
    assert api.run_jobs() == 1
    fresh = api.http.get(V + "/scans", headers=owner).json()["advisories"]
    assert fresh["stale"] is False and fresh["age_days"] == 0
    again = api.http.post(
        V + "/promotions", json={"target_stage": "staging", "rationale": "r"}, headers=owner
    ).json()
    assert again["state"] == "executed", again


# -- 3. external base models declare their license -------------------------------------------


def link_base(api: Api, owner: dict[str, str], link: dict[str, Any]) -> Any:
    return api.http.post(V + "/lineage", json=[{"kind": "base_model", **link}], headers=owner)


@pytest.mark.parametrize(
    ("declared", "status", "outcome"),
    [("BSD-3-Clause", "allowed", "executed"), ("AGPL-3.0-only", "denied", "blocked")],
)
def test_an_external_base_model_license_is_judged(
    api: Api, owner: dict[str, str], declared: str, status: str, outcome: str
) -> None:
    make(api, owner, {"model.json": b"{}"})
    linked = link_base(api, owner, {"ref": "hf://x/y", "license": declared})
    assert linked.status_code == 201, linked.text
    assert linked.json()[0]["attributes"]["license"] == declared
    state = submit_and_scan(api, owner)
    assert state["license"]["status"] == status
    base = [f for f in state["findings"] if f["path"] == "base-model:hf://x/y"]
    assert [f["rule"] for f in base] == ([] if status == "allowed" else ["license-denied"])
    promo = api.http.post(
        V + "/promotions", json={"target_stage": "staging", "rationale": "r"}, headers=owner
    ).json()
    assert promo["state"] == outcome
    bases = decision_input(api, owner, promo["decision_id"])["lineage"]["base_models"]
    assert bases == [{"ref": "hf://x/y", "license": declared}]


def test_an_invalid_or_misplaced_base_model_license_is_422_naming_the_field(
    api: Api, owner: dict[str, str]
) -> None:
    make(api, owner, {"model.json": b"{}"})
    bad = assert_problem(
        link_base(api, owner, {"ref": "hf://x/y", "license": "MIT AND"}), 422, "invalid-input"
    )
    assert bad["errors"][0]["loc"][-1] == "lineage.license"
    # A registry base model's license comes from its own scan; declaring one is refused.
    other = {"group": "fraud", "name": "base", "risk_tier": "low", "license": "MIT"}
    assert api.http.post("/api/v1/models", json=other, headers=owner).status_code == 201
    base = "/api/v1/models/fraud/base/versions"
    assert api.http.post(base, json={"version": "1.0.0"}, headers=owner).status_code == 201
    misplaced = assert_problem(
        link_base(api, owner, {"ref": "fraud/base@1.0.0", "license": "MIT"}),
        422,
        "invalid-input",
    )
    assert misplaced["errors"][0]["loc"][-1] == "lineage.license"


# -- 4. files that execute code are not handed out -------------------------------------------


def test_code_execution_findings_refuse_downloads_without_the_gate(
    api: Api, owner: dict[str, str], security: dict[str, str], tmp_path: Path
) -> None:
    assert api.registry.security_gate.enforce_downloads is False
    make(api, owner, {"model.pkl": pickle.dumps(_Evil(tmp_path / "pwned"))})
    state = submit_and_scan(api, owner)
    executes = [
        f
        for f in state["findings"]
        if f["category"] == "unsafe_serialization" and f["severity"] == "critical"
    ]
    evil = next(f for f in executes if f["rule"] == "pickle-dangerous-global")
    sre = api.user("sam", Role.SRE)
    refused = assert_problem(
        api.http.get(V + "/artifacts/model.pkl", headers=sre), 403, "forbidden"
    )
    assert evil["id"] in refused["detail"] and "executes code" in refused["detail"]
    assert api.http.get(V + "/artifacts/model.pkl", headers=owner).status_code == 200
    assert api.http.get(V + "/artifacts/model.pkl", headers=security).status_code == 200
    assert len(audited(api, security, "download.refused")) == 1
    exempted = audited(api, security, "download.exempted")
    assert len(exempted) == 2 and all(evil["id"] in e["details"]["findings"] for e in exempted)

    # A security architect accepts the risk for this digest: then it may be downloaded.
    expires = (utcnow() + timedelta(days=7)).isoformat()
    for finding in executes:
        granted = api.http.post(
            V + "/exceptions",
            json={"finding_id": finding["id"], "reason": "sandboxed scorer", "expires_at": expires},
            headers=security,
        )
        assert granted.status_code == 201, granted.text
    assert api.http.get(V + "/artifacts/model.pkl", headers=sre).status_code == 200


def test_a_benign_pickle_downloads_without_the_gate(api: Api, owner: dict[str, str]) -> None:
    make(api, owner, {"model.pkl": pickle.dumps({"weights": [0.1]})})
    submit_and_scan(api, owner)
    sre = api.user("sam", Role.SRE)
    assert api.http.get(V + "/artifacts/model.pkl", headers=sre).status_code == 200
