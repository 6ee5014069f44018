"""The local OSV advisory mirror: importing exports and looking up what matches dependencies."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, select, tuple_
from sqlalchemy.orm import Session

from modelreg.domain.errors import invalid
from modelreg.domain.ids import new_id
from modelreg.services import jobs
from modelreg.services.uow import Transactions
from modelreg.storage.tables import (
    AdvisoryImportRow,
    AdvisoryPackageRow,
    AdvisoryRow,
)
from modelreg.storage.types import utcnow
from modelreg.vulns import AdvisoryImportError, AdvisoryIndex, Dependency, build_index
from modelreg.vulns.osv import Advisory, load_advisory_documents, parse_advisory

# Writes go in batches so one import of an ecosystem-sized export does not hold the database's
# write lock (SQLite) for minutes.
BATCH = 2000


@dataclass(frozen=True)
class ImportResult:
    """What one import changed."""

    database_version: str
    advisories: int
    changed: int
    removed: int
    invalid: int
    rescans_queued: int
    warnings: list[str]


def _packages(advisory: Advisory) -> set[tuple[str, str]]:
    return {(a.ecosystem, a.name) for a in advisory.affected}


class AdvisoryService:
    """Imports OSV exports into the database and builds match indexes from it."""

    def __init__(self, tx: Transactions, *, max_age_days: int) -> None:
        self.tx = tx
        self.max_age_days = max_age_days

    def import_path(self, actor: str, path: Path) -> ImportResult:
        """Import an OSV export zip or folder; re-queues vulnerability scans of live versions."""
        try:
            chosen, report = load_advisory_documents(path)
        except AdvisoryImportError as exc:
            raise invalid("path", str(exc)) from None
        with self.tx.read() as s:
            known = dict(s.execute(select(AdvisoryRow.id, AdvisoryRow.modified)).all())
        changed = [
            (adv, raw)
            for adv, raw in chosen.values()
            if adv.withdrawn is None and known.get(adv.id) != adv.modified
        ]
        removed = [adv.id for adv, _ in chosen.values() if adv.withdrawn and adv.id in known]
        for start in range(0, len(changed), BATCH):
            with self.tx.write(actor) as uow:
                self._upsert(uow.session, changed[start : start + BATCH], known)
        for start in range(0, len(removed), BATCH):
            with self.tx.write(actor) as uow:
                self._remove(uow.session, removed[start : start + BATCH])
        with self.tx.write(actor) as uow:
            s = uow.session
            previous = current_import(s)
            version = _database_version(s)
            # Compare content, not this run's changes: if an earlier import stored advisories
            # but died before this step, its re-checks are still owed.
            content_changed = previous is None or not version.endswith(
                previous.database_version.rsplit("-", 1)[-1]
            )
            # Results read from a stale database carry a stale finding; the same content
            # imported again is fresh, so those results are re-checked too.
            was_stale = previous is not None and utcnow() - previous.imported_at > timedelta(
                days=self.max_age_days
            )
            s.add(
                AdvisoryImportRow(
                    id=new_id(),
                    database_version=version,
                    source=str(path)[:500],
                    advisory_count=report.loaded,
                    changed_count=len(changed) + len(removed),
                    imported_at=utcnow(),
                    imported_by=actor,
                )
            )
            queued = 0
            if content_changed or was_stale:
                queued = jobs.enqueue_for_live_versions(
                    uow, jobs.VULNERABILITY_SCAN, trigger="advisories_updated"
                )
            details = {
                "database_version": version,
                "advisories": report.loaded,
                "changed": len(changed),
                "removed": len(removed),
                "invalid": report.invalid,
                "rescans_queued": queued,
            }
            uow.audit("advisories.imported", "advisories", details)
            uow.emit("advisories.imported", details)
        return ImportResult(
            version,
            report.loaded,
            len(changed),
            len(removed),
            report.invalid,
            queued,
            list(report.warnings),
        )

    @staticmethod
    def _upsert(
        s: Session, batch: list[tuple[Advisory, dict[str, Any]]], known: dict[str, str]
    ) -> None:
        ids = [adv.id for adv, _ in batch]
        existing = [i for i in ids if i in known]
        if existing:
            s.execute(
                delete(AdvisoryPackageRow).where(AdvisoryPackageRow.advisory_id.in_(existing))
            )
            s.execute(delete(AdvisoryRow).where(AdvisoryRow.id.in_(existing)))
        s.add_all(
            AdvisoryRow(
                id=adv.id,
                modified=adv.modified,
                document=json.dumps(raw, sort_keys=True, separators=(",", ":")),
            )
            for adv, raw in batch
        )
        s.flush()
        s.add_all(
            AdvisoryPackageRow(advisory_id=adv.id, ecosystem=eco, name=name)
            for adv, _ in batch
            for eco, name in _packages(adv)
        )

    @staticmethod
    def _remove(s: Session, ids: list[str]) -> None:
        s.execute(delete(AdvisoryPackageRow).where(AdvisoryPackageRow.advisory_id.in_(ids)))
        s.execute(delete(AdvisoryRow).where(AdvisoryRow.id.in_(ids)))

    def status(self) -> dict[str, Any]:
        """The newest import (database version, counts, when) or an empty mirror."""
        with self.tx.read() as s:
            row = current_import(s)
            if row is None:
                return {"database_version": None, "advisories": 0, "imported_at": None}
            return {
                "database_version": row.database_version,
                "advisories": row.advisory_count,
                "imported_at": row.imported_at,
                "source": row.source,
            }


def current_import(session: Session) -> AdvisoryImportRow | None:
    """The newest advisory import, if any."""
    return session.execute(
        select(AdvisoryImportRow).order_by(AdvisoryImportRow.imported_at.desc()).limit(1)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class AdvisoryDatabase:
    """The advisory database a vulnerability check reads: which, since when, and whether it is
    empty or older than the configured maximum age at the moment of the check."""

    database_version: str | None
    imported_at: datetime | None
    max_age_days: int
    empty: bool
    stale: bool

    def to_dict(self) -> dict[str, Any]:
        """As stored in the vulnerability result's details."""
        return {
            "database_version": self.database_version,
            "imported_at": self.imported_at.isoformat() if self.imported_at else None,
            "max_age_days": self.max_age_days,
            "empty": self.empty,
            "stale": self.stale,
        }


