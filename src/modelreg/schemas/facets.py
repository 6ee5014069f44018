"""Facet counts of a model search."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from modelreg.schemas.common import Schema, example

FACET_LIMIT = 20


class FacetValue(Schema):
    """One value of a facet and how many models have it."""

    value: str = Field(description="The filter value that selects these models.")
    count: int = Field(ge=0)


class Facet(Schema):
    """The values of one facet, most models first (then by value)."""

    values: list[FacetValue]
    truncated: bool = Field(
        description=f"More values exist than listed: open-ended facets list the top "
        f"{FACET_LIMIT} by count, plus any selected value beyond them."
    )


_VALUES = [{"value": "fraud", "count": 12}, {"value": "pricing", "count": 4}]


class ModelFacets(Schema):
    """Counts for narrowing a model search, under standard faceted-search rules.

    Each facet is counted over the models matching every filter except its own, so a chosen
    group still shows the other groups' counts; tag filters are one facet per tag key. `total`
    matches every filter (the number of search results). Fixed-vocabulary facets (`risk_tier`,
    `stage`, `blocking_findings`) list every value, zero counts included; the others list values
    that at least one model has, at most 20 of them, plus any value that is selected.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            total=16,
            group={"values": _VALUES, "truncated": False},
            risk_tier={
                "values": [
                    {"value": "low", "count": 9},
                    {"value": "medium", "count": 5},
                    {"value": "high", "count": 2},
                ],
                "truncated": False,
            },
            stage={
                "values": [
                    {"value": stage, "count": count}
                    for stage, count in (
                        ("draft", 7),
                        ("submitted", 2),
                        ("staging", 1),
                        ("production", 3),
                        ("deprecated", 0),
                        ("archived", 4),
                        ("rejected", 0),
                    )
                ],
                "truncated": False,
            },
            framework={"values": [{"value": "xgboost", "count": 10}], "truncated": False},
            task={"values": [{"value": "tabular-classification", "count": 8}], "truncated": False},
            owner={"values": [{"value": "alice", "count": 11}], "truncated": True},
            license={"values": [{"value": "Apache-2.0", "count": 13}], "truncated": False},
            tag={"values": [{"value": "team=risk-ml", "count": 6}], "truncated": True},
            blocking_findings={
                "values": [{"value": "true", "count": 1}, {"value": "false", "count": 15}],
                "truncated": False,
            },
        ),
    )
    total: int = Field(ge=0, description="Models matching every filter.")
    group: Facet
    risk_tier: Facet
    stage: Facet = Field(description="Models with at least one version in each stage.")
    framework: Facet
    task: Facet
    owner: Facet = Field(description="Usernames of owners.")
    license: Facet
    tag: Facet = Field(description="`key=value`, as the `tag` filter takes it.")
    blocking_findings: Facet = Field(
        description="`true`: a version that is not archived has a blocking finding that no "
        "exception in force covers."
    )
