"""Input hardening found by fuzzing: JSON null in PATCH, integer bounds, 405 Allow, RFC 3339 only,
and an OpenAPI document that declares what the server enforces."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_support import MODEL, Api, assert_problem

from modelreg.api.spec import openapi_document
from modelreg.domain.access import Role

MODEL_URL = "/api/v1/models/fraud/credit-scorer"
VERSION_URL = MODEL_URL + "/versions/1.0.0"


@pytest.fixture
def model(api: Api, owner: dict[str, str]) -> dict[str, Any]:
    """A model with every clearable field set, and one version with metadata and tags."""
    body = {**MODEL, "task": "tabular-classification", "framework": "xgboost"}
    created = api.http.post("/api/v1/models", json=body, headers=owner)
    assert created.status_code == 201, created.text
    version = {
        "version": "1.0.0",
        "description": "v1",
        "metadata": {"auc": 0.9},
        "tags": {"a": "b"},
    }
    made = api.http.post(MODEL_URL + "/versions", json=version, headers=owner)
    assert made.status_code == 201, made.text
    result: dict[str, Any] = api.http.get(MODEL_URL, headers=owner).json()
    return result


def test_null_clears_model_fields(api: Api, owner: dict[str, str], model: dict[str, Any]) -> None:
    body = {"description": None, "tags": None, "task": None, "framework": None, "license": None}
    resp = api.http.patch(MODEL_URL, json=body, headers=owner)
    assert resp.status_code == 200, resp.text
    got = resp.json()
    assert got["description"] == ""
    assert got["tags"] == {}
    assert (got["task"], got["framework"], got["license"]) == (None, None, None)
    assert api.http.get(MODEL_URL, headers=owner).json() == got


@pytest.mark.parametrize("field", ["risk_tier", "owners"])
def test_null_for_a_field_that_cannot_be_cleared_is_422_naming_it(
    api: Api, owner: dict[str, str], model: dict[str, Any], field: str
) -> None:
    problem = assert_problem(
        api.http.patch(MODEL_URL, json={field: None}, headers=owner), 422, "invalid-input"
    )
    assert problem["errors"][0]["loc"] == ["body", field]
    assert "cannot be cleared" in problem["detail"]
    assert api.http.get(MODEL_URL, headers=owner).json() == model


def test_null_clears_version_fields(api: Api, owner: dict[str, str], model: dict[str, Any]) -> None:
    body = {"description": None, "metadata": None, "tags": None}
    resp = api.http.patch(VERSION_URL, json=body, headers=owner)
    assert resp.status_code == 200, resp.text
    got = resp.json()
    assert (got["description"], got["metadata"], got["tags"]) == ("", {}, {})


def test_empty_patch_is_422(api: Api, owner: dict[str, str], model: dict[str, Any]) -> None:
    for url in (MODEL_URL, VERSION_URL):
        assert_problem(api.http.patch(url, json={}, headers=owner), 422, "invalid-input")


@pytest.mark.parametrize("number", ["9223372036854775808", "2147483648", "0", "00"])
def test_out_of_range_policy_number_is_422(api: Api, admin: dict[str, str], number: str) -> None:
    # Was a 500 (OverflowError) on SQLite from 2**63 up, and a 422 on PostgreSQL.
    problem = assert_problem(
        api.http.get(f"/api/v1/policies/{number}", headers=admin), 422, "invalid-input"
    )
    assert problem["errors"][0]["loc"] == ["path", "number"]


def test_negative_policy_number_matches_no_route(api: Api, admin: dict[str, str]) -> None:
    url = "/api/v1/policies/-9223372036854775809"
    assert_problem(api.http.get(url, headers=admin), 404, "not-found")


def test_unknown_policy_number_in_range_is_404(api: Api, admin: dict[str, str]) -> None:
    assert_problem(api.http.get("/api/v1/policies/2147483647", headers=admin), 404, "not-found")


def test_405_names_every_allowed_method(api: Api, owner: dict[str, str]) -> None:
    resp = api.http.delete(MODEL_URL, headers=owner)
    assert_problem(resp, 405, "method-not-allowed")
    # GET and PATCH live on two routes; Allow must list both, not only the first route's.
    assert resp.headers["allow"] == "GET, PATCH"
    # A literal segment beside a parameter route: GET dry-run is 405, not a bad policy number.
    resp = api.http.get("/api/v1/policies/dry-run", headers=owner)
    assert_problem(resp, 405, "method-not-allowed")
    assert resp.headers["allow"] == "POST"


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/audit/events?since={}", "since"),
        ("/api/v1/audit/events?until={}", "until"),
        ("/api/v1/notifications?before={}", "before"),
        (MODEL_URL + "/history?at={}", "at"),
    ],
)
@pytest.mark.parametrize("value", ["0.5", "1700000000", "2026-01-31", "2026-01-31T12:00:00"])
def test_time_parameters_take_rfc3339_only(
    api: Api, admin: dict[str, str], model: dict[str, Any], url: str, param: str, value: str
) -> None:
    problem = assert_problem(api.http.get(url.format(value), headers=admin), 422, "invalid-input")
    assert problem["errors"][0]["loc"] == ["query", param]
    assert "RFC 3339" in problem["detail"] and "2026-01-31T12:00:00Z" in problem["detail"]
    ok = api.http.get(url.format("2026-01-31T12:00:00%2B02:00"), headers=admin)
    assert ok.status_code == 200, ok.text


def test_exception_expiry_takes_rfc3339_only(api: Api, model: dict[str, Any]) -> None:
    security = api.user("sven", Role.SECURITY_ARCHITECT)
    body = {"finding_id": "f", "reason": "accepted for the pilot", "expires_at": 1893456000}
    problem = assert_problem(
        api.http.post(VERSION_URL + "/exceptions", json=body, headers=security),
        422,
        "invalid-input",
    )
    assert problem["errors"][0]["loc"] == ["body", "expires_at"]


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "put", "post", "patch", "delete"}
    ]


def test_openapi_declares_error_documents_and_malformed_json() -> None:
    spec = openapi_document()
    problem_json = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for method, path, op in _operations(spec):
        for status, response in op["responses"].items():
            if int(status) >= 400:
                assert response["content"] == {"application/problem+json": problem_json}, (
                    method,
                    path,
                    status,
                )
        if "application/json" in op.get("requestBody", {}).get("content", {}):
            assert "400" in op["responses"], (method, path)
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_openapi_declares_parameter_rules() -> None:
    spec = openapi_document()
    params = {
        (method, path, p["name"]): p["schema"]
        for method, path, op in _operations(spec)
        for p in op.get("parameters", [])
    }
    group = params[("get", "/api/v1/models/{group}/{name}", "group")]
    assert re.fullmatch(group["pattern"], "fraud") and not re.fullmatch(group["pattern"], "Fraud")
    limit = params[("get", "/api/v1/models", "limit")]
    assert (limit["minimum"], limit["maximum"]) == (1, 500)
    number = params[("get", "/api/v1/policies/{number}", "number")]
    assert (number["minimum"], number["maximum"]) == (1, 2**31 - 1)
    key = params[("post", "/api/v1/models", "Idempotency-Key")]
    assert (key["minLength"], key["maxLength"]) == (1, 255)
    # Parameters are null by being absent; no parameter offers a literal null.
    assert all("anyOf" not in s or {"type": "null"} not in s["anyOf"] for s in params.values())
    download = spec["paths"]["/api/v1/models/{group}/{name}/versions/{version}/artifacts/{path}"]
    get = download["get"]
    assert "application/octet-stream" in get["responses"]["200"]["content"]
    assert "application/octet-stream" in get["responses"]["206"]["content"]
    assert "416" in get["responses"]
    assert "Range" in {p["name"] for p in get["parameters"]}
    assert "413" in download["put"]["responses"]


def test_delete_on_lineage_graph_is_405(
    api: Api, owner: dict[str, str], model: dict[str, Any]
) -> None:
    # Found by fuzzing: `graph` was taken for a link id, so the 405's Allow disagreed with OpenAPI.
    resp = api.http.delete(VERSION_URL + "/lineage/graph", headers=owner)
    assert_problem(resp, 405, "method-not-allowed")
    assert resp.headers["allow"] == "GET"


def test_openapi_declares_body_rules_found_by_fuzzing() -> None:
    schemas = openapi_document()["components"]["schemas"]
    for link in ("DatasetLink", "CodeLink", "TrainingRunLink", "BaseModelLink", "OtherLink"):
        assert "kind" in schemas[link]["required"], link
    assert schemas["ModelUpdate"]["minProperties"] == 1
    assert schemas["VersionUpdate"]["minProperties"] == 1
    version = schemas["VersionCreate"]["properties"]["version"]["pattern"]
    assert re.fullmatch(version, "2.0.0-rc.1") and not re.fullmatch(version, "1.4")
    tags = schemas["ModelCreate"]["properties"]["tags"]
    assert tags["maxProperties"] == 64 and not re.fullmatch(tags["propertyNames"]["pattern"], "")
    assert schemas["UserCreate"]["properties"]["username"]["pattern"]
    reason = schemas["ExceptionCreate"]["properties"]["reason"]
    assert not re.fullmatch(reason["pattern"], "  too short ")


@pytest.mark.parametrize(
    "value", ["2016-12-31T23:59:60Z", "2026-01-31T12:00:00.123456789Z", "2026-01-31t12:00:00z"]
)
def test_every_rfc3339_form_is_accepted(api: Api, admin: dict[str, str], value: str) -> None:
    # A leap second and nanosecond fractions are RFC 3339; Python's datetime alone refuses them.
    resp = api.http.get("/api/v1/audit/events", params={"since": value}, headers=admin)
    assert resp.status_code == 200, resp.text
