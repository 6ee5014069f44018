"""Models: register, change, read, search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import WithJsonSchema

from modelreg.api.auth import ReadModels, WriteModels
from modelreg.api.conditional import NOT_MODIFIED, document_response
from modelreg.api.idempotency import IdempotencyKey, run_idempotent
from modelreg.api.routers.common import GroupPath, NamePath, problems, registry
from modelreg.domain.tags import parse_tag_filter
from modelreg.schemas.common import Page
from modelreg.schemas.models import ModelCreate, ModelRead, ModelSort, ModelUpdate, RiskTier
from modelreg.schemas.versions import Stage
from modelreg.services.models import ModelQuery

router = APIRouter(prefix="/api/v1/models", tags=["models"])

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (1–500).")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
# Declared, not enforced: parse_tag_filter answers a bad filter with the expected form.
TagFilter = Annotated[str, WithJsonSchema({"type": "string", "pattern": "^[^=]+="})]
TagFilters = Annotated[
    list[TagFilter] | None,
    Query(description="`key=value`; repeat to require several tags.", examples=["team=risk-ml"]),
]


@router.get("", response_model=Page[ModelRead], responses=problems(422), summary="Search models")
def search_models(
    request: Request,
    principal: ReadModels,
    q: Annotated[
        str | None,
        Query(
            description="Words matched (as prefixes) against name, description, tags and card.",
            max_length=500,
        ),
    ] = None,
    group: Annotated[str | None, Query(max_length=64)] = None,
    risk_tier: RiskTier | None = None,
    owner: Annotated[str | None, Query(description="Username of an owner.")] = None,
    tag: TagFilters = None,
    stage: Annotated[Stage | None, Query(description="Has a version in this stage.")] = None,
    framework: str | None = None,
    sort: ModelSort = ModelSort.NAME,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ModelRead]:
    """Full-text query, filters and sort, paged by cursor."""
    query = ModelQuery(
        q=q,
        group=group,
        risk_tier=risk_tier,
        owner=owner,
        tags=[parse_tag_filter(t) for t in tag or []],
        stage=stage.value if stage else None,
        framework=framework,
        sort=sort,
    )
    return registry(request).models.search_models(query, limit=limit, cursor=cursor)


@router.post(
    "",
    response_model=ModelRead,
    status_code=201,
    responses=problems(409, 422),
    summary="Register a model",
)
def create_model(
    request: Request,
    body: ModelCreate,
    principal: WriteModels,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Register `group/name`; the caller is the owner unless `owners` says otherwise."""
    return run_idempotent(
        request,
        principal,
        idempotency_key,
        body,
        lambda: registry(request).models.create_model(principal, body),
    )


@router.get(
    "/{group}/{name}",
    response_model=ModelRead,
    responses=NOT_MODIFIED | problems(404, 422),
    summary="Get a model",
)
def get_model(
    request: Request, group: GroupPath, name: NamePath, principal: ReadModels
) -> Response:
    """One model by identity; send its `ETag` as `If-None-Match` to get 304 when unchanged."""
    return document_response(request, registry(request).models.get_model(group, name))


@router.patch(
    "/{group}/{name}",
    response_model=ModelRead,
    responses=problems(404, 409, 422),
    summary="Change a model",
)
def update_model(
    request: Request, group: GroupPath, name: NamePath, body: ModelUpdate, principal: WriteModels
) -> ModelRead:
    """Change descriptive fields (owners and admins only)."""
    return registry(request).models.update_model(principal, group, name, body)
