"""Version, artifact and manifest documents."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from modelreg.schemas.common import SEMVER_CORE, Schema, example, null_clears
from modelreg.schemas.lineage import LineageLinkCreate
from modelreg.schemas.models import PATCH_RULES, Tags


class Stage(StrEnum):
    """Lifecycle stage of a version."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    STAGING = "staging"
    PRODUCTION = "production"
    DEPRECATED = "deprecated"
    ARCHIVED = "archived"
    REJECTED = "rejected"


class VersionCreate(Schema):
    """Create a version of a model."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=example(
            version="1.4.0",
            description="Retrained on Q3 data.",
            metadata={"auc": 0.91},
            tags={"dataset": "q3-2026"},
            lineage=[
                {
                    "kind": "code",
                    "repository": "https://git.example.com/risk/scorer",
                    "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
                }
            ],
        ),
    )
    version: str = Field(
        description="Semantic Versioning 2.0.0, e.g. `1.4.0` or `2.0.0-rc.1`.",
        json_schema_extra={"pattern": f"^{SEMVER_CORE}$", "maxLength": 128},
    )
    description: str = Field(default="", max_length=20_000)
    metadata: dict[str, Any] = Field(default_factory=dict, description="Free JSON metadata.")
    tags: Tags = Field(default_factory=dict)
    lineage: list[LineageLinkCreate] = Field(default_factory=list)


class VersionUpdate(Schema):
    """Change a version's description, metadata or tags (metadata only before sealing); omitted
    fields stay as they are, null clears one (description to "", metadata and tags to {})."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=example(tags={"reviewed": "yes"}) | PATCH_RULES
    )
    description: Annotated[str | None, null_clears("")] = Field(default=None, max_length=20_000)
    metadata: Annotated[dict[str, Any] | None, null_clears({})] = None
    tags: Annotated[Tags | None, null_clears({})] = None


class ArtifactRead(Schema):
    """One file of a version."""

    path: str = Field(examples=["weights/model.safetensors"])
    size: int
    sha256: str
    media_type: str
    created_at: datetime


class ManifestEntry(Schema):
    """A manifest line: the canonical description of one file."""

    path: str
    size: int
    sha256: str


class VersionSummary(Schema):
    """A version as listed: identity, stage and digest, without the manifest."""

    model: str = Field(examples=["fraud/credit-scorer"])
    version: str
    stage: Stage
    description: str
    tags: Tags
    is_prerelease: bool
    sealed: bool
    digest: str = Field(description="SHA-256 of the canonical manifest (the version digest).")
    created_at: datetime
    updated_at: datetime


class VersionRead(VersionSummary):
    """A version with its metadata, manifest and seal state."""

    metadata: dict[str, Any]
    sealed_at: datetime | None
    manifest: list[ManifestEntry]
    artifact_count: int
    total_size: int


class VersionSort(StrEnum):
    """Sort orders of version lists; `version` is SemVer precedence."""

    VERSION = "version"
    VERSION_DESC = "-version"
    CREATED = "created_at"
    CREATED_DESC = "-created_at"