def database_state(session: Session, max_age_days: int) -> AdvisoryDatabase:
    """The advisory database in use now, judged against `max_age_days`."""
    row = current_import(session)
    has_any = session.execute(select(exists().where(AdvisoryRow.id.is_not(None)))).scalar()
    # Empty means nothing to match against, whatever an import row says (an import of an empty
    # folder, or one whose every advisory was withdrawn).
    empty = row is None or not has_any
    imported = row.imported_at if row else None
    stale = empty or (imported is not None and utcnow() - imported > timedelta(days=max_age_days))
    return AdvisoryDatabase(
        row.database_version if row else None, imported, max_age_days, empty, stale
    )


def _database_version(s: Session) -> str:
    digest = hashlib.sha256()
    for advisory_id, modified in s.execute(
        select(AdvisoryRow.id, AdvisoryRow.modified).order_by(AdvisoryRow.id)
    ):
        digest.update(f"{advisory_id}\x1f{modified}\n".encode())
    return f"osv-{utcnow():%Y%m%dT%H%M%SZ}-{digest.hexdigest()[:12]}"


def index_for(session: Session, deps: Iterable[Dependency]) -> AdvisoryIndex:
    """An index of only the advisories that name one of `deps`' packages."""
    keys = sorted({(d.ecosystem, d.name) for d in deps})
    docs: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = session.execute(
            select(AdvisoryRow.id, AdvisoryRow.document)
            .join(AdvisoryPackageRow, AdvisoryPackageRow.advisory_id == AdvisoryRow.id)
            .where(tuple_(AdvisoryPackageRow.ecosystem, AdvisoryPackageRow.name).in_(chunk))
        ).all()
        docs.update((advisory_id, doc) for advisory_id, doc in rows)
    return build_index(parse_advisory(json.loads(doc)) for doc in docs.values())
