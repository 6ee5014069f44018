"""Liveness and readiness probes (public)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from modelreg import __version__
from modelreg.api.routers.common import registry

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process answers")
def healthz() -> dict[str, str]:
    """Always 200 while the process serves requests."""
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz",
    summary="Readiness: database and blob store reachable; workers and queue reported",
    responses={503: {"description": "The database or the blob store is unreachable"}},
)
def readyz(request: Request) -> JSONResponse:
    """200 `ready` (or `degraded` when no worker is alive), 503 naming what does not answer."""
    readiness = registry(request).readiness.check()
    return JSONResponse(
        {"status": readiness.status, "checks": readiness.checks},
        status_code=readiness.http_status,
    )
