"""Deny by default: every route declares a permission, except the public probes, docs and the
web console's shell (which holds no data: the console reads everything through the API)."""

from __future__ import annotations

from api_support import Api, assert_problem
from fastapi.routing import APIRoute
from starlette.routing import Route

from modelreg.api import console
from modelreg.api.app import create_app
from modelreg.docs_gen import all_routes, declared_permissions
from modelreg.domain.access import Role
from modelreg.wiring import Registry

VERSION = "/api/v1/models/{group}/{name}/versions/{version}"
V_REF = "/api/v1/models/g/n/versions/1.0.0"
PUBLIC = {
    "/healthz",
    "/readyz",
    "/openapi.json",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    console.PATH,
}


def test_every_route_declares_exactly_one_permission(registry: Registry) -> None:
    app = create_app(registry)
    missing = []
    checked = 0
    for route in all_routes(app.routes):
        if isinstance(route, APIRoute):
            if route.path in PUBLIC:
                assert not declared_permissions(route)
                continue
            perms = declared_permissions(route)
            if len(perms) != 1:
                missing.append(f"{sorted(route.methods)} {route.path}: {perms}")
            checked += 1
        else:
            assert isinstance(route, Route) and route.path in PUBLIC, route.path
    assert not missing, "routes without exactly one permission:\n" + "\n".join(missing)
    assert checked >= 25


def test_protected_routes_answer_401_without_token(registry: Registry) -> None:
    from fastapi.testclient import TestClient

    app = create_app(registry)
    with TestClient(app) as http:
        for route in all_routes(app.routes):
            if isinstance(route, APIRoute) and route.path not in PUBLIC:
                path = route.path.replace("{path:path}", "a.bin")
                for part in ("group", "name"):
                    path = path.replace("{" + part + "}", "x")
                path = path.replace("{version}", "1.0.0").replace("{username}", "u")
                path = path.replace("{token_id}", "t").replace("{link_id}", "l")
                path = path.replace("{number:int}", "1")
                path = path.replace("{link_id:uuid}", "01a24fd8-7739-7fdb-8725-bda7cc5b55bc")
                method = sorted(route.methods)[0]
                resp = http.request(method, path)
                assert resp.status_code == 401, (method, path, resp.status_code)


SIGNATURE_ROUTES = {
    ("PUT", "/api/v1/models/{group}/{name}/versions/{version}/signature"): "artifacts:write",
    ("GET", "/api/v1/models/{group}/{name}/versions/{version}/signature"): "scans:read",
    ("GET", "/api/v1/models/{group}/{name}/versions/{version}/verification"): "scans:read",
    ("GET", "/api/v1/security/trusted-signers"): "scans:read",
    ("POST", "/api/v1/security/trusted-signers"): "security:write",
    ("DELETE", "/api/v1/security/trusted-signers/{name}"): "security:write",
    ("GET", "/api/v1/security/attestation-key"): "scans:read",
}


def test_signature_routes_declare_their_permissions(registry: Registry) -> None:
    declared = {
        (method, route.path): declared_permissions(route)
        for route in all_routes(create_app(registry).routes)
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    for route_key, permission in SIGNATURE_ROUTES.items():
        assert declared.get(route_key) == [permission], route_key


SECURITY_ROUTES = {
    ("GET", f"{VERSION}/scans"): "scans:read",
    ("GET", f"{VERSION}/scans/{{result_id}}"): "scans:read",
    ("POST", f"{VERSION}/scans"): "scans:run",
    ("GET", f"{VERSION}/findings"): "scans:read",
    ("POST", f"{VERSION}/exceptions"): "security:write",
    ("GET", f"{VERSION}/exceptions"): "scans:read",
    ("DELETE", "/api/v1/security/exceptions/{exception_id}"): "security:write",
    ("GET", f"{VERSION}/sbom"): "scans:read",
    ("PUT", f"{VERSION}/container-sbom"): "artifacts:write",
    ("GET", f"{VERSION}/container-sbom"): "scans:read",
    ("POST", f"{VERSION}/deploy-check"): "deployments:check",
    ("GET", "/api/v1/security/license-policy"): "scans:read",
    ("PUT", "/api/v1/security/license-policy"): "security:write",
    ("GET", "/api/v1/security/advisories"): "scans:read",
    ("GET", "/api/v1/notifications"): "notifications:read",
}


def test_security_routes_declare_their_permissions(registry: Registry) -> None:
    declared = {
        (method, route.path): declared_permissions(route)
        for route in all_routes(create_app(registry).routes)
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    for route_key, permission in SECURITY_ROUTES.items():
        assert declared.get(route_key) == [permission], route_key


SECURITY_JUDGEMENTS = [
    ("PUT", "/api/v1/security/license-policy", {"allow": ["MIT"], "deny": [], "review": []}),
    ("POST", "/api/v1/security/trusted-signers", {"name": "ci", "public_key_pem": "x"}),
    ("POST", f"{V_REF}/exceptions", {"finding_id": "f", "reason": "r" * 10, "expires_at": "x"}),
    ("DELETE", "/api/v1/security/exceptions/e", None),
]


def test_admins_make_no_security_judgement_and_the_refusal_is_audited(
    api: Api, admin: dict[str, str]
) -> None:
    for method, path, body in SECURITY_JUDGEMENTS:
        problem = assert_problem(
            api.http.request(method, path, json=body, headers=admin), 403, "forbidden"
        )
        assert "'security:write'" in problem["detail"], (method, path)
    refused = api.http.get(
        "/api/v1/audit/events", params={"action": "access.refused"}, headers=admin
    ).json()["items"]
    assert {e["details"]["permission"] for e in refused} == {"security:write"}
    assert len(refused) == len(SECURITY_JUDGEMENTS)


def test_sres_check_deployments_and_read_scans_and_policies(
    api: Api, owner: dict[str, str]
) -> None:
    sre = api.user("sam", Role.SRE)
    model = {"group": "fraud", "name": "scorer", "risk_tier": "low"}
    assert api.http.post("/api/v1/models", json=model, headers=owner).status_code == 201
    versions = "/api/v1/models/fraud/scorer/versions"
    assert api.http.post(versions, json={"version": "1.0.0"}, headers=owner).status_code == 201
    check = {"digest": "0" * 64, "target": "prod-eu-1"}
    verdict = api.http.post(f"{versions}/1.0.0/deploy-check", json=check, headers=sre)
    assert verdict.status_code == 200, verdict.text
    assert verdict.json()["allowed"] is False
    assert api.http.get(f"{versions}/1.0.0/scans", headers=sre).status_code == 200
    assert api.http.get("/api/v1/policies/active", headers=sre).status_code == 200
    # ...and change nothing.
    assert_problem(api.http.patch(f"{versions}/1.0.0", json={}, headers=sre), 403, "forbidden")
