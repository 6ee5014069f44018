"""Risk-tier change documents: raising is immediate, lowering waits for an MRC decision."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field

from modelreg.schemas.common import Schema, example
from modelreg.schemas.models import RiskTier


class RiskTierChangeState(StrEnum):
    """Where a tier change stands."""

    APPLIED = "applied"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


class RiskTierChangeCreate(Schema):
    """Ask to change a model's risk tier."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            risk_tier="medium",
            reason="Scope narrowed to internal triage; no customer-facing decisions (RA-2026-31).",
        ),
    )
    risk_tier: RiskTier
    reason: str = Field(min_length=1, max_length=10_000, description="Why the tier should change.")


class RiskTierDecision(Schema):
    """MRC's verdict on a requested lowering."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            decision="approve", rationale="Risk assessment RA-2026-31 holds."
        ),
    )
    decision: Literal["approve", "reject"]
    rationale: str = Field(min_length=1, max_length=10_000)


class RiskTierChangeRead(Schema):
    """A requested or applied tier change."""

    id: str
    model: str = Field(examples=["fraud/credit-scorer"])
    from_tier: RiskTier
    to_tier: RiskTier
    state: RiskTierChangeState
    reason: str
    requested_by: str = Field(description="User id of who asked.")
    requested_at: datetime
    decided_by: str | None = Field(description="User id of who approved, rejected or withdrew.")
    decided_at: datetime | None
    rationale: str | None = Field(description="Why it was decided so.")
