"""Model documents."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from modelreg.domain.names import PART_PATTERN
from modelreg.domain.tags import KEY_PATTERN, MAX_TAGS, MAX_VALUE_CHARS
from modelreg.schemas.common import NULL_REFUSED, Schema, example, null_clears


class RiskTier(StrEnum):
    """Risk tier of a model; governance rules key approvals off it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


# Declared for clients; domain/tags.py enforces it with messages that name the bad key.
Tags = Annotated[
    dict[str, str],
    WithJsonSchema(
        {
            "type": "object",
            "maxProperties": MAX_TAGS,
            "propertyNames": {"pattern": KEY_PATTERN},
            "additionalProperties": {"type": "string", "maxLength": MAX_VALUE_CHARS},
        }
    ),
]
# Usernames follow the same rule as model name parts (services/identity.py enforces it).
Username = Annotated[str, Field(json_schema_extra={"pattern": f"^{PART_PATTERN}$"})]
# A PATCH body must change something (an empty one is a 422).
PATCH_RULES = {"minProperties": 1}


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
    group: str = Field(
        description="Group part of the identity, e.g. `fraud`.",
        json_schema_extra={"pattern": f"^{PART_PATTERN}$"},
    )
    name: str = Field(
        description="Name part of the identity, e.g. `credit-scorer`.",
        json_schema_extra={"pattern": f"^{PART_PATTERN}$"},
    )
    description: str = Field(default="", max_length=20_000)
    risk_tier: RiskTier
    owners: list[Username] | None = Field(
        default=None, description="Usernames of owners; defaults to the caller."
    )
    tags: Tags = Field(default_factory=dict)
    task: str | None = Field(default=None, max_length=100)
    framework: str | None = Field(default=None, max_length=100)
    license: str | None = Field(default=None, description="SPDX license expression.")


class ModelUpdate(Schema):
    """Change a model's descriptive fields; omitted fields stay as they are, null clears one
    (description to "", tags to {}, task/framework/license to null); risk_tier and owners
    cannot be cleared."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(description="Scorer v2", tags={"team": "risk-ml"}) | PATCH_RULES,
    )
    description: Annotated[str | None, null_clears("")] = Field(default=None, max_length=20_000)
    risk_tier: Annotated[RiskTier | SkipJsonSchema[None], NULL_REFUSED] = Field(
        default=None,
        description="Raising applies at once; lowering is refused here (409): ask for it with "
        "`POST …/risk-tier-changes` and a reason, and MRC decides.",
    )
    owners: Annotated[
        Annotated[list[Username], Field(min_length=1)] | SkipJsonSchema[None], NULL_REFUSED
    ] = Field(default=None, description="Replaces all owners; at least one.")
    tags: Annotated[Tags | None, null_clears({})] = Field(
        default=None, description="Replaces all tags when given; null removes them all."
    )
    task: str | None = Field(default=None, max_length=100)
    framework: str | None = Field(default=None, max_length=100)
    license: str | None = Field(
        default=None, max_length=200, description="SPDX license expression."
    )


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
