"""Reading a version's current security state: latest scan results, exceptions, pending jobs.

Promotion gates, deploy checks, download enforcement and the findings API all read through here,
so they can never disagree about what blocks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, exists, func, insert, select
from sqlalchemy.orm import Session

from modelreg.domain.lifecycle import ARCHIVED
from modelreg.domain.security_findings import (
    ActiveException,
    SecurityState,
    StoredResult,
    finding_ranks,
    security_state,
    severity_rank,
)
from modelreg.services.jobs import QUEUED, RUNNING
from modelreg.storage.tables import (
    CurrentFindingRow,
    FindingExceptionRow,
    JobRow,
    ScanResultRow,
    VersionRow,
)
from modelreg.storage.types import utcnow


def latest_results(session: Session, version_id: str, digest: str) -> dict[str, StoredResult]:
    """The stored result of each scanner for `digest` whose inputs are newest.

    Ordered by `started_at` (when the job read its inputs: lists, advisories, signers), so a
    slow job that finishes after a newer re-check never replaces the re-check's verdict.
    """
    newest_first = (
        ScanResultRow.started_at.desc(),
        ScanResultRow.finished_at.desc(),
        ScanResultRow.id.desc(),
    )
    # Rank by scanner in the database and load only each scanner's newest row: every re-check
    # adds a row, and decoding all their findings made each download slower than the last.
    ranked = (
        select(
            ScanResultRow.id,
            func.row_number()
            .over(partition_by=ScanResultRow.scanner, order_by=newest_first)
            .label("rank"),
        )
        .where(ScanResultRow.version_id == version_id, ScanResultRow.version_digest == digest)
        .subquery()
    )
    rows = session.execute(
        select(ScanResultRow)
        .join(ranked, ranked.c.id == ScanResultRow.id)
        .where(ranked.c.rank == 1)
        .order_by(*newest_first)
    ).scalars()
    latest: dict[str, StoredResult] = {}
    for row in rows:
        if row.scanner not in latest:
            latest[row.scanner] = StoredResult(
                scanner=row.scanner,
                status=row.status,
                findings=row.findings,
                errors=row.errors,
                details=row.details,
                finished_at=row.finished_at,
                scanner_version=row.scanner_version,
                database_version=row.database_version,
            )
    return latest


def _in_force(now: datetime) -> ColumnElement[bool]:
    """An exception applies until it expires or is revoked."""
    return and_(FindingExceptionRow.revoked_at.is_(None), FindingExceptionRow.expires_at > now)


def active_exceptions(session: Session, version_id: str, digest: str) -> dict[str, ActiveException]:
    """Exceptions in force now for findings of `digest` (unexpired and not revoked)."""
    rows = session.execute(
        select(FindingExceptionRow).where(
            FindingExceptionRow.version_id == version_id,
            FindingExceptionRow.version_digest == digest,
            _in_force(utcnow()),
        )
    ).scalars()
    return {
        r.finding_id: ActiveException(r.id, r.finding_id, r.expires_at, r.granted_by) for r in rows
    }


def scans_pending(session: Session, version_id: str) -> bool:
    """True while a scan job of the version is queued or running."""
    return bool(
        session.execute(
            select(
                exists().where(JobRow.version_id == version_id, JobRow.state.in_((QUEUED, RUNNING)))
            )
        ).scalar()
    )


def read_state(session: Session, version: VersionRow, block_severity: str) -> SecurityState:
    """The security state of the version's current digest (empty for an unsealed version)."""
    digest = version.manifest_digest or ""
    if not digest:
        return security_state(
            "", {}, {}, pending=False, block_severity=block_severity, now=utcnow()
        )
    return security_state(
        digest,
        latest_results(session, version.id, digest),
        active_exceptions(session, version.id, digest),
        pending=scans_pending(session, version.id),
        block_severity=block_severity,
        now=utcnow(),
    )


def record_current_findings(session: Session, version_id: str) -> None:
    """Rewrite the version's `current_findings` from the latest results of its current digest.

    Called in the transaction that stores results, so search sees what this module sees. An
    archived version keeps none: archiving is final and its findings block nothing any more
    (migration 0009's trigger removes them when a version is archived).
    """
    session.execute(delete(CurrentFindingRow).where(CurrentFindingRow.version_id == version_id))
    version = session.execute(
        select(VersionRow.model_id, VersionRow.stage, VersionRow.manifest_digest).where(
            VersionRow.id == version_id
        )
    ).one()
    if version.stage == ARCHIVED or not version.manifest_digest:
        return
    latest = latest_results(session, version_id, version.manifest_digest)
    ranks = finding_ranks(f for r in latest.values() for f in r.findings)
    if ranks:
        rows: list[dict[str, Any]] = [
            {
                "version_id": version_id,
                "finding_id": finding,
                "model_id": version.model_id,
                "version_digest": version.manifest_digest,
                "severity_rank": rank,
            }
            for finding, rank in sorted(ranks.items())
        ]
        session.execute(insert(CurrentFindingRow), rows)


def blocked_model_ids(block_severity: str, now: datetime) -> Select[str]:
    """Ids of models with a version, not archived, whose current state has a blocking finding.

    The rule of `annotate` in SQL: a current finding (archived versions have none) at or above
    the threshold that no exception in force covers. Exceptions and the threshold are read here,
    not stored, since both change without a new scan result (an exception expires, the setting
    changes).
    """
    excepted = exists().where(
        FindingExceptionRow.version_id == CurrentFindingRow.version_id,
        FindingExceptionRow.version_digest == CurrentFindingRow.version_digest,
        FindingExceptionRow.finding_id == CurrentFindingRow.finding_id,
        _in_force(now),
    )
    return select(CurrentFindingRow.model_id).where(
        CurrentFindingRow.severity_rank >= severity_rank(block_severity), ~excepted
    )
