"""Model search filters and facet counts through the API, on both databases.

Facet counts are checked against the search itself: a facet value's count must be the number of
models the search returns when that value replaces the facet's own filter (standard faceted
search), for every value of every facet under several filter combinations.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from api_support import Api, assert_problem

from modelreg.domain.access import Role

MODELS = "/api/v1/models"
FACETS = MODELS + "/facets"
FACET_NAMES = (
    "group",
    "risk_tier",
    "stage",
    "framework",
    "task",
    "owner",
    "license",
    "tag",
    "blocking_findings",
)
Params = list[tuple[str, str]]


def create(api: Api, headers: dict[str, str], group: str, name: str, **fields: Any) -> None:
    body = {"group": group, "name": name, "risk_tier": "low", **fields}
    response = api.http.post(MODELS, json=body, headers=headers)
    assert response.status_code == 201, response.text


def version(api: Api, headers: dict[str, str], model: str, number: str = "1.0.0") -> str:
    path = f"{MODELS}/{model}/versions"
    response = api.http.post(path, json={"version": number}, headers=headers)
    assert response.status_code == 201, response.text
    return f"{path}/{number}"


def submit(api: Api, headers: dict[str, str], version_path: str) -> None:
    body = {"target_stage": "submitted", "rationale": "ready for review"}
    response = api.http.post(version_path + "/promotions", json=body, headers=headers)
    assert response.json()["state"] == "executed", response.text


def names(api: Api, headers: dict[str, str], params: Params) -> list[str]:
    response = api.http.get(MODELS, params=[*params, ("limit", "500")], headers=headers)
    assert response.status_code == 200, response.text
    return [m["full_name"] for m in response.json()["items"]]


def facets(api: Api, headers: dict[str, str], params: Params) -> dict[str, Any]:
    response = api.http.get(FACETS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def counts(body: dict[str, Any], facet: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body[facet]["values"]}


def replaced(params: Params, facet: str, value: str) -> Params:
    """The filters with the facet's own filter set to `value` (for a tag: that key's filter)."""
    if facet == "tag":
        key = value.split("=", 1)[0]
        kept = [(k, v) for k, v in params if not (k == "tag" and v.startswith(key + "="))]
        return [*kept, ("tag", value)]
    return [*[(k, v) for k, v in params if k != facet], (facet, value)]


def assert_facets_agree_with_search(api: Api, headers: dict[str, str], params: Params) -> None:
    body = facets(api, headers, params)
    assert body["total"] == len(names(api, headers, params))
    for facet in FACET_NAMES:
        for value, count in counts(body, facet).items():
            found = names(api, headers, replaced(params, facet, value))
            assert len(found) == count, (params, facet, value, found)


@pytest.fixture
def catalog(api: Api, owner: dict[str, str]) -> dict[str, str]:
    """Four models of two groups and two owners; two versions, one of them submitted."""
    bob = api.user("bob", Role.MODEL_OWNER)
    create(
        api,
        owner,
        "fraud",
        "alpha",
        risk_tier="high",
        task="tabular-classification",
        framework="xgboost",
        license="Apache-2.0",
        tags={"team": "risk", "env": "prod"},
        description="card fraud scorer",
    )
    create(
        api,
        owner,
        "fraud",
        "beta",
        task="text-classification",
        framework="pytorch",
        license="MIT",
        tags={"team": "risk"},
        owners=["alice", "bob"],
        description="chargeback text model",
    )
    create(
        api,
        owner,
        "pricing",
        "gamma",
        risk_tier="medium",
        task="tabular-classification",
        framework="xgboost",
        license="MIT",
        tags={"team": "pricing", "env": "prod"},
        owners=["bob"],
        description="price elasticity",
    )
    create(api, owner, "pricing", "delta", owners=["bob"], description="fraud-free baseline")
    version(api, owner, "fraud/alpha")
    submit(api, bob, version(api, bob, "pricing/gamma"))
    return owner


@pytest.mark.parametrize(
    "params",
    [
        [],
        [("group", "fraud")],
        [("q", "fra")],
        [("tag", "team=risk"), ("risk_tier", "low")],
        [("tag", "team=risk"), ("tag", "env=prod")],
        [("stage", "draft"), ("owner", "bob")],
        [("license", "MIT"), ("task", "tabular-classification"), ("framework", "xgboost")],
        [("blocking_findings", "false"), ("stage", "submitted")],
    ],
)
def test_facet_counts_are_the_search_without_the_facets_own_filter(
    api: Api, catalog: dict[str, str], params: Params
) -> None:
    assert_facets_agree_with_search(api, catalog, params)


def test_every_filter_of_the_search(api: Api, catalog: dict[str, str]) -> None:
    h = catalog
    assert names(api, h, [("task", "tabular-classification")]) == ["fraud/alpha", "pricing/gamma"]
    assert names(api, h, [("license", "MIT")]) == ["fraud/beta", "pricing/gamma"]
    assert names(api, h, [("license", " Apache-2.0 ")]) == ["fraud/alpha"]  # as validated
    assert names(api, h, [("license", "MIT OR Apache-2.0")]) == []  # exact, not "contains"
    assert names(api, h, [("framework", "xgboost"), ("risk_tier", "medium")]) == ["pricing/gamma"]
    assert names(api, h, [("group", "pricing")]) == ["pricing/delta", "pricing/gamma"]
    assert names(api, h, [("owner", "alice")]) == ["fraud/alpha", "fraud/beta"]
    assert names(api, h, [("tag", "team=risk"), ("tag", "env=prod")]) == ["fraud/alpha"]
    assert names(api, h, [("stage", "submitted")]) == ["pricing/gamma"]
    assert names(api, h, [("stage", "draft")]) == ["fraud/alpha"]
    assert names(api, h, [("q", "fra")]) == ["fraud/alpha", "fraud/beta", "pricing/delta"]
    # Nothing is scanned yet: no model has blocking findings.
    assert names(api, h, [("blocking_findings", "true")]) == []
    assert len(names(api, h, [("blocking_findings", "false")])) == 4


def test_a_chosen_value_keeps_the_other_values_of_its_facet(
    api: Api, catalog: dict[str, str]
) -> None:
    body = facets(api, catalog, [("group", "fraud"), ("tag", "env=prod")])
    assert body["total"] == 1  # fraud/alpha
    assert counts(body, "group") == {"fraud": 1, "pricing": 1}  # env=prod, any group
    assert counts(body, "risk_tier") == {"low": 0, "medium": 0, "high": 1}
    # A filtered tag key lists its values without its own filter; other keys with all filters.
    assert counts(body, "tag") == {"env=prod": 1, "team=risk": 1}
    unfiltered = facets(api, catalog, [("group", "fraud")])
    assert counts(unfiltered, "tag") == {"team=risk": 2, "env=prod": 1}
    assert counts(unfiltered, "owner") == {"alice": 2, "bob": 1}
    stages = unfiltered["stage"]["values"]
    assert [v["value"] for v in stages] == [
        "draft",
        "submitted",
        "staging",
        "production",
        "deprecated",
        "archived",
        "rejected",
    ]
    assert counts(unfiltered, "stage")["draft"] == 1
    assert not any(unfiltered[f]["truncated"] for f in FACET_NAMES)


def test_stage_counts_follow_promotions(api: Api, catalog: dict[str, str]) -> None:
    before = counts(facets(api, catalog, []), "stage")
    assert (before["draft"], before["submitted"]) == (1, 1)
    submit(api, catalog, f"{MODELS}/fraud/alpha/versions/1.0.0")
    version(api, catalog, "fraud/alpha", "1.1.0")
    after = counts(facets(api, catalog, []), "stage")
    assert (after["draft"], after["submitted"]) == (1, 2)
    assert names(api, catalog, [("stage", "submitted")]) == ["fraud/alpha", "pricing/gamma"]


def test_long_facets_keep_the_top_values_and_the_selected_one(
    api: Api, owner: dict[str, str]
) -> None:
    for i in range(22):
        create(api, owner, f"g{i:02d}", "m", tags={"n": str(i)})
    create(api, owner, "g05", "second")
    body = facets(api, owner, [])
    group = body["group"]
    assert group["truncated"] is True and len(group["values"]) == 20
    assert group["values"][0] == {"value": "g05", "count": 2}  # by count, then by name
    assert [v["value"] for v in group["values"][1:4]] == ["g00", "g01", "g02"]
    assert body["tag"]["truncated"] is True and len(body["tag"]["values"]) == 20
    assert body["owner"] == {"values": [{"value": "alice", "count": 23}], "truncated": False}
    chosen = facets(api, owner, [("group", "g21")])
    assert {"value": "g21", "count": 1} in chosen["group"]["values"]
    assert len(chosen["group"]["values"]) == 21 and chosen["total"] == 1
    # A selected value that no model has is still listed, with 0.
    none = facets(api, owner, [("group", "nowhere"), ("tag", "n=none")])
    assert {"value": "nowhere", "count": 0} in none["group"]["values"]
    assert {"value": "n=none", "count": 0} in none["tag"]["values"]
    assert none["total"] == 0


def _blocking_findings(api: Api, headers: dict[str, str], version_path: str) -> list[str]:
    response = api.http.get(version_path + "/findings?blocking=true", headers=headers)
    return [f["id"] for f in response.json()]


def test_blocking_findings_filter_and_facet_follow_exceptions(
    api: Api, owner: dict[str, str]
) -> None:
    security = api.user("sven", Role.SECURITY_ARCHITECT)
    create(api, owner, "fraud", "denied", license="CC-BY-NC-4.0")  # the default policy denies it
    create(api, owner, "fraud", "clean", license="Apache-2.0")
    paths = {}
    for name in ("denied", "clean"):
        paths[name] = version(api, owner, f"fraud/{name}")
        put = api.http.put(paths[name] + "/artifacts/model.json", content=b"{}", headers=owner)
        assert put.status_code == 201
        submit(api, owner, paths[name])
    create(api, owner, "fraud", "unscanned")
    assert api.run_jobs() >= 2
    blocking = _blocking_findings(api, owner, paths["denied"])
    assert blocking and not _blocking_findings(api, owner, paths["clean"])

    assert names(api, owner, [("blocking_findings", "true")]) == ["fraud/denied"]
    assert names(api, owner, [("blocking_findings", "false")]) == ["fraud/clean", "fraud/unscanned"]
    assert counts(facets(api, owner, []), "blocking_findings") == {"true": 1, "false": 2}
    assert_facets_agree_with_search(api, owner, [("blocking_findings", "true")])

    granted = []
    for finding in blocking:
        body = {
            "finding_id": finding,
            "reason": "Non-commercial use confirmed by legal.",
            "expires_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        }
        response = api.http.post(paths["denied"] + "/exceptions", json=body, headers=security)
        assert response.status_code == 201, response.text
        granted.append(response.json()["id"])
    assert names(api, owner, [("blocking_findings", "true")]) == []
    assert counts(facets(api, owner, []), "blocking_findings") == {"true": 0, "false": 3}

    revoked = api.http.delete(f"/api/v1/security/exceptions/{granted[0]}", headers=security)
    assert revoked.status_code == 200, revoked.text
    assert names(api, owner, [("blocking_findings", "true")]) == ["fraud/denied"]
    assert counts(facets(api, owner, [("group", "fraud")]), "blocking_findings")["true"] == 1


def _promote(api: Api, headers: dict[str, str], version_path: str, stage: str) -> None:
    body = {"target_stage": stage, "rationale": "lifecycle step"}
    response = api.http.post(version_path + "/promotions", json=body, headers=headers)
    assert response.json()["state"] == "executed", response.text


def _except_all(
    api: Api, security: dict[str, str], version_path: str, findings: list[str]
) -> list[str]:
    granted = []
    for finding in findings:
        body = {
            "finding_id": finding,
            "reason": "Accepted for the lifecycle test.",
            "expires_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        }
        response = api.http.post(version_path + "/exceptions", json=body, headers=security)
        assert response.status_code == 201, response.text
        granted.append(response.json()["id"])
    return granted


def _revoke(api: Api, security: dict[str, str], granted: list[str]) -> None:
    for exception_id in granted:
        response = api.http.delete(f"/api/v1/security/exceptions/{exception_id}", headers=security)
        assert response.status_code == 200, response.text


def test_archived_versions_block_nothing_in_search(api: Api, owner: dict[str, str]) -> None:
    security = api.user("sven", Role.SECURITY_ARCHITECT)
    create(api, owner, "fraud", "denied", license="CC-BY-NC-4.0")
    path = version(api, owner, "fraud/denied")
    assert api.http.put(path + "/artifacts/m.json", content=b"{}", headers=owner).status_code == 201
    submit(api, owner, path)
    api.run_jobs()
    findings = _blocking_findings(api, owner, path)
    assert findings
    # Excepted, the version may go on: staging, then deprecated.
    granted = _except_all(api, security, path, findings)
    _promote(api, owner, path, "staging")
    _promote(api, owner, path, "deprecated")
    _revoke(api, security, granted)
    assert names(api, owner, [("blocking_findings", "true")]) == ["fraud/denied"]  # deprecated
    _promote(api, owner, path, "archived")
    # The version's own security state is unchanged; search no longer counts it.
    assert _blocking_findings(api, owner, path) == findings
    assert names(api, owner, [("blocking_findings", "true")]) == []
    assert names(api, owner, [("blocking_findings", "false"), ("stage", "archived")]) == [
        "fraud/denied"
    ]
    assert counts(facets(api, owner, []), "blocking_findings") == {"true": 0, "false": 1}
    # A re-check of the archived version stores results again, and still counts nothing.
    assert api.http.post(path + "/scans", headers=owner).status_code == 202
    api.run_jobs()
    assert names(api, owner, [("blocking_findings", "true")]) == []


@pytest.mark.parametrize("path", [MODELS, FACETS])
@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("blocking_findings", "maybe"),
        ("risk_tier", "extreme"),
        ("stage", "shipped"),
        ("license", "MIT AND"),
        ("tag", "no-equals-sign"),
        ("q", "  ..  "),
        ("task", "t" * 101),
        ("group", "g" * 65),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(
    api: Api, owner: dict[str, str], path: str, param: str, value: str
) -> None:
    body = assert_problem(
        api.http.get(path, params={param: value}, headers=owner), 422, "invalid-input"
    )
    assert any(param in error["loc"] for error in body["errors"]), body


def test_facets_need_models_read(api: Api, owner: dict[str, str]) -> None:
    nobody = api.user("nobody")
    body = assert_problem(api.http.get(FACETS, headers=nobody), 403, "forbidden")
    assert "models:read" in body["detail"]
    assert_problem(api.http.get(FACETS), 401, "unauthenticated")
    auditor = api.user("audrey", Role.AUDITOR)
    assert api.http.get(FACETS, headers=auditor).status_code == 200


def test_version_search_filters_by_the_models_group_tier_and_framework(
    api: Api, catalog: dict[str, str]
) -> None:
    def found(params: Params) -> list[str]:
        response = api.http.get("/api/v1/versions", params=params, headers=catalog)
        assert response.status_code == 200, response.text
        return sorted(v["model"] for v in response.json()["items"])

    assert found([("group", "fraud")]) == ["fraud/alpha"]
    assert found([("risk_tier", "medium")]) == ["pricing/gamma"]
    assert found([("framework", "xgboost")]) == ["fraud/alpha", "pricing/gamma"]
    assert found([("framework", "xgboost"), ("stage", "submitted")]) == ["pricing/gamma"]
    assert found([("group", "pricing"), ("risk_tier", "high")]) == []
    assert_problem(
        api.http.get("/api/v1/versions", params={"risk_tier": "x"}, headers=catalog),
        422,
        "invalid-input",
    )
