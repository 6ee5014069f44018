"""Creating, reading, listing and sealing versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, delete, select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.canonical import canonical_json
from modelreg.domain.errors import AlreadyExists, NotFound, WrongState, invalid
from modelreg.domain.ids import new_id
from modelreg.domain.manifest import ManifestEntry, manifest_digest
from modelreg.domain.names import validate_part
from modelreg.domain.semver import SemVer
from modelreg.domain.tags import validate_tags
from modelreg.schemas.common import Page
from modelreg.schemas.models import RiskTier
from modelreg.schemas.versions import (
    Stage,
    VersionCreate,
    VersionRead,
    VersionSort,
    VersionSummary,
    VersionUpdate,
)
from modelreg.services import jobs
from modelreg.services.attestations import RegistryKeySource, sign_sealed
from modelreg.services.catalog import load_model, require_change, resolve_version, version_subject
from modelreg.services.lineage import add_links
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.services.version_documents import (
    EMPTY_DIGEST,
    full_by_id,
    get_full,
    summaries_select,
    to_summary,
)
from modelreg.signing import RegistryKey
from modelreg.storage.paging import after, decode_cursor, documents_of_page, encode_cursor
from modelreg.storage.search import TextSearch, search_text
from modelreg.storage.tables import (
    ArtifactRow,
    ModelRow,
    StageHistoryRow,
    VersionRow,
    VersionTagRow,
)
from modelreg.storage.tag_filters import tag_condition
from modelreg.storage.types import utcnow

MAX_LIMIT = 500
MAX_METADATA_BYTES = 256 * 1024


@dataclass
class VersionQuery:
    """Filters of a version list; every given filter must hold."""

    q: str | None = None
    stage: Stage | None = None
    tags: list[tuple[str, str]] = field(default_factory=list)
    prerelease: bool | None = None
    # Of the version's model, for searches across models (the console lists version hits
    # beside model hits under the same filters).
    group: str | None = None
    risk_tier: RiskTier | None = None
    framework: str | None = None
    sort: VersionSort = VersionSort.VERSION_DESC


def version_search_text(model: ModelRow, row: VersionRow, tags: dict[str, str]) -> str:
    """The indexed text of a version."""
    tag_text = " ".join(f"{k} {v}" for k, v in sorted(tags.items()))
    return search_text(f"{model.full_name}@{row.version}", row.description, tag_text)


def check_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """Metadata must be canonical-JSON-able and at most 256 KiB."""
    if len(canonical_json(metadata, field="metadata")) > MAX_METADATA_BYTES:
        raise invalid(
            "metadata", "must be at most 256 KiB of JSON; store large data as an artifact"
        )
    return metadata


def manifest_of(session: Session, version_id: str) -> list[ManifestEntry]:
    """The version's files as manifest entries."""
    return [
        ManifestEntry(path=p, size=size, sha256=sha)
        for p, size, sha in session.execute(
            select(ArtifactRow.path, ArtifactRow.size, ArtifactRow.sha256).where(
                ArtifactRow.version_id == version_id
            )
        )
    ]


def seal_row(uow: UnitOfWork, model: ModelRow, row: VersionRow, key: RegistryKey) -> str:
    """Seal a version in the caller's change: fix its digest, sign its manifest with the
    registry key, audit, announce, queue its scan.

    The one place sealing happens, whether asked for directly or by submitting for review.
    """
    entries = manifest_of(uow.session, row.id)
    digest = manifest_digest(entries)
    row.manifest_digest = digest
    row.sealed_at = row.updated_at = utcnow()
    row.sealed_by = uow.actor
    uow.audit("version.sealed", version_subject(model, row), {"digest": digest})
    sign_sealed(uow, key, model, row, entries)
    uow.emit("version.sealed", {"model": model.full_name, "version": row.version, "digest": digest})
    jobs.enqueue(uow, jobs.SCAN, row.id, trigger="sealed")
    return digest


def version_read(session: Session, model: ModelRow, row: VersionRow) -> VersionRead:
    """A full version document with its manifest (as this session sees it)."""
    session.flush()
    return full_by_id(session.connection(), row.id)


