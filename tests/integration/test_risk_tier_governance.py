"""The risk tier is governed: no way to reach production with fewer approvals than it requires.

Each test is one way around the two-person rule that an owner, a dual-role reviewer or an
admin could try; every one of them must leave the version short of production.
"""

from __future__ import annotations

from typing import Any

from api_support import Api, assert_problem
from test_governance_api import M, V, approve, make_version, promote

from modelreg.domain.access import Role

CHANGES = M + "/risk-tier-changes"


def ask_tier(api: Api, headers: dict[str, str], tier: str, reason: str = "re-assessed") -> Any:
    return api.http.post(CHANGES, json={"risk_tier": tier, "reason": reason}, headers=headers)


def decide_tier(api: Api, headers: dict[str, str], change_id: str, decision: str) -> Any:
    return api.http.post(
        f"/api/v1/risk-tier-changes/{change_id}/decision",
        json={"decision": decision, "rationale": "assessment RA-31 reviewed"},
        headers=headers,
    )


def stage(api: Api, headers: dict[str, str]) -> str:
    return str(api.http.get(V, headers=headers).json()["stage"])


def events(api: Api, admin: dict[str, str], action: str) -> list[dict[str, Any]]:
    items = api.http.get(
        "/api/v1/audit/events", params={"action": action, "limit": 100}, headers=admin
    ).json()["items"]
    return list(items)


def submitted_high(api: Api, owner: dict[str, str]) -> str:
    """A high-risk version awaiting production approval; returns the promotion id."""
    make_version(api, owner, risk_tier="high")
    assert promote(api, owner, "submitted").json()["state"] == "executed"
    promo = promote(api, owner, "production").json()
    assert promo["state"] == "awaiting_approval", promo
    return str(promo["id"])


