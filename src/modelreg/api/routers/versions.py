"""Versions: create, read, list, change, seal."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from modelreg.api.auth import ReadModels, WriteModels
from modelreg.api.conditional import NOT_MODIFIED, document_response
from modelreg.api.idempotency import IdempotencyKey, run_idempotent
from modelreg.api.routers.common import GroupPath, NamePath, VersionPath, problems, registry
from modelreg.api.routers.models import Cursor, Limit, TagFilters
from modelreg.domain.tags import parse_tag_filter
from modelreg.schemas.common import Page
from modelreg.schemas.models import RiskTier
from modelreg.schemas.versions import (
    Stage,
    VersionCreate,
    VersionRead,
    VersionSort,
    VersionSummary,
    VersionUpdate,
)
from modelreg.services.versions import VersionQuery

router = APIRouter(prefix="/api/v1", tags=["versions"])
BASE = "/models/{group}/{name}/versions"

VersionText = Annotated[
    str | None,
    Query(description="Words matched against version, description and tags.", max_length=500),
]
Prerelease = Annotated[
    bool | None, Query(description="Only pre-releases (true) or releases (false).")
]


def _query(
    q: str | None,
    stage: Stage | None,
    tag: list[str] | None,
    prerelease: bool | None,
    sort: VersionSort,
    group: str | None = None,
    risk_tier: RiskTier | None = None,
    framework: str | None = None,
) -> VersionQuery:
    return VersionQuery(
        q=q,
        stage=stage,
        tags=[parse_tag_filter(t) for t in tag or []],
        prerelease=prerelease,
        group=group,
        risk_tier=risk_tier,
        framework=framework,
        sort=sort,
    )


@router.get(
    BASE,
    response_model=Page[VersionSummary],
    responses=problems(404, 422),
    summary="List a model's versions",
)
def list_versions(
    request: Request,
    group: GroupPath,
    name: NamePath,
    principal: ReadModels,
    q: VersionText = None,
    stage: Stage | None = None,
    tag: TagFilters = None,
    prerelease: Prerelease = None,
    sort: VersionSort = VersionSort.VERSION_DESC,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[VersionSummary]:
    """Versions in SemVer precedence order (highest first by default), filtered, by cursor."""
    return registry(request).versions.list_versions(
        _query(q, stage, tag, prerelease, sort), limit=limit, cursor=cursor, model=(group, name)
    )


@router.get(
    "/versions",
    response_model=Page[VersionSummary],
    responses=problems(422),
    summary="Search versions across all models",
)
def search_versions(
    request: Request,
    principal: ReadModels,
    q: VersionText = None,
    stage: Stage | None = None,
    tag: TagFilters = None,
    prerelease: Prerelease = None,
    group: Annotated[
        str | None, Query(description="Of the version's model.", max_length=64)
    ] = None,
    risk_tier: Annotated[RiskTier | None, Query(description="Of the version's model.")] = None,
    framework: Annotated[
        str | None, Query(description="Of the version's model.", max_length=100)
    ] = None,
    sort: VersionSort = VersionSort.CREATED_DESC,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[VersionSummary]:
    """Versions of every model matching the filters."""
    query = _query(
        q, stage, tag, prerelease, sort, group=group, risk_tier=risk_tier, framework=framework
    )
    return registry(request).versions.list_versions(query, limit=limit, cursor=cursor)


@router.post(
    BASE,
    response_model=VersionRead,
    status_code=201,
    responses=problems(404, 409, 422),
    summary="Create a version",
)
def create_version(
    request: Request,
    group: GroupPath,
    name: NamePath,
    body: VersionCreate,
    principal: WriteModels,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Create a draft version (strict SemVer) with optional lineage."""
    return run_idempotent(
        request,
        principal,
        idempotency_key,
        body,
        lambda: registry(request).versions.create_version(principal, group, name, body),
    )


@router.get(
    BASE + "/{version}",
    response_model=VersionRead,
    responses=NOT_MODIFIED | problems(404, 422),
    summary="Get a version",
)
def get_version(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadModels
) -> Response:
    """A version (or `latest`) with its manifest and digest; `If-None-Match` gives 304."""
    return document_response(request, registry(request).versions.get_version(group, name, version))


@router.patch(
    BASE + "/{version}",
    response_model=VersionRead,
    responses=problems(404, 409, 422),
    summary="Change a version",
)
def update_version(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    body: VersionUpdate,
    principal: WriteModels,
) -> VersionRead:
    """Change description, tags, or (before sealing) metadata."""
    return registry(request).versions.update_version(principal, group, name, version, body)


@router.post(
    BASE + "/{version}/seal",
    response_model=VersionRead,
    responses=problems(404, 409),
    summary="Seal a version",
)
def seal_version(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: WriteModels
) -> VersionRead:
    """Freeze artifacts, lineage and metadata; the digest is final."""
    return registry(request).versions.seal_version(principal, group, name, version)
