"""Version documents (VersionSummary, VersionRead) read with one statement each.

Tags (and, for a full version, the manifest) are aggregated as JSON by the database, so a
version or a page of them costs one round trip and no ORM objects; see model_documents.py for
why one statement needs no transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, func, select

from modelreg.domain.errors import NotFound
from modelreg.domain.manifest import ManifestEntry, build_manifest, manifest_digest
from modelreg.domain.names import validate_part
from modelreg.domain.semver import SemVer
from modelreg.schemas.versions import ManifestEntry as ManifestEntryRead
from modelreg.schemas.versions import Stage, VersionRead, VersionSummary
from modelreg.services.model_documents import decoded, json_list, json_map
from modelreg.storage.tables import ArtifactRow, ModelRow, VersionRow, VersionTagRow

EMPTY_DIGEST = manifest_digest([])


def _tags(dialect: str) -> Any:
    return (
        select(json_map(dialect, VersionTagRow.key, VersionTagRow.value))
        .where(VersionTagRow.version_id == VersionRow.id)
        .scalar_subquery()
        .label("tags")
    )


def summaries_select(dialect: str) -> Select[*tuple[Any, ...]]:
    """Version summaries with their model's name, still to be filtered and ordered."""
    return (
        select(
            VersionRow.id,
            VersionRow.version,
            VersionRow.sort_key,
            VersionRow.stage,
            VersionRow.description,
            VersionRow.is_prerelease,
            VersionRow.sealed_at,
            VersionRow.manifest_digest,
            VersionRow.created_at,
            VersionRow.updated_at,
            ModelRow.full_name,
            _tags(dialect),
        )
        .select_from(VersionRow)
        .join(ModelRow, ModelRow.id == VersionRow.model_id)
    )


def to_summary(row: Row[Any]) -> VersionSummary:
    """Map one summary row to VersionSummary without re-validating what the database holds."""
    return VersionSummary.model_construct(**_summary_fields(row))


def _summary_fields(row: Row[Any]) -> dict[str, Any]:
    return {
        "model": row.full_name,
        "version": row.version,
        "stage": Stage(row.stage),
        "description": row.description,
        "tags": dict(sorted(decoded(row.tags, {}).items())),
        "is_prerelease": row.is_prerelease,
        "sealed": row.sealed_at is not None,
        "digest": row.manifest_digest or EMPTY_DIGEST,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


_FULL: dict[tuple[str, str], Select[Any]] = {}


def _full_select(dialect: str, by: str) -> Select[Any]:
    """The full-version statement keyed `by` "id", "version" (with the model's name) or
    "latest" (the highest release of the named model)."""
    stmt = _FULL.get((dialect, by))
    if stmt is not None:
        return stmt
    file = (
        func.json_build_array(ArtifactRow.path, ArtifactRow.size, ArtifactRow.sha256)
        if dialect == "postgresql"
        else func.json_array(ArtifactRow.path, ArtifactRow.size, ArtifactRow.sha256)
    )
    files = (
        select(json_list(dialect, file))
        .where(ArtifactRow.version_id == VersionRow.id)
        .scalar_subquery()
        .label("files")
    )
    stmt = summaries_select(dialect).add_columns(VersionRow.metadata_json.label("metadata"), files)
    if by == "id":
        stmt = stmt.where(VersionRow.id == bindparam("id"))
    elif by == "latest":
        stmt = (
            stmt.where(
                ModelRow.full_name == bindparam("full_name"),
                VersionRow.is_prerelease.is_(False),
            )
            .order_by(VersionRow.sort_key.desc())
            .limit(1)
        )
    else:
        stmt = stmt.where(
            ModelRow.full_name == bindparam("full_name"), VersionRow.version == bindparam("version")
        )
    # Built once per dialect and shape: a reused statement keeps its compiled form cached.
    _FULL[(dialect, by)] = stmt
    return stmt


def full_by_id(conn: Connection, version_id: str) -> VersionRead:
    """The document of a version the caller already holds (e.g. in its write transaction)."""
    row = conn.execute(_full_select(conn.dialect.name, "id"), {"id": version_id}).one()
    return to_full(row)


def get_full(conn: Connection, group: str, name: str, version: str) -> VersionRead:
    """One version (or `latest`) with its manifest, or NotFound saying what is missing."""
    validate_part("group", group)
    validate_part("name", name)
    latest = version == "latest"
    full_name = f"{group}/{name}"
    params = {"full_name": full_name, "version": version}
    shape = "latest" if latest else "version"
    row = conn.execute(_full_select(conn.dialect.name, shape), params).first()
    if row is None:
        exists = conn.execute(select(ModelRow.id).where(ModelRow.full_name == full_name)).first()
        if exists is None:
            raise NotFound(f"model '{full_name}' does not exist")
        if not latest:
            SemVer.parse(version)  # a malformed version is a 422 naming the grammar, not a 404
        what = "has no release version yet" if latest else f"has no version {version!r}"
        raise NotFound(f"model '{full_name}' {what}")
    return to_full(row)


def to_full(row: Row[Any]) -> VersionRead:
    """Map one full row (summary, metadata, files) to VersionRead."""
    entries = [ManifestEntry(path=p, size=s, sha256=h) for p, s, h in decoded(row.files, [])]
    files = build_manifest(entries)
    return VersionRead.model_construct(
        **_summary_fields(row),
        metadata=row.metadata,
        sealed_at=row.sealed_at,
        manifest=[ManifestEntryRead.model_construct(**f) for f in files],
        artifact_count=len(files),
        total_size=sum(f["size"] for f in files),
    )
