"""Deny by default: every route declares a permission, except the public probes and docs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Route

from modelreg.api.app import create_app
from modelreg.api.auth import Require
from modelreg.wiring import Registry

VERSION = "/api/v1/models/{group}/{name}/versions/{version}"
PUBLIC = {"/healthz", "/readyz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def all_routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, descending into included routers (FastAPI includes them lazily)."""
    for route in routes:
        original: Any = getattr(route, "original_router", None)
        if original is not None:
            yield from all_routes(original.routes)
        else:
            yield route


def _declared_permissions(route: APIRoute) -> list[str]:
    found = []
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Require):
            found.append(dep.call.permission.value)
        stack.extend(dep.dependencies)
    return found


def test_every_route_declares_exactly_one_permission(registry: Registry) -> None:
    app = create_app(registry)
    missing = []
    checked = 0
    for route in all_routes(app.routes):
        if isinstance(route, APIRoute):
            if route.path in PUBLIC:
                assert not _declared_permissions(route)
                continue
            perms = _declared_permissions(route)
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
        (method, route.path): _declared_permissions(route)
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
        (method, route.path): _declared_permissions(route)
        for route in all_routes(create_app(registry).routes)
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    for route_key, permission in SECURITY_ROUTES.items():
        assert declared.get(route_key) == [permission], route_key
