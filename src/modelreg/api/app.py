"""The FastAPI application: routers, problem handlers, request ids, the web console."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from modelreg import __version__, webui
from modelreg.api.console import install_console
from modelreg.api.openapi import install_openapi
from modelreg.api.problems import install_problem_handlers
from modelreg.api.request_id import RequestIdMiddleware
from modelreg.api.routers import (
    artifacts,
    audit,
    cards,
    governance,
    health,
    lineage,
    models,
    risk_tiers,
    security,
    signatures,
    users,
    versions,
)
from modelreg.services.idempotency import IdempotencyService
from modelreg.services.uow import Transactions
from modelreg.wiring import Registry

DESCRIPTION = """\
modelreg is an AI model registry with governance built in: models with `group/name` identity and
SemVer versions, encrypted artifacts with SHA-256 digests, lineage, generated model cards and a
tamper-evident audit chain.

Authenticate with `Authorization: Bearer <token>` (issue one with `modelreg tokens issue NAME`).
Errors are RFC 9457 `application/problem+json` with a stable `type` and field `errors`.
Lists page with `limit` and `cursor`; creating POSTs honour `Idempotency-Key`.
"""


def create_app(registry: Registry, console_dir: Path | None = None) -> FastAPI:
    """Build the ASGI app around a wired registry (the console from the package by default)."""
    app = FastAPI(
        title="modelreg",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url="/redoc",
    )
    app.state.registry = registry
    app.state.idempotency = IdempotencyService(Transactions(registry.db))
    install_problem_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    for module in (
        health,
        users,
        models,
        versions,
        artifacts,
        lineage,
        cards,
        governance,
        risk_tiers,
        audit,
        security,
        signatures,
    ):
        app.include_router(module.router)
    # Last: the console answers only the GET and HEAD paths no API route claims.
    install_console(app, console_dir or webui.static_dir())
    install_openapi(app)
    return app
