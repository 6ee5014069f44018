"""Liveness and readiness probes (public)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from modelreg import __version__
from modelreg.api.routers.common import registry
from modelreg.domain.errors import Unavailable

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process answers")
def healthz() -> dict[str, str]:
    """Always 200 while the process serves requests."""
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz",
    summary="Readiness: database and blob store reachable",
    responses={503: {"description": "A dependency is unreachable"}},
)
def readyz(request: Request) -> JSONResponse:
    """200 when the database and the blob store answer, 503 naming what does not."""
    reg = registry(request)
    checks: dict[str, str] = {}
    for name, check in (("database", reg.db.check), ("blob_store", reg.blobs.check)):
        try:
            check()
            checks[name] = "ok"
        except Unavailable as exc:
            checks[name] = exc.detail
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )
