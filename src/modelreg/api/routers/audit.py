"""The audit chain over HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from modelreg.api.auth import ReadAudit
from modelreg.api.routers.common import problems, registry
from modelreg.schemas.audit import AuditEventRead, ChainVerification
from modelreg.schemas.common import Page, Rfc3339

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get(
    "/events",
    response_model=Page[AuditEventRead],
    responses=problems(422),
    summary="List audit events",
)
def list_events(
    request: Request,
    principal: ReadAudit,
    subject: Annotated[str | None, Query(examples=["model:fraud/credit-scorer"])] = None,
    actor: Annotated[str | None, Query(description="User id (see /api/v1/users).")] = None,
    action: Annotated[str | None, Query(examples=["version.sealed"])] = None,
    since: Annotated[Rfc3339 | None, Query(description="Inclusive; RFC 3339.")] = None,
    until: Annotated[Rfc3339 | None, Query(description="Exclusive; RFC 3339.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: str | None = None,
) -> Page[AuditEventRead]:
    """Events in chain order, filtered, by cursor."""
    return registry(request).audit.list_events(
        subject=subject,
        actor=actor,
        action=action,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/verify",
    response_model=ChainVerification,
    responses=problems(),
    summary="Verify the audit chain",
)
def verify(request: Request, principal: ReadAudit) -> ChainVerification:
    """Recompute every hash; name the first broken seq."""
    return registry(request).audit.verify()
