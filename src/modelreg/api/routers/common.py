"""Shared route pieces: the registry from app state, path parameters, error responses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Request

from modelreg.schemas.common import Problem
from modelreg.wiring import Registry

GroupPath = Annotated[str, Path(description="Model group, e.g. `fraud`.", examples=["fraud"])]
NamePath = Annotated[
    str, Path(description="Model name, e.g. `credit-scorer`.", examples=["credit-scorer"])
]
VersionPath = Annotated[
    str, Path(description="SemVer 2.0.0 version or `latest`.", examples=["1.4.0", "latest"])
]


def registry(request: Request) -> Registry:
    """The process's services."""
    reg: Registry = request.app.state.registry
    return reg


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the problem responses a route can give."""
    text = {
        400: "Malformed request",
        401: "Missing, expired or revoked token",
        403: "Your roles or ownership do not allow this",
        404: "No such model, version or artifact",
        409: "Conflicts with the current state (exists, sealed...)",
        413: "Artifact larger than the configured maximum",
        415: "Unsupported media type",
        416: "Range not satisfiable",
        422: "A value breaks a rule; `errors` names the fields",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for code in (401, 403, *codes):
        out[code] = {
            "model": Problem,
            "description": text.get(code, "Error"),
            "content": {"application/problem+json": {}},
        }
    return out
