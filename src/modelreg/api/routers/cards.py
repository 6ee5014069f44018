"""Model cards: generated documents and their human annotations."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response

from modelreg.api.auth import ReadModels, WriteModels
from modelreg.api.routers.common import GroupPath, NamePath, VersionPath, problems, registry
from modelreg.schemas.cards import CardAnnotations, ModelCard

router = APIRouter(prefix="/api/v1/models/{group}/{name}/versions/{version}", tags=["cards"])


@router.get(
    "/card",
    response_model=ModelCard,
    responses={
        **problems(404, 422),
        200: {
            "content": {"application/json": {}, "text/markdown": {}},
            "description": "The card as JSON, or Markdown with YAML front matter",
        },
    },
    summary="Get the generated model card",
)
def get_card(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    principal: ReadModels,
    format: Annotated[
        Literal["json", "markdown"] | None, Query(description="Overrides the Accept header.")
    ] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """JSON by default; Markdown for `?format=markdown` or `Accept: text/markdown`."""
    cards = registry(request).cards
    wants_markdown = format == "markdown" or (format is None and "text/markdown" in (accept or ""))
    if wants_markdown:
        return Response(
            cards.markdown(group, name, version), media_type="text/markdown; charset=utf-8"
        )
    return Response(
        cards.card(group, name, version).model_dump_json(), media_type="application/json"
    )


@router.get(
    "/card/annotations",
    response_model=CardAnnotations,
    responses=problems(404, 422),
    summary="Get card annotations",
)
def get_annotations(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadModels
) -> CardAnnotations:
    """The human-written sections."""
    return registry(request).cards.get_annotations(group, name, version)


@router.put(
    "/card/annotations",
    response_model=CardAnnotations,
    responses=problems(404, 409, 422),
    summary="Replace card annotations",
)
def put_annotations(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    body: CardAnnotations,
    principal: WriteModels,
) -> CardAnnotations:
    """Replace the human-written sections of an unsealed version (audited)."""
    return registry(request).cards.update_annotations(principal, group, name, version, body)
