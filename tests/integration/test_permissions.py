"""Deny by default: every route declares a permission, except the public probes and docs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Route

from modelreg.api.app import create_app
from modelreg.api.auth import Require
from modelreg.wiring import Registry

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
                method = sorted(route.methods)[0]
                resp = http.request(method, path)
                assert resp.status_code == 401, (method, path, resp.status_code)
