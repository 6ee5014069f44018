"""Models: register, change, read, search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import WithJsonSchema

from modelreg.api.auth import ReadModels, WriteModels
from modelreg.api.conditional import NOT_MODIFIED, document_response
from modelreg.api.idempotency import IdempotencyKey, run_idempotent
from modelreg.api.routers.common import GroupPath, NamePath, problems, registry
from modelreg.domain.licenses import validate_license
from modelreg.domain.tags import parse_tag_filter
from modelreg.schemas.common import Page
from modelreg.schemas.facets import ModelFacets
from modelreg.schemas.models import ModelCreate, ModelRead, ModelSort, ModelUpdate, RiskTier
from modelreg.schemas.versions import Stage
from modelreg.services.model_filters import ModelFilters
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


def model_filters(
    q: Annotated[
        str | None,
        Query(
            description="Words matched (as prefixes) against name, description, tags and card.",
            max_length=500,
        ),
    ] = None,
    group: Annotated[str | None, Query(max_length=64)] = None,
    risk_tier: RiskTier | None = None,
    owner: Annotated[str | None, Query(description="Username of an owner.", max_length=64)] = None,
    tag: TagFilters = None,
    stage: Annotated[Stage | None, Query(description="Has a version in this stage.")] = None,
    framework: Annotated[str | None, Query(max_length=100)] = None,
    task: Annotated[str | None, Query(max_length=100, examples=["tabular-classification"])] = None,
    license: Annotated[
        str | None,
        Query(
            description="The model's SPDX license expression, exactly as stored.",
            max_length=200,
            examples=["Apache-2.0"],
        ),
    ] = None,
    blocking_findings: Annotated[
        bool | None,
        Query(
            description="`true`: a version that is not archived has a blocking security finding "
            "(at or above the configured severity) that no exception in force covers; "
            "`false`: none has."
        ),
    ] = None,
) -> ModelFilters:
    """The filters that model search and its facets share."""
    return ModelFilters(
        q=q,
        group=group,
        risk_tier=risk_tier,
        owner=owner,
        tags=[parse_tag_filter(t) for t in tag or []],
        stage=stage.value if stage else None,
        framework=framework,
        task=task,
        license=validate_license(license) if license is not None else None,
        blocking_findings=blocking_findings,
    )


Filters = Annotated[ModelFilters, Depends(model_filters)]


@router.get("", response_model=Page[ModelRead], responses=problems(422), summary="Search models")
def search_models(
    request: Request,
    principal: ReadModels,
    filters: Filters,
    sort: ModelSort = ModelSort.NAME,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ModelRead]:
    """Full-text query, filters and sort, paged by cursor."""
    query = ModelQuery(**vars(filters), sort=sort)
    return registry(request).models.search_models(query, limit=limit, cursor=cursor)


@router.get(
    "/facets",
    response_model=ModelFacets,
    responses=problems(422),
    summary="Facet counts of a model search",
)
def model_facets(request: Request, principal: ReadModels, filters: Filters) -> ModelFacets:
    """Per facet, its values and how many models matching the other filters have each: the
    same filters as `GET /api/v1/models`, so a console shows counts beside the results."""
    return registry(request).model_facets.facets(filters)


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
