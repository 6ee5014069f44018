"""Governance documents: promotions, approvals, decisions, policies and stage history."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import ConfigDict, Field

from modelreg.domain.access import Role
from modelreg.schemas.common import Schema, example
from modelreg.schemas.versions import Stage


class PromotionState(StrEnum):
    """Where a promotion request stands."""

    BLOCKED = "blocked"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    EXECUTED = "executed"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class PromotionCreate(Schema):
    """Ask to move a version to another stage."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            target_stage="production", rationale="Q3 retrain; AUC +0.02 on the holdout set."
        ),
    )
    target_stage: Stage
    rationale: str = Field(min_length=1, max_length=10_000)


class RuleResultRead(Schema):
    """One rule's verdict in a decision."""

    rule_id: str
    description: str
    severity: Literal["block", "warn"]
    passed: bool
    message: str = Field(description="How to fix it, when the rule did not pass.")
    error: str | None = Field(description="Why the rule could not be evaluated (it then blocks).")


class ApprovalCreate(Schema):
    """Approve or reject a promotion request."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            decision="approve", rationale="Bias review passed (MRC-2026-114).", role="mrc"
        ),
    )
    decision: Literal["approve", "reject"]
    rationale: str = Field(min_length=1, max_length=10_000)
    role: Role | None = Field(
        default=None,
        description="The role you approve as; needed only when you hold several required roles.",
    )


class ApprovalRead(Schema):
    """An immutable approval, bound to the version and policy digests it was given for."""

    approver: str = Field(description="User id of the approver.")
    approver_name: str | None = Field(
        default=None, description="Username of the approver, resolved when read."
    )
    role: Role
    decision: Literal["approve", "reject"]
    rationale: str
    version_digest: str
    policy_digest: str
    created_at: datetime


class PromotionRead(Schema):
    """A promotion request with its latest evaluation."""

    id: str
    model: str
    version: str
    from_stage: Stage
    target_stage: Stage
    state: PromotionState
    rationale: str
    requested_by: str = Field(description="User id of the requester.")
    requested_by_name: str | None = Field(
        default=None, description="Username of the requester, resolved when read."
    )
    version_digest: str
    policy_set: int = Field(description="Number of the policy-set version it is judged under.")
    policy_digest: str
    approvals: list[ApprovalRead]
    approval_status: dict[str, Any]
    results: list[RuleResultRead]
    decision_id: str | None
    created_at: datetime
    updated_at: datetime


class DecisionRead(Schema):
    """A decision record: the exact input, the policy version, each rule's result, the outcome."""

    id: str
    promotion_id: str
    trigger: str = Field(examples=["requested", "approval", "rejection"])
    input: dict[str, Any]
    input_digest: str = Field(description="SHA-256 of the RFC 8785 canonical input.")
    policy_set: int
    policy_digest: str
    results: list[RuleResultRead]
    outcome: str
    actor: str = Field(description="User id of whoever triggered the evaluation, or `system`.")
    actor_name: str | None = Field(
        default=None, description="Username of the actor, resolved when read; null for `system`."
    )
    created_at: datetime


class ReplayResult(Schema):
    """The stored input evaluated again under the stored policy version."""

    decision_id: str
    identical: bool
    original_outcome: str
    replayed_outcome: str
    differences: list[str]


class PolicyUpload(Schema):
    """A new policy-set version (YAML text); it becomes active at once."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            text="name: default\nrules:\n  - id: sealed\n    applies_to: {stages: [production]}\n"
            "    condition: version.sealed\n    severity: block\n    message: Seal it first.\n"
        ),
    )
    text: str = Field(min_length=1, max_length=256 * 1024)


class PolicySetRead(Schema):
    """One version of the policy set."""

    number: int
    name: str
    digest: str
    active: bool
    text: str
    created_at: datetime
    created_by: str


class DryRunRequest(Schema):
    """Evaluate a draft policy set against an existing version, deciding nothing."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            text="name: draft\nrules: []\n",
            model="fraud/credit-scorer",
            version="1.4.0",
            target_stage="production",
        ),
    )
    text: str = Field(min_length=1, max_length=256 * 1024)
    model: str = Field(examples=["fraud/credit-scorer"])
    version: str
    target_stage: Stage


class DryRunResult(Schema):
    """What the draft policy would decide, with the input it saw."""

    policy_digest: str
    outcome: str
    results: list[RuleResultRead]
    input: dict[str, Any]


class StageChange(Schema):
    """A stage a version entered."""

    version: str
    from_stage: Stage | None
    stage: Stage
    entered_at: datetime
    actor: str = Field(description="User id of whoever moved the version, or `system`.")
    actor_name: str | None = Field(
        default=None, description="Username of the actor, resolved when read; null for `system`."
    )
    rationale: str
    promotion_id: str | None
    decision_id: str | None


class StagesAt(Schema):
    """Which versions of a model were in which stage at a moment."""

    model: str
    at: datetime
    stages: dict[str, list[str]] = Field(examples=[{"production": ["1.4.0"], "staging": ["1.5.0"]}])
