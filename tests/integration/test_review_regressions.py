"""Regressions for defects found in review: each test names the loophole it closes."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from api_support import MODEL, Api, assert_problem
from test_governance_api import M, V, approve, make_version, promote

from modelreg.domain.access import Role
from modelreg.storage import migrate
from modelreg.storage.db import make_engine


def test_lowering_the_risk_tier_mid_review_cannot_skip_the_two_person_rule(
    api: Api, owner: dict[str, str]
) -> None:
    make_version(api, owner, risk_tier="high")
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    dual = api.user("bob", Role.MRC, Role.SECURITY_ARCHITECT)
    assert approve(api, dual, pid, role="mrc").status_code == 200
    # Lowering is a governed request now; PATCH refuses it and the review stays at high.
    assert_problem(api.http.patch(M, json={"risk_tier": "low"}, headers=owner), 409, "wrong-state")
    promo = approve(api, dual, pid, role="security_architect").json()
    assert promo["state"] == "awaiting_approval" and promo["approval_status"]["two_person"]
    assert api.http.get(V, headers=owner).json()["stage"] == "submitted"
    # Re-requesting cannot replace a review that is still valid.
    assert_problem(promote(api, owner, "production"), 409, "conflict")


def test_a_policy_change_does_not_deadlock_pending_promotions(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    make_version(api, owner)
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    text = api.http.get("/api/v1/policies/active", headers=admin).json()["text"]
    api.http.put(
        "/api/v1/policies",
        json={"text": text.replace("name: default", "name: renamed", 1)},
        headers=admin,
    )
    again = promote(api, owner, "production")
    assert again.status_code == 201 and again.json()["state"] == "awaiting_approval"
    assert api.http.get(f"/api/v1/promotions/{pid}", headers=owner).json()["state"] == "superseded"


def test_stale_promotions_can_still_be_rejected(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    make_version(api, owner)
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    text = api.http.get("/api/v1/policies/active", headers=admin).json()["text"]
    api.http.put(
        "/api/v1/policies",
        json={"text": text.replace("name: default", "name: renamed", 1)},
        headers=admin,
    )
    mrc = api.user("maria", Role.MRC)
    assert approve(api, mrc, pid, decision="reject").json()["state"] == "rejected"


def test_leaving_the_owners_list_does_not_allow_approving(api: Api, owner: dict[str, str]) -> None:
    carol = api.user("carol", Role.MODEL_OWNER, Role.MRC)
    make_version(api, owner)
    api.http.patch(M, json={"owners": ["alice", "carol"]}, headers=owner)
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    assert api.http.patch(M, json={"owners": ["alice"]}, headers=carol).status_code == 200
    body = assert_problem(approve(api, carol, pid), 403, "forbidden")
    assert "separation of duties" in body["detail"]


def test_replay_is_identical_with_float_metadata(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    rule = (
        "name: floats\nrules:\n  - id: threshold\n    applies_to: {stages: [submitted]}\n"
        "    condition: '!has(version.metadata.t) || version.metadata.t + 0.5 > 1.0'\n"
        "    severity: block\n    message: t too small\n"
    )
    assert api.http.put("/api/v1/policies", json={"text": rule}, headers=admin).status_code == 201
    api.http.post("/api/v1/models", json=MODEL, headers=owner)
    api.http.post(M + "/versions", json={"version": "1.0.0", "metadata": {"t": 1.0}}, headers=owner)
    promo = promote(api, owner, "submitted").json()
    replay = api.http.post(f"/api/v1/decisions/{promo['decision_id']}/replay", headers=owner)
    assert replay.json()["identical"] is True, replay.json()


def test_route_level_refusals_are_audited(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    make_version(api, owner)
    promote(api, owner, "submitted")
    pid = promote(api, owner, "production").json()["id"]
    auditor = api.user("audrey", Role.AUDITOR)
    assert_problem(approve(api, auditor, pid), 403, "forbidden")
    assert_problem(promote(api, auditor, "staging"), 403, "forbidden")
    assert_problem(
        api.http.put("/api/v1/policies", json={"text": "name: x\nrules: []\n"}, headers=owner),
        403,
        "forbidden",
    )
    refused = api.http.get(
        "/api/v1/audit/events", params={"action": "access.refused"}, headers=admin
    ).json()["items"]
    assert {e["details"]["permission"] for e in refused} == {
        "promotions:approve",
        "promotions:request",
        "policies:write",
    }


def test_out_of_range_and_unencodable_cursor_keys_are_422(api: Api, admin: dict[str, str]) -> None:
    def cursor(sort: str, keys: Any) -> str:
        raw = json.dumps({"s": sort, "k": keys}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    for url, sort, keys in [
        ("/api/v1/audit/events", "seq", [10**30]),
        ("/api/v1/audit/events", "seq", [2**63]),
        ("/api/v1/models", "name", ["\ud800", "b"]),
        ("/api/v1/models", "name", ["a\u0000", "b"]),
    ]:
        resp = api.http.get(url, params={"cursor": cursor(sort, keys)}, headers=admin)
        assert_problem(resp, 422, "invalid-input")


def test_nul_characters_are_422_on_every_database(api: Api, owner: dict[str, str]) -> None:
    assert_problem(
        api.http.post("/api/v1/models", json={**MODEL, "description": "a\u0000"}, headers=owner),
        422,
        "invalid-input",
    )
    for url in ("/api/v1/models?owner=a%00", "/api/v1/promotions/a%00"):
        # SQLite stores NUL and simply finds nothing; PostgreSQL refuses it: never a 500.
        resp = api.http.get(url, headers=owner)
        assert resp.status_code in (200, 404, 422), (url, resp.status_code)


def test_artifact_header_edge_cases(api: Api, owner: dict[str, str]) -> None:
    api.http.post("/api/v1/models", json=MODEL, headers=owner)
    api.http.post(M + "/versions", json={"version": "1.0.0"}, headers=owner)
    resp = api.http.put(
        V + "/artifacts/x.bin", content=b"x", headers={**owner, "Content-Digest": "sha-256=:abc:"}
    )
    assert_problem(resp, 422, "invalid-input")
    api.http.put(V + "/artifacts/w.bin", content=b"0123456789", headers=owner)
    huge = api.http.get(V + "/artifacts/w.bin", headers={**owner, "Range": "bytes=0-" + "9" * 5000})
    assert huge.status_code == 200 and huge.content == b"0123456789"
    api.http.put(V + "/artifacts/empty", content=b"", headers=owner)
    assert_problem(
        api.http.get(V + "/artifacts/empty", headers={**owner, "Range": "bytes=-5"}),
        416,
        "range-not-satisfiable",
    )
    assert api.http.get(V + "/artifacts/empty", headers=owner).content == b""


def test_migrations_accept_percent_signs_in_the_database_url(tmp_path: Path) -> None:
    folder = tmp_path / "p%x"
    engine = make_engine(f"sqlite:///{folder / 'm.db'}")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    engine.dispose()
