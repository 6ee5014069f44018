"""Governance reads carry usernames beside user ids; stored records and the audit chain keep ids."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

from api_support import Api
from test_governance_api import V, approve, make_version, promote
from test_security_api import V as SV
from test_security_api import _Evil, make, submit_and_scan

from modelreg.domain.access import Role


def test_promotions_decisions_and_history_name_the_people(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    mrc, sec = api.user("maria", Role.MRC), api.user("sven", Role.SECURITY_ARCHITECT)
    ids = {u.username: u.id for u in api.registry.identity.list_users()}
    make_version(api, owner)
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    pending = api.http.get("/api/v1/promotions", headers=mrc).json()
    assert [(p["requested_by"], p["requested_by_name"]) for p in pending] == [
        (ids["alice"], "alice")
    ]
    approve(api, mrc, pid)
    done = approve(api, sec, pid).json()
    assert done["state"] == "executed"
    assert [(a["approver"], a["approver_name"]) for a in done["approvals"]] == [
        (ids["maria"], "maria"),
        (ids["sven"], "sven"),
    ]
    decision = api.http.get(f"/api/v1/decisions/{done['decision_id']}", headers=owner).json()
    assert (decision["actor"], decision["actor_name"]) == (ids["sven"], "sven")
    history = api.http.get(V + "/history", headers=owner).json()
    assert [(h["actor"], h["actor_name"]) for h in history] == [
        (ids["alice"], "alice"),
        (ids["alice"], "alice"),
        (ids["sven"], "sven"),
    ]
    # The audit chain stays pseudonymous: ids only, no name field.
    events = api.http.get(
        "/api/v1/audit/events", params={"action": "promotion.approved"}, headers=admin
    ).json()["items"]
    assert {e["actor"] for e in events} == {ids["maria"], ids["sven"]}
    assert all("actor_name" not in e for e in events)


def test_exceptions_name_who_granted_and_revoked_them(api: Api, owner: dict[str, str]) -> None:
    security = api.user("sven", Role.SECURITY_ARCHITECT)
    sven = next(u.id for u in api.registry.identity.list_users() if u.username == "sven")
    make(api, owner, {"model.pkl": pickle.dumps(_Evil(Path("/nonexistent/never-run")))})
    finding = next(f for f in submit_and_scan(api, owner)["findings"] if f["blocking"])
    body = {
        "finding_id": finding["id"],
        "reason": "Vendor checkpoint, loaded only in a sandbox.",
        "expires_at": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
    }
    granted = api.http.post(SV + "/exceptions", json=body, headers=security).json()
    assert (granted["granted_by"], granted["granted_by_name"]) == (sven, "sven")
    assert granted["revoked_by_name"] is None
    revoked = api.http.delete(f"/api/v1/security/exceptions/{granted['id']}", headers=security)
    assert revoked.json()["revoked_by_name"] == "sven"
    [listed] = api.http.get(SV + "/exceptions", headers=owner).json()
    assert (listed["granted_by_name"], listed["revoked_by_name"], listed["state"]) == (
        "sven",
        "sven",
        "revoked",
    )