def test_the_reported_bypass_is_refused(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    """Owner lowers the tier, re-requests, one dual-role person approves twice: refused."""
    pid = submitted_high(api, owner)
    body = assert_problem(
        api.http.patch(M, json={"risk_tier": "low"}, headers=owner), 409, "wrong-state"
    )
    assert "needs MRC approval" in body["detail"] and "risk-tier-changes" in body["detail"]
    model = api.http.get(M, headers=owner).json()
    assert model["risk_tier"] == "high" and model["pending_risk_tier"] is None
    # Re-requesting cannot replace a review that is still valid.
    assert_problem(promote(api, owner, "production"), 409, "conflict")
    dual = api.user("bob", Role.MRC, Role.SECURITY_ARCHITECT)
    assert approve(api, dual, pid, role="mrc").json()["state"] == "awaiting_approval"
    second = approve(api, dual, pid, role="security_architect").json()
    assert second["state"] == "awaiting_approval"
    assert second["approval_status"]["two_person"] is True
    assert second["approval_status"]["missing_roles"] == ["security_architect"]
    assert stage(api, owner) == "submitted"


def test_a_requested_lowering_applies_nothing_until_mrc_approves(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    pid = submitted_high(api, owner)
    asked = ask_tier(api, owner, "low", reason="scope narrowed to internal triage")
    assert asked.status_code == 201, asked.text
    change = asked.json()
    assert change["state"] == "pending" and change["from_tier"] == "high"
    model = api.http.get(M, headers=owner).json()
    assert model["risk_tier"] == "high"
    assert model["pending_risk_tier"]["risk_tier"] == "low"
    assert model["pending_risk_tier"]["change_id"] == change["id"]
    card = api.http.get(V + "/card", params={"format": "markdown"}, headers=owner).text
    assert "high (lowering to low awaits MRC approval)" in card
    # The pending lowering is visible to policies but the judged tier stays high.
    decision_id = api.http.get(f"/api/v1/promotions/{pid}", headers=owner).json()["decision_id"]
    dual = api.user("bob", Role.MRC, Role.SECURITY_ARCHITECT)
    approve(api, dual, pid, role="mrc")
    approve(api, dual, pid, role="security_architect")
    assert stage(api, owner) == "submitted"
    latest = api.http.get(f"/api/v1/promotions/{pid}", headers=owner).json()["decision_id"]
    assert latest != decision_id
    record = api.http.get(f"/api/v1/decisions/{latest}", headers=admin).json()
    assert record["input"]["model"]["risk_tier"] == "high"
    assert record["input"]["model"]["pending_risk_tier"] == "low"
    # A second pending lowering is refused; the requester can withdraw hers.
    assert_problem(ask_tier(api, owner, "medium"), 409, "conflict")
    withdrawn = api.http.post(
        f"/api/v1/risk-tier-changes/{change['id']}/withdraw", headers=owner
    ).json()
    assert withdrawn["state"] == "withdrawn"
    assert api.http.get(M, headers=owner).json()["pending_risk_tier"] is None
    assert events(api, admin, "model.risk_tier_change_withdrawn")


def test_who_may_decide_a_lowering(api: Api, owner: dict[str, str], admin: dict[str, str]) -> None:
    make_version(api, owner, risk_tier="high")
    change_id = ask_tier(api, owner, "medium").json()["id"]
    carol = api.user("carol", Role.MODEL_OWNER, Role.MRC)
    api.http.patch(M, json={"owners": ["alice", "carol"]}, headers=owner)
    sven = api.user("sven", Role.SECURITY_ARCHITECT)
    # Not mrc (even an admin), an owner with mrc: all refused, and each refusal audited.
    assert_problem(decide_tier(api, admin, change_id, "approve"), 403, "forbidden")
    assert_problem(decide_tier(api, sven, change_id, "approve"), 403, "forbidden")
    body = assert_problem(decide_tier(api, carol, change_id, "approve"), 403, "forbidden")
    assert "separation of duties" in body["detail"]
    assert len(events(api, admin, "model.risk_tier_decision_refused")) == 3
    assert api.http.get(M, headers=owner).json()["risk_tier"] == "high"
    maria = api.user("maria", Role.MRC)
    approved = decide_tier(api, maria, change_id, "approve").json()
    assert approved["state"] == "approved" and approved["decided_by"]
    assert api.http.get(M, headers=owner).json()["risk_tier"] == "medium"
    # Decided once: a second verdict is a wrong-state conflict.
    assert_problem(decide_tier(api, maria, change_id, "reject"), 409, "wrong-state")
    lowered = events(api, admin, "model.risk_tier_lowered")
    assert len(lowered) == 1
    details = lowered[0]["details"]
    assert details["from"] == "high" and details["to"] == "medium"
    assert details["reason"] == "re-assessed" and details["rationale"]
    assert details["requested_by"] and details["decided_by"] != details["requested_by"]
    history = api.http.get(CHANGES, headers=owner).json()
    assert [c["state"] for c in history] == ["approved"]


def test_a_rejected_lowering_changes_nothing(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    make_version(api, owner, risk_tier="high")
    change_id = ask_tier(api, owner, "low").json()["id"]
    maria = api.user("maria", Role.MRC)
    assert decide_tier(api, maria, change_id, "reject").json()["state"] == "rejected"
    model = api.http.get(M, headers=owner).json()
    assert model["risk_tier"] == "high" and model["pending_risk_tier"] is None
    assert events(api, admin, "model.risk_tier_change_rejected")


def test_a_lowering_approved_mid_review_keeps_the_review_at_the_higher_tier(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    pid = submitted_high(api, owner)
    change_id = ask_tier(api, owner, "low").json()["id"]
    maria = api.user("maria", Role.MRC)
    assert decide_tier(api, maria, change_id, "approve").json()["state"] == "approved"
    assert api.http.get(M, headers=owner).json()["risk_tier"] == "low"
    rejudged = events(api, admin, "promotion.rejudged")
    assert [e["details"]["trigger"] for e in rejudged] == ["risk_tier_changed"]
    assert rejudged[0]["details"]["judged_tier"] == "high"
    dual = api.user("bob", Role.MRC, Role.SECURITY_ARCHITECT)
    approve(api, dual, pid, role="mrc")
    promo = approve(api, dual, pid, role="security_architect").json()
    assert promo["state"] == "awaiting_approval" and promo["approval_status"]["two_person"]
    assert stage(api, owner) == "submitted"
    # A second person completes it.
    sven = api.user("sven", Role.SECURITY_ARCHITECT)
    assert approve(api, sven, pid).json()["state"] == "executed"
    assert stage(api, owner) == "production"


def test_raising_the_tier_mid_review_tightens_it_at_once(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    make_version(api, owner, risk_tier="low")
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    dual = api.user("bob", Role.MRC, Role.SECURITY_ARCHITECT)
    assert approve(api, dual, pid, role="mrc").json()["state"] == "awaiting_approval"
    raised = api.http.patch(M, json={"risk_tier": "high"}, headers=owner)
    assert raised.status_code == 200 and raised.json()["risk_tier"] == "high"
    assert events(api, admin, "model.risk_tier_raised")
    promo = approve(api, dual, pid, role="security_architect").json()
    assert promo["state"] == "awaiting_approval"
    assert promo["approval_status"]["two_person"] is True
    assert stage(api, owner) == "submitted"
    history = api.http.get(CHANGES, headers=owner).json()
    assert [(c["from_tier"], c["to_tier"], c["state"]) for c in history] == [
        ("low", "high", "applied")
    ]


def test_raising_supersedes_a_pending_lowering(api: Api, owner: dict[str, str]) -> None:
    make_version(api, owner, risk_tier="medium")
    change_id = ask_tier(api, owner, "low").json()["id"]
    raised = ask_tier(api, owner, "high")
    assert raised.status_code == 201 and raised.json()["state"] == "applied"
    old = api.http.get(f"/api/v1/risk-tier-changes/{change_id}", headers=owner).json()
    assert old["state"] == "superseded"
    maria = api.user("maria", Role.MRC)
    assert_problem(decide_tier(api, maria, change_id, "approve"), 409, "wrong-state")
    assert api.http.get(M, headers=owner).json()["risk_tier"] == "high"


def test_an_approver_who_becomes_an_owner_no_longer_counts(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    pid = submitted_high(api, owner)
    maria = api.user("maria", Role.MRC)
    assert approve(api, maria, pid).json()["state"] == "awaiting_approval"
    api.http.patch(M, json={"owners": ["alice", "maria"]}, headers=owner)
    sven = api.user("sven", Role.SECURITY_ARCHITECT)
    promo = approve(api, sven, pid).json()
    assert promo["state"] == "awaiting_approval"
    assert promo["approval_status"]["missing_roles"] == ["mrc"]
    record = api.http.get(f"/api/v1/decisions/{promo['decision_id']}", headers=admin).json()
    counts = {a["role"]: a["counts"] for a in record["input"]["approvals"]}
    assert counts == {"mrc": False, "security_architect": True}
    assert stage(api, owner) == "submitted"


def test_a_role_granted_mid_review_does_not_let_an_owner_approve(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    pid = submitted_high(api, owner)
    granted = api.http.patch(
        "/api/v1/users/alice",
        json={"roles": ["model_owner", "mrc", "security_architect"]},
        headers=admin,
    )
    assert granted.status_code == 200, granted.text
    assert events(api, admin, "user.roles_changed")
    for role in ("mrc", "security_architect"):
        body = assert_problem(approve(api, owner, pid, role=role), 403, "forbidden")
        assert "separation of duties" in body["detail"]
    # A reviewer granted a second role mid-review is still one person.
    maria = api.user("maria", Role.MRC)
    approve(api, maria, pid)
    api.http.patch(
        "/api/v1/users/maria", json={"roles": ["mrc", "security_architect"]}, headers=admin
    )
    promo = approve(api, maria, pid, role="security_architect").json()
    assert promo["state"] == "awaiting_approval"
    assert stage(api, owner) == "submitted"


def test_an_approval_stops_counting_when_its_role_or_account_goes(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    pid = submitted_high(api, owner)
    maria = api.user("maria", Role.MRC)
    approve(api, maria, pid)
    api.http.patch("/api/v1/users/maria", json={"roles": ["auditor"]}, headers=admin)
    sven = api.user("sven", Role.SECURITY_ARCHITECT)
    promo = approve(api, sven, pid).json()
    assert promo["state"] == "awaiting_approval"
    assert promo["approval_status"]["missing_roles"] == ["mrc"]
    # A disabled reviewer's verdict does not count either, and their token stops working.
    mona = api.user("mona", Role.MRC)
    api.http.patch("/api/v1/users/sven", json={"disabled": True}, headers=admin)
    promo = approve(api, mona, pid).json()
    assert promo["state"] == "awaiting_approval"
    assert promo["approval_status"]["missing_roles"] == ["security_architect"]
    assert approve(api, sven, pid).status_code == 401
    assert stage(api, owner) == "submitted"


def test_a_revoked_token_cannot_approve(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    pid = submitted_high(api, owner)
    maria = api.user("maria", Role.MRC)
    token_id = api.http.get("/api/v1/users/maria/tokens", headers=maria).json()[0]["id"]
    assert api.http.delete(f"/api/v1/tokens/{token_id}", headers=admin).status_code == 200
    assert approve(api, maria, pid).status_code == 401
    promo = api.http.get(f"/api/v1/promotions/{pid}", headers=owner).json()
    assert promo["approvals"] == [] and promo["state"] == "awaiting_approval"


def test_a_policy_switched_mid_review_needs_a_new_request(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    pid = submitted_high(api, owner)
    maria = api.user("maria", Role.MRC)
    approve(api, maria, pid)
    text = api.http.get("/api/v1/policies/active", headers=admin).json()["text"]
    # An admin switching to a policy without the two-person rule cannot speed up this review.
    weaker = text.replace("name: default", "name: weaker", 1)
    assert api.http.put("/api/v1/policies", json={"text": weaker}, headers=admin).status_code in (
        200,
        201,
    )
    sven = api.user("sven", Role.SECURITY_ARCHITECT)
    body = assert_problem(approve(api, sven, pid), 409, "conflict")
    assert "policy set changed" in body["detail"]
    assert stage(api, owner) == "submitted"
    fresh = promote(api, owner, "production").json()
    assert fresh["state"] == "awaiting_approval" and fresh["approvals"] == []
    assert api.http.get(f"/api/v1/promotions/{pid}", headers=owner).json()["state"] == "superseded"


def test_patch_refuses_a_lowering_and_writes_nothing(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    make_version(api, owner, risk_tier="medium")
    resp = api.http.patch(M, json={"risk_tier": "low", "description": "changed"}, headers=owner)
    assert_problem(resp, 409, "wrong-state")
    model = api.http.get(M, headers=owner).json()
    assert model["risk_tier"] == "medium" and model["description"] != "changed"
    assert_problem(ask_tier(api, owner, "medium"), 422, "invalid-input")


def test_only_owners_ask_for_tier_changes(api: Api, owner: dict[str, str]) -> None:
    make_version(api, owner, risk_tier="high")
    mallory = api.user("mallory", Role.MODEL_OWNER)
    assert_problem(ask_tier(api, mallory, "low"), 403, "forbidden")
    auditor = api.user("audrey", Role.AUDITOR)
    assert_problem(ask_tier(api, auditor, "low"), 403, "forbidden")
    assert api.http.get(CHANGES, headers=auditor).status_code == 200


def test_the_last_admin_cannot_lock_everyone_out(api: Api, admin: dict[str, str]) -> None:
    assert_problem(
        api.http.patch("/api/v1/users/root", json={"roles": ["auditor"]}, headers=admin),
        409,
        "wrong-state",
    )
    assert_problem(
        api.http.patch("/api/v1/users/root", json={"disabled": True}, headers=admin),
        409,
        "wrong-state",
    )
    assert_problem(
        api.http.patch("/api/v1/users/root", json={}, headers=admin), 422, "invalid-input"
    )
    # Found by the fuzzer: `0` is not a boolean, and null cannot clear `disabled` or `roles`.
    for body in ({"disabled": 0}, {"disabled": None}, {"roles": None}):
        resp = api.http.patch("/api/v1/users/root", json=body, headers=admin)
        assert_problem(resp, 422, "invalid-input")
