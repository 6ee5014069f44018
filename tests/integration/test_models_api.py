"""Models over HTTP: identity rules, ownership, updates, search, problem documents."""

from __future__ import annotations

from typing import Any

from api_support import MODEL, Api, assert_problem

from modelreg.domain.access import Role


def create(api: Api, headers: dict[str, str], **overrides: Any) -> Any:
    return api.http.post("/api/v1/models", json={**MODEL, **overrides}, headers=headers)


def test_create_and_get_model(api: Api, owner: dict[str, str]) -> None:
    resp = create(api, owner, license="Apache-2.0 OR MIT", framework="xgboost")
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["full_name"] == "fraud/credit-scorer"
    assert body["owners"] == ["alice"]
    assert body["latest_version"] is None
    got = api.http.get("/api/v1/models/fraud/credit-scorer", headers=owner).json()
    assert got == body


def test_duplicate_identity_is_409(api: Api, owner: dict[str, str]) -> None:
    assert create(api, owner).status_code == 201
    assert_problem(create(api, owner), 409, "already-exists")


def test_invalid_names_are_422_naming_the_rule(api: Api, owner: dict[str, str]) -> None:
    for group, name in [
        ("Fraud", "x"),
        ("fraud", "-x"),
        ("fr aud", "x"),
        ("a" * 65, "x"),
        ("", "x"),
    ]:
        body = assert_problem(create(api, owner, group=group, name=name), 422, "invalid-input")
        assert "lowercase" in body["detail"] or "1" in body["detail"]
        assert body["errors"]


def test_bad_license_and_tags_are_422(api: Api, owner: dict[str, str]) -> None:
    assert_problem(create(api, owner, license="MIT OR"), 422, "invalid-input")
    assert_problem(create(api, owner, tags={"bad key": "v"}), 422, "invalid-input")
    body = assert_problem(create(api, owner, risk_tier="extreme"), 422, "invalid-input")
    assert body["errors"][0]["loc"][-1] == "risk_tier"


def test_unknown_field_and_malformed_json(api: Api, owner: dict[str, str]) -> None:
    assert_problem(create(api, owner, colour="red"), 422, "invalid-input")
    resp = api.http.post(
        "/api/v1/models",
        content=b"{not json",
        headers={**owner, "content-type": "application/json"},
    )
    assert_problem(resp, 400, "bad-request")


def test_unknown_owner_is_422(api: Api, owner: dict[str, str]) -> None:
    body = assert_problem(create(api, owner, owners=["nobody"]), 422, "invalid-input")
    assert "nobody" in body["detail"]


def test_only_owners_change_their_models(api: Api, owner: dict[str, str]) -> None:
    create(api, owner)
    mallory = api.user("mallory", Role.MODEL_OWNER)
    resp = api.http.patch(
        "/api/v1/models/fraud/credit-scorer", json={"description": "x"}, headers=mallory
    )
    assert_problem(resp, 403, "forbidden")
    resp = api.http.patch(
        "/api/v1/models/fraud/credit-scorer",
        json={"description": "new", "owners": ["alice", "mallory"]},
        headers=owner,
    )
    assert resp.status_code == 200 and resp.json()["owners"] == ["alice", "mallory"]
    resp = api.http.patch(
        "/api/v1/models/fraud/credit-scorer", json={"risk_tier": "high"}, headers=mallory
    )
    assert resp.status_code == 200 and resp.json()["risk_tier"] == "high"


def test_auditor_reads_but_never_writes(api: Api, owner: dict[str, str]) -> None:
    create(api, owner)
    auditor = api.user("audrey", Role.AUDITOR)
    assert api.http.get("/api/v1/models/fraud/credit-scorer", headers=auditor).status_code == 200
    assert api.http.get("/api/v1/audit/events", headers=auditor).status_code == 200
    assert_problem(create(api, auditor, name="other"), 403, "forbidden")
    assert_problem(
        api.http.patch(
            "/api/v1/models/fraud/credit-scorer", json={"description": "x"}, headers=auditor
        ),
        403,
        "forbidden",
    )


def test_missing_bad_and_revoked_tokens_are_401(api: Api, owner: dict[str, str]) -> None:
    assert_problem(api.http.get("/api/v1/models"), 401, "unauthenticated")
    assert_problem(
        api.http.get("/api/v1/models", headers={"Authorization": "Bearer nope"}),
        401,
        "unauthenticated",
    )
    tokens = api.http.get("/api/v1/users/alice/tokens", headers=owner).json()
    api.http.delete(f"/api/v1/tokens/{tokens[0]['id']}", headers=owner)
    assert_problem(api.http.get("/api/v1/models", headers=owner), 401, "unauthenticated")


def test_unknown_model_is_404(api: Api, owner: dict[str, str]) -> None:
    assert_problem(api.http.get("/api/v1/models/no/such", headers=owner), 404, "not-found")


