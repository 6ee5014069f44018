"""Model documents."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from modelreg.schemas.common import Schema, example


class RiskTier(StrEnum):
    """Risk tier of a model; governance rules key approvals off it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


Tags = dict[str, str]


class ModelCreate(Schema):
    """Register a new model."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            group="fraud",
            name="credit-scorer",
            description="Gradient-boosted scorer for card-not-present fraud.",
            risk_tier="high",
            owners=["alice"],
            tags={"team": "risk-ml", "domain": "payments"},
            task="tabular-classification",
            framework="xgboost",
            license="Apache-2.0",
        ),
    )
    group: str = Field(description="Group part of the identity, e.g. `fraud`.")
    name: str = Field(description="Name part of the identity, e.g. `credit-scorer`.")
    description: str = Field(default="", max_length=20_000)
    risk_tier: RiskTier
    owners: list[str] | None = Field(
        default=None, description="Usernames of owners; defaults to the caller."
    )
    tags: Tags = Field(default_factory=dict)
    task: str | None = Field(default=None, max_length=100)
    framework: str | None = Field(default=None, max_length=100)
    license: str | None = Field(default=None, description="SPDX license expression.")


class ModelUpdate(Schema):
    """Change a model's descriptive fields; omitted fields stay as they are."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(description="Scorer v2", tags={"team": "risk-ml"}),
    )
    description: str | None = Field(default=None, max_length=20_000)
    risk_tier: RiskTier | None = Field(
        default=None,
        description="Raising applies at once; lowering is refused here (409): ask for it with "
        "`POST …/risk-tier-changes` and a reason, and MRC decides.",
    )
    owners: list[str] | None = None
    tags: Tags | None = Field(default=None, description="Replaces all tags when given.")
    task: str | None = None
    framework: str | None = None
    license: str | None = None


class PendingRiskTier(Schema):
    """A requested lowering of the risk tier that MRC has not decided yet."""

    change_id: str
    risk_tier: RiskTier = Field(description="The tier asked for; the current tier still applies.")
    requested_by: str
    requested_at: datetime
    reason: str


class ModelRead(Schema):
    """A registered model."""

    group: str
    name: str
    full_name: str = Field(examples=["fraud/credit-scorer"])
    description: str
    risk_tier: RiskTier = Field(description="The tier every governance rule applies now.")
    pending_risk_tier: PendingRiskTier | None = Field(
        default=None, description="A requested lowering awaiting MRC approval, if any."
    )
    owners: list[str]
    tags: Tags
    task: str | None
    framework: str | None
    license: str | None
    latest_version: str | None = Field(description="Highest version without a pre-release, if any.")
    created_at: datetime
    updated_at: datetime


class ModelSort(StrEnum):
    """Sort orders of model search; a leading '-' sorts descending."""

    NAME = "name"
    NAME_DESC = "-name"
    CREATED = "created_at"
    CREATED_DESC = "-created_at"
    UPDATED = "updated_at"
    UPDATED_DESC = "-updated_at"
