"""Governance: promotions and approvals, decision records, policy sets and stage history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from modelreg.api.auth import (
    ApprovePromotions,
    ReadModels,
    ReadPolicies,
    RequestPromotions,
    WritePolicies,
)
from modelreg.api.idempotency import IdempotencyKey, run_idempotent
from modelreg.api.routers.common import (
    GroupPath,
    NamePath,
    PolicyNumber,
    VersionPath,
    problems,
    registry,
)
from modelreg.schemas.common import Rfc3339
from modelreg.schemas.governance import (
    ApprovalCreate,
    DecisionRead,
    DryRunRequest,
    DryRunResult,
    PolicySetRead,
    PolicyUpload,
    PromotionCreate,
    PromotionRead,
    ReplayResult,
    StageChange,
    StagesAt,
)

router = APIRouter(prefix="/api/v1", tags=["governance"])
VERSION = "/models/{group}/{name}/versions/{version}"


@router.post(
    VERSION + "/promotions",
    response_model=PromotionRead,
    status_code=201,
    responses=problems(404, 409, 422),
    summary="Request a promotion",
)
def request_promotion(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    body: PromotionCreate,
    principal: RequestPromotions,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Evaluate the policy for the target stage; executes at once when nothing is missing."""
    return run_idempotent(
        request,
        principal,
        idempotency_key,
        body,
        lambda: registry(request).promotions.request(principal, group, name, version, body),
    )


@router.get(
    VERSION + "/promotions",
    response_model=list[PromotionRead],
    responses=problems(404, 422),
    summary="List a version's promotions",
)
def list_promotions(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadModels
) -> list[PromotionRead]:
    """Every promotion request of a version, oldest first."""
    return registry(request).promotions.list_for_version(group, name, version)


@router.get(
    "/promotions",
    response_model=list[PromotionRead],
    responses=problems(422),
    summary="Promotions awaiting approval",
)
def pending_promotions(
    request: Request,
    principal: ReadModels,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[PromotionRead]:
    """The approvers' queue: requests awaiting approval, oldest first."""
    return registry(request).promotions.list_pending(limit)


@router.get(
    "/promotions/{promotion_id}",
    response_model=PromotionRead,
    responses=problems(404),
    summary="Get a promotion",
)
def get_promotion(request: Request, promotion_id: str, principal: ReadModels) -> PromotionRead:
    """A promotion with its approvals and latest rule results."""
    return registry(request).promotions.get(promotion_id)


@router.post(
    "/promotions/{promotion_id}/approvals",
    response_model=PromotionRead,
    responses=problems(404, 409, 422),
    summary="Approve or reject a promotion",
)
def decide_promotion(
    request: Request, promotion_id: str, body: ApprovalCreate, principal: ApprovePromotions
) -> PromotionRead:
    """Record an approval or rejection; the promotion executes once every condition holds."""
    return registry(request).promotions.decide(principal, promotion_id, body)


@router.get(
    "/decisions/{decision_id}",
    response_model=DecisionRead,
    responses=problems(404),
    summary="Get a decision record",
)
def get_decision(request: Request, decision_id: str, principal: ReadModels) -> DecisionRead:
    """The exact input, policy version, rule results and outcome of an evaluation."""
    return registry(request).decisions.get(decision_id)


@router.post(
    "/decisions/{decision_id}/replay",
    response_model=ReplayResult,
    responses=problems(404),
    summary="Replay a decision",
)
def replay_decision(request: Request, decision_id: str, principal: ReadModels) -> ReplayResult:
    """Evaluate the stored input with the stored policy version again; decides nothing."""
    return registry(request).decisions.replay(decision_id)


@router.get(
    "/policies",
    response_model=list[PolicySetRead],
    responses=problems(),
    summary="List policy-set versions",
)
def list_policies(request: Request, principal: ReadPolicies) -> list[PolicySetRead]:
    """Every policy-set version, newest first."""
    return registry(request).policies.list_versions()


@router.get(
    "/policies/active",
    response_model=PolicySetRead,
    responses=problems(),
    summary="The active policy set",
)
def active_policy(request: Request, principal: ReadPolicies) -> PolicySetRead:
    """The policy set promotions are judged under now."""
    return registry(request).policies.active()


@router.get(
    "/policies/{number:int}",
    response_model=PolicySetRead,
    responses=problems(404, 422),
    summary="Get a policy-set version",
)
def get_policy(request: Request, number: PolicyNumber, principal: ReadPolicies) -> PolicySetRead:
    """One policy-set version by number."""
    return registry(request).policies.get_version(number)


@router.put(
    "/policies",
    response_model=PolicySetRead,
    status_code=201,
    responses=problems(422),
    summary="Upload and activate a policy set",
)
def upload_policy(request: Request, body: PolicyUpload, principal: WritePolicies) -> PolicySetRead:
    """Validate every rule (syntax, fields, boolean results) and activate the new version."""
    return registry(request).policies.upload(principal, body.text)


@router.post(
    "/policies/dry-run",
    response_model=DryRunResult,
    responses=problems(404, 422),
    summary="Dry-run a draft policy set",
)
def dry_run(request: Request, body: DryRunRequest, principal: ReadPolicies) -> DryRunResult:
    """Evaluate a draft policy set against an existing version, deciding nothing."""
    return registry(request).policies.dry_run(principal, body)


@router.get(
    VERSION + "/history",
    response_model=list[StageChange],
    responses=problems(404, 422),
    summary="Stage history of a version",
)
def version_history(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadModels
) -> list[StageChange]:
    """Every stage the version entered: who, when, why, on which decision."""
    return registry(request).stage_history.of_version(group, name, version)


@router.get(
    "/models/{group}/{name}/history",
    response_model=StagesAt,
    responses=problems(404, 422),
    summary="Which versions were in which stage at a time",
)
def stages_at(
    request: Request,
    group: GroupPath,
    name: NamePath,
    principal: ReadModels,
    at: Annotated[Rfc3339, Query(description="A moment; RFC 3339, e.g. `2026-01-31T12:00:00Z`.")],
) -> StagesAt:
    """E.g. what was in production for this model on a given date."""
    return registry(request).stage_history.at(group, name, at)
