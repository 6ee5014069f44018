"""The job queue: background work stored in the database, so it survives worker restarts.

A worker claims one job at a time and holds a lease on it. PostgreSQL workers claim with
`FOR UPDATE SKIP LOCKED`, so many workers never wait on or take each other's jobs; SQLite write
transactions are serialised (BEGIN IMMEDIATE), which gives the same guarantee for one host. A job
whose worker died (lease expired) is claimed again; after `MAX_ATTEMPTS` it is marked failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from modelreg.domain.ids import new_id
from modelreg.services.uow import Transactions, UnitOfWork
from modelreg.storage.tables import JobRow, VersionRow
from modelreg.storage.types import utcnow

# Kinds of jobs. A full scan runs every scanner; the others re-run one when its inputs changed
# (new advisories, a new license policy, an uploaded signature or container SBOM).
SCAN = "scan"
VULNERABILITY_SCAN = "vulnerability_scan"
LICENSE_SCAN = "license_scan"
SIGNATURE_SCAN = "signature_scan"
KINDS = (SCAN, VULNERABILITY_SCAN, LICENSE_SCAN, SIGNATURE_SCAN)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=30)


@dataclass(frozen=True)
class ClaimedJob:
    """A job this worker holds the lease on."""

    id: str
    kind: str
    version_id: str | None
    payload: dict[str, Any]
    attempts: int


def enqueue(
    uow: UnitOfWork, kind: str, version_id: str | None, *, trigger: str, **payload: Any
) -> str | None:
    """Queue a job in the caller's transaction; returns None when the same job already waits."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    s = uow.session
    waiting = s.execute(
        select(JobRow.id).where(
            JobRow.kind == kind, JobRow.version_id == version_id, JobRow.state == QUEUED
        )
    ).first()
    if waiting is not None:
        return None
    job = _new_job(kind, version_id, {"trigger": trigger, **payload})
    s.add(job)
    return job.id


def _new_job(kind: str, version_id: str | None, payload: dict[str, Any]) -> JobRow:
    now = utcnow()
    return JobRow(
        id=new_id(),
        kind=kind,
        version_id=version_id,
        payload=payload,
        state=QUEUED,
        attempts=0,
        run_after=now,
        created_at=now,
    )


# Stages whose versions are re-checked when shared inputs change (advisories, license lists):
# anything that may still be promoted or run.
LIVE_STAGES = ("submitted", "staging", "production")


def enqueue_for_live_versions(uow: UnitOfWork, kind: str, *, trigger: str) -> int:
    """Queue `kind` for every sealed live version without such a job waiting; returns how many.

    Two queries whatever the number of versions (an advisory import touches all of them).
    """
    s = uow.session
    live = s.execute(
        select(VersionRow.id).where(
            VersionRow.sealed_at.is_not(None), VersionRow.stage.in_(LIVE_STAGES)
        )
    ).scalars()
    waiting = set(
        s.execute(
            select(JobRow.version_id).where(JobRow.kind == kind, JobRow.state == QUEUED)
        ).scalars()
    )
    todo = [version_id for version_id in live if version_id not in waiting]
    s.add_all(_new_job(kind, version_id, {"trigger": trigger}) for version_id in todo)
    return len(todo)


@dataclass(frozen=True)
class QueueStats:
    """How many jobs wait to be claimed, and when the oldest of them was queued."""

    queued: int
    oldest_created_at: datetime | None


def queue_stats(session: Session) -> QueueStats:
    """Depth of the queue and its oldest queued job (one query on the claim index's state)."""
    count, oldest = session.execute(
        select(func.count(JobRow.id), func.min(JobRow.created_at)).where(JobRow.state == QUEUED)
    ).one()
    return QueueStats(queued=int(count), oldest_created_at=oldest)


class JobQueue:
    """Claims, extends and settles jobs for workers."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def claim(self, worker: str, lease: timedelta) -> ClaimedJob | None:
        """Take the oldest runnable job (queued, or running with an expired lease), if any."""
        with self.tx.write(worker) as uow:
            s = uow.session
            now = utcnow()
            query = (
                select(JobRow)
                .where(
                    or_(
                        and_(JobRow.state == QUEUED, JobRow.run_after <= now),
                        and_(JobRow.state == RUNNING, JobRow.lease_until < now),
                    )
                )
                .order_by(JobRow.run_after, JobRow.id)
                .limit(1)
            )
            if s.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            while (job := s.execute(query).scalar_one_or_none()) is not None:
                if job.attempts < MAX_ATTEMPTS:
                    job.state, job.worker = RUNNING, worker
                    job.attempts += 1
                    job.started_at, job.lease_until = now, now + lease
                    return ClaimedJob(
                        job.id, job.kind, job.version_id, dict(job.payload), job.attempts
                    )
                # Its worker died on every attempt: stop retrying a job that kills workers,
                # and look at the next one.
                reason = f"gave up after {job.attempts} attempts (the worker never finished)"
                self._settle(job, FAILED, now, reason)
                uow.audit("job.failed", f"job:{job.id}", {"kind": job.kind, "error": reason})
                s.flush()
            return None

    def extend(self, job_id: str, worker: str, lease: timedelta) -> bool:
        """Renew the lease; False when another worker took the job over meanwhile."""
        with self.tx.write(worker) as uow:
            result = uow.session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.worker == worker, JobRow.state == RUNNING)
                .values(lease_until=utcnow() + lease)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def hold(self, session: Session, job_id: str, worker: str) -> JobRow | None:
        """Lock the job row inside a settling transaction, if this worker still holds it."""
        job = session.execute(
            select(JobRow).where(JobRow.id == job_id).with_for_update()
        ).scalar_one_or_none()
        if job is None or job.worker != worker or job.state != RUNNING:
            return None
        return job

    def complete(self, uow: UnitOfWork, job: JobRow) -> None:
        """Mark a held job done, in the transaction that stores its results."""
        self._settle(job, DONE, utcnow(), None)

    def fail(self, job_id: str, worker: str, error: str) -> None:
        """Record a failed attempt: retry later, or give up after MAX_ATTEMPTS."""
        with self.tx.write(worker) as uow:
            job = self.hold(uow.session, job_id, worker)
            if job is None:
                return
            now = utcnow()
            if job.attempts < MAX_ATTEMPTS:
                job.state, job.error, job.lease_until = QUEUED, error[:2000], None
                job.run_after = now + RETRY_DELAY * job.attempts
                return
            self._settle(job, FAILED, now, error)
            uow.audit("job.failed", f"job:{job.id}", {"kind": job.kind, "error": error[:500]})

    @staticmethod
    def _settle(job: JobRow, state: str, now: datetime, error: str | None) -> None:
        job.state, job.finished_at, job.lease_until = state, now, None
        if error is not None:
            job.error = error[:2000]

    def pending_for(self, session: Session, version_id: str) -> list[JobRow]:
        """Jobs of a version that have not finished yet."""
        return list(
            session.execute(
                select(JobRow)
                .where(JobRow.version_id == version_id, JobRow.state.in_((QUEUED, RUNNING)))
                .order_by(JobRow.created_at)
            ).scalars()
        )