def _refuse_equal_precedence(
    session: Session, model: ModelRow, version: str, precedence: str
) -> None:
    """Refuse a version whose SemVer precedence equals an existing one's (build metadata aside)."""
    existing = session.execute(
        select(VersionRow.version).where(
            VersionRow.model_id == model.id, VersionRow.precedence == precedence
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise AlreadyExists(
            f"version '{model.full_name}@{existing}' already exists and {version!r} has equal "
            "SemVer precedence (build metadata after '+' does not order versions, so `latest` "
            "could not choose between them); pick a different MAJOR.MINOR.PATCH or pre-release"
        )


_SORTS: dict[str, Any] = {"version": VersionRow.sort_key, "created_at": VersionRow.created_at}


class VersionService:
    """Use cases on versions."""

    def __init__(self, tx: Transactions, text_search: TextSearch, keys: RegistryKeySource) -> None:
        self.tx = tx
        self.text_search = text_search
        self.keys = keys

    def create_version(
        self, principal: Principal, group: str, name: str, data: VersionCreate
    ) -> VersionRead:
        """Create a draft version with optional lineage; 409 if it exists."""
        semver = SemVer.parse(data.version)
        validate_tags(data.tags)
        check_metadata(data.metadata)
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name, lock=True)
            require_change(s, principal, model)
            if s.execute(
                select(VersionRow.id).where(
                    VersionRow.model_id == model.id, VersionRow.version == data.version
                )
            ).first():
                raise AlreadyExists(
                    f"version '{model.full_name}@{data.version}' already exists; versions are "
                    "immutable identities, pick the next version number"
                )
            precedence = semver.precedence_sort_key()
            # The model row lock above serialises creations, so this sees every committed
            # version; the unique constraint on (model_id, precedence) backs it up.
            _refuse_equal_precedence(s, model, data.version, precedence)
            now = utcnow()
            row = VersionRow(
                id=new_id(),
                model_id=model.id,
                version=data.version,
                sort_key=semver.sort_key(),
                precedence=precedence,
                is_prerelease=semver.is_prerelease,
                stage=Stage.DRAFT.value,
                description=data.description,
                metadata_json=data.metadata,
                annotations={},
                manifest_digest=EMPTY_DIGEST,
                created_at=now,
                updated_at=now,
                created_by=principal.user_id,
            )
            row.search_text = version_search_text(model, row, data.tags)
            s.add(row)
            s.flush()
            s.add_all(
                VersionTagRow(version_id=row.id, key=k, value=v) for k, v in data.tags.items()
            )
            s.add(
                StageHistoryRow(
                    id=new_id(),
                    version_id=row.id,
                    from_stage=None,
                    stage=row.stage,
                    entered_at=now,
                    actor=principal.user_id,
                    rationale="created",
                )
            )
            links = add_links(uow, row, data.lineage)
            if not semver.is_prerelease and (
                model.latest_sort_key is None or row.sort_key > model.latest_sort_key
            ):
                model.latest_version, model.latest_sort_key = row.version, row.sort_key
            model.updated_at = now
            subject = version_subject(model, row)
            uow.audit(
                "version.created",
                subject,
                {
                    "version_id": row.id,
                    "tags": data.tags,
                    "lineage": [{"kind": lk.kind, "ref": lk.ref} for lk in links],
                },
            )
            uow.emit("version.created", {"model": model.full_name, "version": row.version})
            s.flush()
            return version_read(s, model, row)

    def update_version(
        self, principal: Principal, group: str, name: str, version: str, data: VersionUpdate
    ) -> VersionRead:
        """Change description, metadata or tags (these are not part of the sealed digest)."""
        changes = data.model_dump(exclude_unset=True)
        if not changes:
            raise invalid("body", "give at least one field to change")
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            if data.description is not None:
                row.description = data.description
            if data.metadata is not None:
                if row.sealed_at is not None:
                    raise WrongState("metadata of a sealed version is frozen; use tags instead")
                row.metadata_json = check_metadata(data.metadata)
            tags = None
            if data.tags is not None:
                tags = validate_tags(data.tags)
                s.execute(delete(VersionTagRow).where(VersionTagRow.version_id == row.id))
                s.add_all(VersionTagRow(version_id=row.id, key=k, value=v) for k, v in tags.items())
            s.flush()
            current = {
                k: v
                for k, v in s.execute(
                    select(VersionTagRow.key, VersionTagRow.value).where(
                        VersionTagRow.version_id == row.id
                    )
                )
            }
            row.search_text = version_search_text(model, row, current)
            row.updated_at = utcnow()
            uow.audit(
                "version.updated",
                version_subject(model, row),
                {"fields": sorted(changes), "tags": tags},
            )
            s.flush()
            return version_read(s, model, row)

    def seal_version(
        self, principal: Principal, group: str, name: str, version: str
    ) -> VersionRead:
        """Freeze artifacts and lineage; the digest becomes the version's permanent identity."""
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            if row.sealed_at is not None:
                raise WrongState(f"version '{model.full_name}@{row.version}' is already sealed")
            seal_row(uow, model, row, self.keys.get())
            s.flush()
            return version_read(s, model, row)

    def get_version(self, group: str, name: str, version: str) -> VersionRead:
        """One version (or `latest`) with its manifest and digest."""
        return self.tx.db.read_once(lambda conn: get_full(conn, group, name, version))

    def list_versions(
        self,
        query: VersionQuery,
        *,
        limit: int,
        cursor: str | None,
        model: tuple[str, str] | None = None,
    ) -> Page[VersionSummary]:
        """Versions of one model, or across all models, filtered and in SemVer or time order."""
        if not 1 <= limit <= MAX_LIMIT:
            raise invalid("limit", f"must be between 1 and {MAX_LIMIT}")
        descending = query.sort.value.startswith("-")
        sort_name = query.sort.value.lstrip("-")
        column = _SORTS[sort_name]

        def read_page(conn: Connection) -> list[Row[Any]]:
            page = select(VersionRow.id, column.label("sort_value"))
            if model is not None:
                page = page.where(VersionRow.model_id == _model_id(conn, *model))
            page = self._filtered(conn, page, query)
            # Across models, versions of different models share sort keys: the id breaks ties.
            if cursor:
                kinds = (datetime, str) if sort_name == "created_at" else (str, str)
                value, last_id = decode_cursor(cursor, query.sort.value, kinds)
                page = page.where(
                    after([column, VersionRow.id], [value, last_id], descending=descending)
                )
            order = [column.desc(), VersionRow.id.desc()] if descending else [column, VersionRow.id]
            stmt = documents_of_page(
                page,
                summaries_select(conn.dialect.name),
                VersionRow.id,
                order,
                limit=limit,
                descending=descending,
            )
            return list(conn.execute(stmt).all())

        rows = self.tx.db.read_once(read_page)
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            last = rows[-1]
            key = last.sort_key if sort_name == "version" else last.created_at.isoformat()
            next_cursor = encode_cursor(query.sort.value, [key, last.id])
        return Page[VersionSummary].model_construct(
            items=[to_summary(r) for r in rows], next_cursor=next_cursor
        )

    def _filtered(
        self, conn: Connection, stmt: Select[str, Any], query: VersionQuery
    ) -> Select[str, Any]:
        if query.q:
            stmt = stmt.where(self.text_search.versions(query.q))
        if query.stage:
            stmt = stmt.where(VersionRow.stage == query.stage.value)
        if query.prerelease is not None:
            stmt = stmt.where(VersionRow.is_prerelease.is_(query.prerelease))
        of_model = [
            column == value
            for column, value in (
                (ModelRow.group_name, query.group),
                (ModelRow.risk_tier, query.risk_tier.value if query.risk_tier else None),
                (ModelRow.framework, query.framework),
            )
            if value
        ]
        if of_model:
            stmt = stmt.where(VersionRow.model_id.in_(select(ModelRow.id).where(*of_model)))
        for key, value in query.tags:
            stmt = stmt.where(
                tag_condition(
                    conn,
                    row_id=VersionRow.id,
                    tag_owner=VersionTagRow.version_id,
                    tag_key=VersionTagRow.key,
                    tag_value=VersionTagRow.value,
                    key=key,
                    value=value,
                )
            )
        return stmt


def _model_id(conn: Connection, group: str, name: str) -> str:
    """The id of a model by identity (validated first), or NotFound."""
    validate_part("group", group)
    validate_part("name", name)
    found = conn.execute(
        select(ModelRow.id).where(ModelRow.full_name == f"{group}/{name}")
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"model '{group}/{name}' does not exist")
    return str(found)
