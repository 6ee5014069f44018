"""Risk-tier changes: raise at once, request a lowering, MRC decides."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from modelreg.api.auth import ApprovePromotions, ReadModels, WriteModels
from modelreg.api.idempotency import IdempotencyKey, run_idempotent
from modelreg.api.routers.common import GroupPath, NamePath, problems, registry
from modelreg.schemas.risk_tiers import RiskTierChangeCreate, RiskTierChangeRead, RiskTierDecision

router = APIRouter(prefix="/api/v1", tags=["governance"])


@router.post(
    "/models/{group}/{name}/risk-tier-changes",
    response_model=RiskTierChangeRead,
    status_code=201,
    responses=problems(403, 404, 409, 422),
    summary="Change a model's risk tier",
)
def request_tier_change(
    request: Request,
    group: GroupPath,
    name: NamePath,
    body: RiskTierChangeCreate,
    principal: WriteModels,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Raising applies at once (`applied`); lowering waits for MRC (`pending`)."""
    return run_idempotent(
        request,
        principal,
        idempotency_key,
        body,
        lambda: registry(request).risk_tiers.request_change(principal, group, name, body),
    )


@router.get(
    "/models/{group}/{name}/risk-tier-changes",
    response_model=list[RiskTierChangeRead],
    responses=problems(404, 422),
    summary="A model's tier changes",
)
def list_tier_changes(
    request: Request, group: GroupPath, name: NamePath, principal: ReadModels
) -> list[RiskTierChangeRead]:
    """Every requested or applied tier change of a model, newest first."""
    return registry(request).risk_tiers.list_changes(group, name)


@router.get(
    "/risk-tier-changes/{change_id}",
    response_model=RiskTierChangeRead,
    responses=problems(404),
    summary="Get a tier change",
)
def get_tier_change(request: Request, change_id: str, principal: ReadModels) -> RiskTierChangeRead:
    """One tier change and where it stands."""
    return registry(request).risk_tiers.get(change_id)


@router.post(
    "/risk-tier-changes/{change_id}/decision",
    response_model=RiskTierChangeRead,
    responses=problems(403, 404, 409, 422),
    summary="Approve or reject a lowering",
)
def decide_tier_change(
    request: Request, change_id: str, body: RiskTierDecision, principal: ApprovePromotions
) -> RiskTierChangeRead:
    """MRC (not an owner, not the requester) decides; approval applies the lower tier."""
    return registry(request).risk_tiers.decide(principal, change_id, body)


@router.post(
    "/risk-tier-changes/{change_id}/withdraw",
    response_model=RiskTierChangeRead,
    responses=problems(403, 404, 409),
    summary="Withdraw a requested lowering",
)
def withdraw_tier_change(
    request: Request, change_id: str, principal: WriteModels
) -> RiskTierChangeRead:
    """An owner takes back a lowering MRC has not decided yet."""
    return registry(request).risk_tiers.withdraw(principal, change_id)
