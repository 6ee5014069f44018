"""Lineage: upstream links, the graph, and which versions used something."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, Response

from modelreg.api.auth import ReadModels, WriteModels
from modelreg.api.routers.common import GroupPath, NamePath, VersionPath, problems, registry
from modelreg.schemas.lineage import LineageGraph, LineageLinkCreate, LineageLinkRead, LineageUsage

router = APIRouter(prefix="/api/v1", tags=["lineage"])
BASE = "/models/{group}/{name}/versions/{version}/lineage"


@router.get(
    BASE,
    response_model=list[LineageLinkRead],
    responses=problems(404, 422),
    summary="List a version's upstream links",
)
def list_links(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadModels
) -> list[LineageLinkRead]:
    """Direct upstream links: datasets, code, runs, base models, others."""
    return registry(request).lineage.list_links(group, name, version)


@router.post(
    BASE,
    response_model=list[LineageLinkRead],
    status_code=201,
    responses=problems(404, 409, 422),
    summary="Add upstream links",
)
def add_links(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    body: Annotated[list[LineageLinkCreate], Body(min_length=1)],
    principal: WriteModels,
) -> list[LineageLinkRead]:
    """Add links to an unsealed version."""
    return registry(request).lineage.add(principal, group, name, version, body)


@router.delete(
    # A UUID only, so `/lineage/graph` is never taken for a link id (and DELETE there is a 405).
    BASE + "/{link_id:uuid}",
    status_code=204,
    responses=problems(404, 409),
    summary="Remove an upstream link",
)
def remove_link(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    link_id: uuid.UUID,
    principal: WriteModels,
) -> Response:
    """Remove a link from an unsealed version."""
    registry(request).lineage.remove(principal, group, name, version, str(link_id))
    return Response(status_code=204)


@router.get(
    BASE + "/graph",
    response_model=LineageGraph,
    responses=problems(404, 422),
    summary="Lineage graph",
)
def graph(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    principal: ReadModels,
    depth: Annotated[int, Query(ge=1, le=20, description="Levels of base models to follow.")] = 20,
) -> LineageGraph:
    """The upstream graph, transitively through registry base models."""
    return registry(request).lineage.graph(group, name, version, depth=depth)


@router.get(
    "/lineage/usages",
    response_model=list[LineageUsage],
    responses=problems(422),
    summary="Which versions used a dataset, commit or base model",
)
def usages(
    request: Request,
    principal: ReadModels,
    kind: Literal["dataset", "code", "base_model", "training_run", "other"],
    ref: Annotated[
        str | None,
        Query(
            description="Dataset uri, commit SHA, `group/name@version`, "
            "external ref, or `system:run_id`."
        ),
    ] = None,
    digest: Annotated[str | None, Query(description="Dataset digest.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[LineageUsage]:
    """Reverse lineage: the versions downstream of something."""
    return registry(request).lineage.usages(kind=kind, ref=ref, digest=digest, limit=limit)
