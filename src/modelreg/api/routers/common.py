"""Shared route pieces: the registry from app state, path parameters, error responses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Request

from modelreg.domain.names import PART_PATTERN
from modelreg.schemas.common import SEMVER_CORE, Problem
from modelreg.wiring import Registry

# Declared, not enforced here: the domain rule (domain/names.py) answers with its own message.
_PART = {"pattern": f"^{PART_PATTERN}$"}
GroupPath = Annotated[
    str,
    Path(description="Model group, e.g. `fraud`.", examples=["fraud"], json_schema_extra=_PART),
]
NamePath = Annotated[
    str,
    Path(
        description="Model name, e.g. `credit-scorer`.",
        examples=["credit-scorer"],
        json_schema_extra=_PART,
    ),
]
VERSION_PATTERN = f"^(?:latest|{SEMVER_CORE})$"
VersionPath = Annotated[
    str,
    Path(
        description="SemVer 2.0.0 version or `latest`.",
        examples=["1.4.0", "latest"],
        json_schema_extra={"pattern": VERSION_PATTERN, "maxLength": 128},
    ),
]
# A relative POSIX path without '.'/'..' segments, backslashes or control characters
# (domain/artifact_paths.py enforces it, including the 255-byte segment limit).
_SEG_CHAR = r"[^/\\\x00-\x1f\x7f-\x9f]"
_SEG_FIRST = r"[^./\\\x00-\x1f\x7f-\x9f]"
_SEGMENT = rf"(?:{_SEG_FIRST}{_SEG_CHAR}*|\.{_SEG_FIRST}{_SEG_CHAR}*|\.\.{_SEG_CHAR}+)"
ARTIFACT_PATH_PATTERN = rf"^{_SEGMENT}(?:/{_SEGMENT})*$"
ArtifactPath = Annotated[
    str,
    Path(
        description="Relative POSIX path inside the version, e.g. `weights/model.safetensors`.",
        examples=["weights/model.safetensors"],
        json_schema_extra={"pattern": ARTIFACT_PATH_PATTERN, "maxLength": 1024},
    ),
]

# Database integers are 32-bit on every backend we support; larger numbers cannot name a row.
MAX_INT32 = 2**31 - 1
PolicyNumber = Annotated[
    int, Path(ge=1, le=MAX_INT32, description="Policy-set version number.", examples=[1])
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
    # The content type and schema are set for every error response in api/openapi.py.
    return {
        code: {"model": Problem, "description": text.get(code, "Error")}
        for code in (401, 403, *codes)
    }
