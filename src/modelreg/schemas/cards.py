"""Model card documents."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from modelreg.schemas.common import Schema, example


class CardAnnotations(Schema):
    """Human-written card sections; null or absent means the section is missing."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            intended_use="Scoring card-not-present transactions for manual review.",
            limitations="Not calibrated for merchants with fewer than 100 transactions.",
            custom_sections={"Monitoring": "Drift is reviewed weekly."},
        ),
    )
    intended_use: str | None = None
    out_of_scope_use: str | None = None
    limitations: str | None = None
    ethical_considerations: str | None = None
    training_data: str | None = None
    evaluation_data: str | None = None
    caveats_and_recommendations: str | None = None
    custom_sections: dict[str, str] = Field(default_factory=dict)


class CardSection(Schema):
    """One section of a generated card."""

    key: str
    title: str
    content: str | None = Field(description="Null when the section is missing.")
    source: str = Field(description="`annotation`, `generated` or `missing`.")


class ModelCard(Schema):
    """A generated model card: front matter plus sections."""

    model: str
    version: str
    front_matter: dict[str, Any]
    sections: list[CardSection]
    missing_sections: list[str]