def test_idempotency_key_replays_first_response(api: Api, owner: dict[str, str]) -> None:
    key = {**owner, "Idempotency-Key": "create-1"}
    first = create(api, key)
    second = create(api, key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers.get("idempotent-replayed") == "true"
    assert_problem(create(api, key, name="other"), 422, "invalid-input")
    page = api.http.get("/api/v1/models", headers=owner).json()
    assert len(page["items"]) == 1


def test_search_filters_sort_and_cursor(api: Api, owner: dict[str, str]) -> None:
    for i in range(7):
        create(
            api,
            owner,
            group="g1" if i % 2 else "g2",
            name=f"m{i}",
            risk_tier="high" if i < 3 else "low",
            tags={"team": "a" if i < 4 else "b"},
            description=f"model number {i} {'transformer' if i == 5 else 'boosting'}",
        )

    def names(params: dict[str, Any]) -> list[str]:
        return [
            m["full_name"]
            for m in api.http.get("/api/v1/models", params=params, headers=owner).json()["items"]
        ]

    assert names({"q": "transformer"}) == ["g1/m5"]
    assert names({"q": "transf"}) == ["g1/m5"]  # prefix match
    assert names({"tag": "team=b", "risk_tier": "low", "group": "g1"}) == ["g1/m5"]
    assert names({"owner": "alice", "group": "g2"}) == ["g2/m0", "g2/m2", "g2/m4", "g2/m6"]
    assert names({"sort": "-name", "limit": 2}) == ["g2/m6", "g2/m4"]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3, "sort": "created_at"}
        if cursor:
            params["cursor"] = cursor
        page = api.http.get("/api/v1/models", params=params, headers=owner).json()
        seen += [m["full_name"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 7 and len(set(seen)) == 7
    assert_problem(
        api.http.get("/api/v1/models", params={"cursor": "garbage"}, headers=owner),
        422,
        "invalid-input",
    )
    assert_problem(
        api.http.get("/api/v1/models", params={"q": "!!!"}, headers=owner), 422, "invalid-input"
    )
    assert_problem(
        api.http.get("/api/v1/models", params={"tag": "novalue"}, headers=owner),
        422,
        "invalid-input",
    )


def test_search_matches_tags_and_card(api: Api, owner: dict[str, str]) -> None:
    create(api, owner, tags={"domain": "payments"})
    assert (
        len(api.http.get("/api/v1/models", params={"q": "payments"}, headers=owner).json()["items"])
        == 1
    )
    api.http.post(
        "/api/v1/models/fraud/credit-scorer/versions", json={"version": "1.0.0"}, headers=owner
    )
    api.http.put(
        "/api/v1/models/fraud/credit-scorer/versions/1.0.0/card/annotations",
        json={"intended_use": "chargeback triage"},
        headers=owner,
    )
    hits = api.http.get("/api/v1/models", params={"q": "chargeback"}, headers=owner).json()
    assert [m["full_name"] for m in hits["items"]] == ["fraud/credit-scorer"]


def test_request_id_is_echoed(api: Api) -> None:
    resp = api.http.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert resp.headers["x-request-id"] == "abc-123"
    assert len(api.http.get("/healthz").headers["x-request-id"]) == 32


def test_readyz_reports_dependencies(api: Api) -> None:
    resp = api.http.get("/readyz")
    assert resp.status_code == 200
    checks = resp.json()["checks"]
    assert (checks["database"], checks["blob_store"]) == ("ok", "ok")


def test_unknown_route_is_problem_404(api: Api, owner: dict[str, str]) -> None:
    assert_problem(api.http.get("/api/v1/nothing", headers=owner), 404, "not-found")


def test_tampered_cursors_are_422_not_500(api: Api, admin: dict[str, str]) -> None:
    import base64
    import json

    def cursor(sort: str, keys: Any) -> str:
        raw = json.dumps({"s": sort, "k": keys}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    wrong_shape: list[Any] = [[1, 2, 3], [[1], "x"], [None, None], [], [{"a": 1}, "x"], [True]]
    lists: list[tuple[str, dict[str, str], str, list[Any]]] = [
        ("/api/v1/models", {}, "name", [[1, "x"]]),
        (
            "/api/v1/models",
            {"sort": "created_at"},
            "created_at",
            [["notadate", "x"], ["2026-01-01T00:00:00", "x"]],
        ),
        ("/api/v1/versions", {}, "-created_at", [["notadate", "x"]]),
        ("/api/v1/audit/events", {}, "seq", [["1"], [1.5]]),
    ]
    for url, params, sort, wrong_type in lists:
        for keys in wrong_shape + wrong_type:
            resp = api.http.get(url, params={**params, "cursor": cursor(sort, keys)}, headers=admin)
            assert_problem(resp, 422, "invalid-input")


def test_expired_tokens_are_401(api: Api) -> None:
    import time
    from datetime import timedelta

    api.registry.identity.create_user(
        actor="system", username="brief", roles=frozenset({Role.AUDITOR})
    )
    issued = api.registry.identity.issue_token(
        actor="system", username="brief", expires_in=timedelta(seconds=1)
    )
    headers = {"Authorization": f"Bearer {issued.token}"}
    assert api.http.get("/api/v1/me", headers=headers).status_code == 200
    time.sleep(1.2)
    body = assert_problem(api.http.get("/api/v1/me", headers=headers), 401, "unauthenticated")
    assert "expired" in body["detail"]


def test_me_lists_exactly_the_permissions_of_the_callers_roles(api: Api) -> None:
    from datetime import timedelta

    from modelreg.domain.access import ROLE_PERMISSIONS

    api.registry.identity.create_user(
        actor="system", username="reviewer", roles=frozenset({Role.AUDITOR, Role.MRC})
    )
    issued = api.registry.identity.issue_token(
        actor="system", username="reviewer", expires_in=timedelta(hours=1)
    )
    body = api.http.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.token}"}).json()
    expected = ROLE_PERMISSIONS[Role.AUDITOR] | ROLE_PERMISSIONS[Role.MRC]
    assert body["permissions"] == sorted(p.value for p in expected)
    assert body["username"] == "reviewer"
    assert set(body["roles"]) == {"auditor", "mrc"}
