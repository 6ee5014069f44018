"""Attaching uploaded blobs to versions as artifacts, and locating them for download."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.artifact_paths import find_collision, validate_artifact_path
from modelreg.domain.errors import Conflict, NotFound
from modelreg.domain.ids import new_id
from modelreg.domain.manifest import build_manifest, manifest_digest
from modelreg.schemas.versions import ArtifactRead
from modelreg.services.catalog import (
    load_model,
    require_change,
    require_unsealed,
    resolve_version,
    version_subject,
)
from modelreg.services.uow import Transactions
from modelreg.services.versions import manifest_of
from modelreg.storage.blobs import BlobInfo, BlobStore, BlobStream, BlobWriter
from modelreg.storage.tables import ArtifactRow, BlobRow, ModelRow, VersionRow
from modelreg.storage.types import utcnow


@dataclass(frozen=True)
class ArtifactLocation:
    """Where an artifact's bytes are: the blob address and size, plus its public description."""

    artifact: ArtifactRead
    sha256: str
    size: int


def _read(row: ArtifactRow) -> ArtifactRead:
    return ArtifactRead(
        path=row.path,
        size=row.size,
        sha256=row.sha256,
        media_type=row.media_type,
        created_at=row.created_at,
    )


def _record_blob(session: Session, blob: BlobInfo) -> None:
    """Insert the blob row unless another upload of the same bytes already did."""
    values = {"sha256": blob.sha256, "size": blob.size, "created_at": utcnow()}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(pg_insert(BlobRow).values(values).on_conflict_do_nothing())
    else:
        session.execute(sqlite_insert(BlobRow).values(values).on_conflict_do_nothing())


def _refuse_collision(session: Session, model: ModelRow, row: VersionRow, path: str) -> None:
    """Refuse a new path that would clash with an existing one when pulled (see find_collision)."""
    existing = session.execute(
        select(ArtifactRow.path).where(ArtifactRow.version_id == row.id)
    ).scalars()
    other = find_collision(path, existing)
    if other is not None:
        raise Conflict(
            f"'{model.full_name}@{row.version}' already has artifact {other!r}, which {path!r} "
            "would overwrite or block on a case-insensitive file system (macOS, Windows) when "
            f"pulled; upload to {other!r} to replace it, or pick a distinct path"
        )


class ArtifactService:
    """Use cases on artifacts; bytes go through the blob store, facts through the database."""

    def __init__(self, tx: Transactions, blobs: BlobStore, *, max_bytes: int) -> None:
        self.tx = tx
        self.blobs = blobs
        self.max_bytes = max_bytes

    def check_upload(
        self, principal: Principal, group: str, name: str, version: str, path: str
    ) -> None:
        """Refuse an upload before reading a byte: bad or clashing path, unknown or sealed
        version, no right."""
        path = validate_artifact_path(path)
        with self.tx.read() as s:
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version)
            require_unsealed(row, model)
            _refuse_collision(s, model, row, path)

    def new_writer(self) -> BlobWriter:
        """A blob writer bounded by the configured maximum artifact size."""
        return self.blobs.writer(max_bytes=self.max_bytes)

    def attach(
        self,
        principal: Principal,
        group: str,
        name: str,
        version: str,
        path: str,
        blob: BlobInfo,
        media_type: str,
    ) -> ArtifactRead:
        """Make a stored blob the artifact at `path` (replacing an earlier upload of that path)."""
        path = validate_artifact_path(path)
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            # Checked again under the write lock: the version may have been sealed meanwhile.
            require_unsealed(row, model)
            # Under the version lock, so two clashing uploads cannot both pass.
            _refuse_collision(s, model, row, path)
            _record_blob(s, blob)
            existing = s.execute(
                select(ArtifactRow).where(
                    ArtifactRow.version_id == row.id, ArtifactRow.path == path
                )
            ).scalar_one_or_none()
            now = utcnow()
            action = "artifact.added"
            if existing is None:
                artifact = ArtifactRow(
                    id=new_id(),
                    version_id=row.id,
                    path=path,
                    size=blob.size,
                    sha256=blob.sha256,
                    media_type=media_type,
                    created_at=now,
                    created_by=principal.user_id,
                )
                s.add(artifact)
            else:
                action = "artifact.replaced"
                artifact = existing
                artifact.size, artifact.sha256, artifact.media_type = (
                    blob.size,
                    blob.sha256,
                    media_type,
                )
                artifact.created_at, artifact.created_by = now, principal.user_id
            s.flush()
            row.manifest_digest = manifest_digest(manifest_of(s, row.id))
            row.updated_at = now
            uow.audit(
                action,
                version_subject(model, row),
                {"path": path, "size": blob.size, "sha256": blob.sha256},
            )
            return _read(artifact)

    def list_artifacts(self, group: str, name: str, version: str) -> list[ArtifactRead]:
        """The files of a version, in manifest order."""
        with self.tx.read() as s:
            row = resolve_version(s, load_model(s, group, name), version)
            rows = s.execute(select(ArtifactRow).where(ArtifactRow.version_id == row.id)).scalars()
            by_path = {r.path: r for r in rows}
            order = build_manifest(manifest_of(s, row.id))
            return [_read(by_path[entry["path"]]) for entry in order]

    def locate(self, group: str, name: str, version: str, path: str) -> ArtifactLocation:
        """Find the blob behind an artifact path (as stored, or its NFC form), or NotFound."""
        validate_artifact_path(path, new=False)
        # Paths are stored NFC; one stored earlier in another form is still found as sent.
        forms = {path, unicodedata.normalize("NFC", path)}
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            matches = {
                a.path: a
                for a in s.execute(
                    select(ArtifactRow).where(
                        ArtifactRow.version_id == row.id, ArtifactRow.path.in_(forms)
                    )
                ).scalars()
            }
            artifact = matches.get(path) or next(iter(matches.values()), None)
            if artifact is None:
                raise NotFound(f"'{model.full_name}@{row.version}' has no artifact {path!r}")
            return ArtifactLocation(_read(artifact), artifact.sha256, artifact.size)

    def read_bytes(self, location: ArtifactLocation, start: int, end: int | None) -> BlobStream:
        """Decrypted, verified bytes of an artifact (optionally a range, end inclusive)."""
        return self.blobs.open_read(location.sha256, start, end)
