"""Governance over HTTP: lifecycle, policy gates, approvals, separation of duties, replay."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from api_support import MODEL, Api, assert_problem
from publisher_signing import publish_signature

from modelreg.domain.access import Role

M = "/api/v1/models/fraud/credit-scorer"
V = M + "/versions/1.0.0"
COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"
READY_LINEAGE = [
    {"kind": "dataset", "uri": "s3://risk/q3.parquet"},
    {"kind": "code", "repository": "https://git.example.com/risk", "commit": COMMIT},
]


def make_version(
    api: Api, owner: dict[str, str], *, ready: bool = True, risk_tier: str = "high"
) -> None:
    api.http.post("/api/v1/models", json={**MODEL, "risk_tier": risk_tier}, headers=owner)
    body: dict[str, Any] = {"version": "1.0.0", "lineage": READY_LINEAGE if ready else []}
    assert api.http.post(M + "/versions", json=body, headers=owner).status_code == 201
    api.http.put(V + "/artifacts/model.bin", content=b"weights", headers=owner)
    if ready:
        # High-risk production needs a trusted publisher's signature (default pack).
        publish_signature(api, owner, V, {"model.bin": b"weights"})
        api.http.put(
            V + "/card/annotations",
            json={"intended_use": "Fraud triage.", "limitations": "Card-present only."},
            headers=owner,
        )


def promote(api: Api, headers: dict[str, str], stage: str, version_url: str = V) -> Any:
    # Staging and production need finished security scans; run the queued ones first.
    api.run_jobs()
    return api.http.post(
        version_url + "/promotions",
        json={"target_stage": stage, "rationale": f"to {stage}"},
        headers=headers,
    )


def approve(
    api: Api, headers: dict[str, str], pid: str, decision: str = "approve", role: str | None = None
) -> Any:
    body: dict[str, Any] = {"decision": decision, "rationale": "reviewed"}
    if role:
        body["role"] = role
    return api.http.post(f"/api/v1/promotions/{pid}/approvals", json=body, headers=headers)


@pytest.fixture
def reviewers(api: Api) -> tuple[dict[str, str], dict[str, str]]:
    return api.user("maria", Role.MRC), api.user("sven", Role.SECURITY_ARCHITECT)


def test_submit_seals_and_production_needs_two_approvals(
    api: Api,
    owner: dict[str, str],
    admin: dict[str, str],
    reviewers: tuple[dict[str, str], dict[str, str]],
) -> None:
    mrc, sec = reviewers
    make_version(api, owner)
    submitted = promote(api, owner, "submitted").json()
    assert submitted["state"] == "executed"
    version = api.http.get(V, headers=owner).json()
    assert version["stage"] == "submitted" and version["sealed"] is True

    request = promote(api, owner, "production")
    assert request.status_code == 201, request.text
    promo = request.json()
    assert promo["state"] == "awaiting_approval"
    assert promo["approval_status"]["missing_roles"] == ["mrc", "security_architect"]
    assert promo["version_digest"] == version["digest"]

    after_mrc = approve(api, mrc, promo["id"]).json()
    assert after_mrc["state"] == "awaiting_approval"
    assert after_mrc["approval_status"]["missing_roles"] == ["security_architect"]
    done = approve(api, sec, promo["id"]).json()
    assert done["state"] == "executed"
    assert api.http.get(V, headers=owner).json()["stage"] == "production"

    history = api.http.get(V + "/history", headers=owner).json()
    assert [h["stage"] for h in history] == ["draft", "submitted", "production"]
    assert history[-1]["promotion_id"] == promo["id"] and history[-1]["decision_id"]

    actions = [
        e["action"]
        for e in api.http.get(
            "/api/v1/audit/events",
            params={"subject": "version:fraud/credit-scorer@1.0.0", "limit": 1000},
            headers=admin,
        ).json()["items"]
    ]
    for action in ("promotion.requested", "promotion.approved", "promotion.executed"):
        assert action in actions
    assert api.http.get("/api/v1/audit/verify", headers=admin).json()["ok"] is True


def test_what_was_in_production_at_a_time(
    api: Api, owner: dict[str, str], reviewers: tuple[dict[str, str], dict[str, str]]
) -> None:
    mrc, sec = reviewers
    make_version(api, owner)
    before = datetime.now(UTC).isoformat()
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    approve(api, mrc, pid)
    approve(api, sec, pid)
    after = datetime.now(UTC).isoformat()
    then = api.http.get(M + "/history", params={"at": before}, headers=owner).json()
    now = api.http.get(M + "/history", params={"at": after}, headers=owner).json()
    assert then["stages"] == {"draft": ["1.0.0"]}
    assert now["stages"] == {"production": ["1.0.0"]}
    assert_problem(
        api.http.get(M + "/history", params={"at": "2026-01-01T00:00:00"}, headers=owner),
        422,
        "invalid-input",
    )


def test_block_lists_every_failing_rule_and_is_audited(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    make_version(api, owner, ready=False)
    promote(api, owner, "submitted")
    promo = promote(api, owner, "production").json()
    assert promo["state"] == "blocked"
    failed = {
        r["rule_id"] for r in promo["results"] if not r["passed"] and r["severity"] == "block"
    }
    assert {"card-intended-use", "card-limitations", "lineage-dataset", "lineage-code"} <= failed
    assert all(r["message"] for r in promo["results"] if not r["passed"])
    blocked = api.http.get(
        "/api/v1/audit/events", params={"action": "promotion.blocked"}, headers=admin
    ).json()["items"]
    assert blocked and {r["rule"] for r in blocked[0]["details"]["reasons"]} >= failed - {
        "approvals"
    }
    assert_problem(approve(api, api.user("maria", Role.MRC), promo["id"]), 409, "wrong-state")


def test_transition_table_is_enforced(api: Api, owner: dict[str, str]) -> None:
    make_version(api, owner)
    body = assert_problem(promote(api, owner, "production"), 409, "wrong-state")
    assert "submitted" in body["detail"] and body["allowed"] == ["submitted"]
    assert_problem(promote(api, owner, "nowhere"), 422, "invalid-input")


def test_separation_of_duties_and_roles(
    api: Api,
    owner: dict[str, str],
    admin: dict[str, str],
    reviewers: tuple[dict[str, str], dict[str, str]],
) -> None:
    mrc, _ = reviewers
    make_version(api, owner)
    promote(api, owner, "submitted")
    # An MRC member who also owns the model may not approve it.
    both = api.user("olga", Role.MRC, Role.MODEL_OWNER)
    api.http.patch(M, json={"owners": ["alice", "olga"]}, headers=owner)
    pid = promote(api, owner, "production").json()["id"]
    assert_problem(approve(api, both, pid), 403, "forbidden")
    assert_problem(approve(api, owner, pid), 403, "forbidden")  # no approve permission
    sre = api.user("sam", Role.SRE)
    assert_problem(approve(api, sre, pid), 403, "forbidden")
    assert approve(api, mrc, pid).status_code == 200
    assert_problem(approve(api, mrc, pid), 409, "conflict")  # twice
    assert_problem(approve(api, mrc, pid, role="security_architect"), 403, "forbidden")
    promo = api.http.get(f"/api/v1/promotions/{pid}", headers=owner).json()
    assert len(promo["approvals"]) == 1 and promo["state"] == "awaiting_approval"
    refused = api.http.get(
        "/api/v1/audit/events", params={"action": "promotion.approval_refused"}, headers=admin
    ).json()["items"]
    assert len(refused) >= 3


def test_requester_cannot_approve_own_request(api: Api, admin: dict[str, str]) -> None:
    lead = api.user("lead", Role.MODEL_OWNER, Role.MRC)
    make_version(api, lead)
    promote(api, lead, "submitted")
    pid = promote(api, lead, "production").json()["id"]
    body = assert_problem(approve(api, lead, pid), 403, "forbidden")
    assert "separation of duties" in body["detail"]


@pytest.mark.parametrize(("tier", "executes"), [("high", False), ("low", True)])
def test_two_person_rule_by_risk_tier(
    api: Api, owner: dict[str, str], tier: str, executes: bool
) -> None:
    make_version(api, owner, risk_tier=tier)
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    dual = api.user("dana", Role.MRC, Role.SECURITY_ARCHITECT)
    assert_problem(approve(api, dual, pid), 422, "invalid-input")  # must say which role
    assert approve(api, dual, pid, role="mrc").status_code == 200
    second = approve(api, dual, pid, role="security_architect").json()
    assert (second["state"] == "executed") is executes
    if not executes:
        assert second["approval_status"]["two_person"] is True
        assert second["state"] == "awaiting_approval"


def test_reject_ends_request_and_turns_down_submission(
    api: Api, owner: dict[str, str], reviewers: tuple[dict[str, str], dict[str, str]]
) -> None:
    mrc, sec = reviewers
    make_version(api, owner)
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    rejected = approve(api, mrc, pid, decision="reject").json()
    assert rejected["state"] == "rejected"
    assert api.http.get(V, headers=owner).json()["stage"] == "rejected"
    assert_problem(approve(api, sec, pid), 409, "wrong-state")


def test_stale_policy_invalidates_pending_approvals(
    api: Api,
    owner: dict[str, str],
    admin: dict[str, str],
    reviewers: tuple[dict[str, str], dict[str, str]],
) -> None:
    mrc, _ = reviewers
    make_version(api, owner)
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    active = api.http.get("/api/v1/policies/active", headers=admin).json()
    changed = active["text"] + "\n# reviewed 2026-11-27\n"
    changed = changed.replace("Seal the version", "Seal this version")
    assert (
        api.http.put("/api/v1/policies", json={"text": changed}, headers=admin).status_code == 201
    )
    body = assert_problem(approve(api, mrc, pid), 409, "conflict")
    assert "policy set changed" in body["detail"]


def test_decision_replay_is_identical_after_policy_change(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    make_version(api, owner, ready=False)
    promote(api, owner, "submitted")
    promo = promote(api, owner, "production").json()
    decision = api.http.get(f"/api/v1/decisions/{promo['decision_id']}", headers=owner).json()
    assert decision["outcome"] == "blocked" and decision["input"]["target_stage"] == "production"
    assert decision["policy_set"] == 1
    lenient = "name: lenient\nrules: []\n"
    assert (
        api.http.put("/api/v1/policies", json={"text": lenient}, headers=admin).status_code == 201
    )
    replay = api.http.post(f"/api/v1/decisions/{promo['decision_id']}/replay", headers=owner).json()
    assert replay == {
        "decision_id": promo["decision_id"],
        "identical": True,
        "original_outcome": "blocked",
        "replayed_outcome": "blocked",
        "differences": [],
    }


def test_bad_policies_are_rejected_at_upload(
    api: Api, admin: dict[str, str], owner: dict[str, str]
) -> None:
    rule = (
        "name: p\nrules:\n  - id: {id}\n    applies_to: {{stages: [production]}}\n"
        "    condition: '{cond}'\n    severity: block\n    message: fix it\n"
    )
    for cond in ["version.sealed &&", "version.nosuch", "1 + 2"]:
        body = assert_problem(
            api.http.put(
                "/api/v1/policies",
                json={"text": rule.format(id="my-rule", cond=cond)},
                headers=admin,
            ),
            422,
            "invalid-input",
        )
        assert "my-rule" in body["detail"] or "my-rule" in str(body["errors"])
    assert_problem(
        api.http.put("/api/v1/policies", json={"text": "name: [unclosed"}, headers=admin),
        422,
        "invalid-input",
    )
    assert_problem(
        api.http.put("/api/v1/policies", json={"text": "name: p\nrules: []\n"}, headers=owner),
        403,
        "forbidden",
    )
    security = api.user("sven", Role.SECURITY_ARCHITECT)
    assert (
        api.http.put(
            "/api/v1/policies", json={"text": "name: p\nrules: []\n"}, headers=security
        ).status_code
        == 201
    )
    versions = api.http.get("/api/v1/policies", headers=owner).json()
    assert [v["number"] for v in versions][:1] == [max(v["number"] for v in versions)]


def test_dry_run_decides_nothing(api: Api, owner: dict[str, str]) -> None:
    make_version(api, owner, ready=False)
    draft = (
        "name: draft\nrules:\n  - id: has-task\n    applies_to: {stages: [staging]}\n"
        "    condition: model.task != ''\n    severity: block\n"
        "    message: Set the model task.\n"
    )
    result = api.http.post(
        "/api/v1/policies/dry-run",
        json={
            "text": draft,
            "model": "fraud/credit-scorer",
            "version": "1.0.0",
            "target_stage": "staging",
        },
        headers=owner,
    ).json()
    assert result["outcome"] == "blocked"
    assert [r["rule_id"] for r in result["results"]] == ["has-task"]
    assert api.http.get(V + "/promotions", headers=owner).json() == []
    assert api.http.get(V, headers=owner).json()["stage"] == "draft"


def test_evidence_tables_are_append_only(
    api: Api, owner: dict[str, str], reviewers: tuple[dict[str, str], dict[str, str]]
) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    mrc, _ = reviewers
    make_version(api, owner)
    promote(api, owner, "submitted")
    approve(api, mrc, promote(api, owner, "production").json()["id"])
    for sql in (
        "UPDATE approvals SET decision = 'reject'",
        "DELETE FROM approvals",
        "UPDATE decisions SET outcome = 'approved'",
        "DELETE FROM stage_history",
    ):
        with pytest.raises(DBAPIError, match="append-only"), api.registry.db.engine.begin() as c:
            c.execute(text(sql))
