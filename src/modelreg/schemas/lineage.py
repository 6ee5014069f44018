"""Lineage documents: the upstream links of a version and the graph built from them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from modelreg.schemas.common import Rfc3339, Schema


def _kind_required(schema: dict[str, Any]) -> None:
    # `kind` picks the link type, so a request must send it even though Python code may omit it.
    schema["required"] = ["kind", *[f for f in schema.get("required", []) if f != "kind"]]


LINK_CONFIG = ConfigDict(extra="forbid", json_schema_extra=_kind_required)


class DatasetLink(Schema):
    """A dataset the version was trained or evaluated on."""

    model_config = LINK_CONFIG
    kind: Literal["dataset"] = "dataset"
    uri: str = Field(min_length=1, max_length=1024, examples=["s3://risk-data/fraud/q3.parquet"])
    digest: str | None = Field(
        default=None, max_length=200, examples=["sha256:9f86d081884c7d659a2feaa0c55ad015"]
    )
    name: str | None = Field(default=None, max_length=200)
    version: str | None = Field(default=None, max_length=100)
    role: Literal["training", "validation", "evaluation", "other"] = "training"


class CodeLink(Schema):
    """The code commit that produced the version."""

    model_config = LINK_CONFIG
    kind: Literal["code"] = "code"
    repository: str = Field(min_length=1, max_length=1024)
    commit: str = Field(description="Full commit SHA (40 or 64 hex characters).")
    path: str | None = Field(default=None, max_length=1024)
    branch: str | None = Field(default=None, max_length=255)


class TrainingRunLink(Schema):
    """A training run in an experiment tracker."""

    model_config = LINK_CONFIG
    kind: Literal["training_run"] = "training_run"
    system: str = Field(min_length=1, max_length=100, examples=["mlflow"])
    run_id: str = Field(min_length=1, max_length=255)
    uri: str | None = Field(default=None, max_length=1024)
    params: dict[str, Any] = Field(default_factory=dict)
    metrics: dict[str, float] = Field(default_factory=dict)
    started_at: Rfc3339 | None = None
    ended_at: Rfc3339 | None = None


class BaseModelLink(Schema):
    """A base model: a registry version `group/name@version` or an external `scheme://…` ref."""

    model_config = LINK_CONFIG
    kind: Literal["base_model"] = "base_model"
    ref: str = Field(
        min_length=1,
        max_length=1024,
        examples=[
            "nlp/encoder@2.1.0",
            "hf://google-bert/bert-base-uncased@86b5e0934494bd15c9632b12f734a8a67f723594",
        ],
    )
    license: str | None = Field(
        default=None,
        max_length=200,
        description="SPDX license expression of an external base model, which the license "
        "check judges; a registry base model's license comes from its own scan.",
        examples=["Apache-2.0"],
    )


class OtherLink(Schema):
    """Any other upstream link (a feature store view, a prompt template, a paper...)."""

    model_config = LINK_CONFIG
    kind: Literal["other"] = "other"
    uri: str = Field(min_length=1, max_length=1024)
    relation: str = Field(default="derived_from", max_length=100)
    description: str | None = Field(default=None, max_length=2000)


LineageLinkCreate = Annotated[
    DatasetLink | CodeLink | TrainingRunLink | BaseModelLink | OtherLink,
    Field(discriminator="kind"),
]


class LineageLinkRead(Schema):
    """A stored upstream link."""

    id: str
    kind: str
    ref: str = Field(description="The normalised key that reverse queries match.")
    attributes: dict[str, Any]
    upstream: str | None = Field(
        default=None, description="`group/name@version` when the link is a registry base model."
    )
    created_at: datetime


class LineageNode(Schema):
    """A node of a lineage graph."""

    id: str = Field(examples=["version:fraud/credit-scorer@1.4.0", "dataset:s3://risk-data/q3"])
    kind: str
    label: str
    attributes: dict[str, Any] = Field(default_factory=dict)


class LineageEdge(Schema):
    """A directed edge: `source` was used to produce `target`."""

    source: str
    target: str
    relation: str


class LineageGraph(Schema):
    """The upstream graph of a version, transitively through registry base models."""

    root: str
    nodes: list[LineageNode]
    edges: list[LineageEdge]
    truncated: bool = Field(description="True when the depth limit cut the graph.")


class LineageUsage(Schema):
    """A version that used the queried dataset, commit or base model."""

    model: str
    version: str
    stage: str
    link: LineageLinkRead
