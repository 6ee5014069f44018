"""Worker liveness: heartbeat rows written by running workers, and what they mean for the queue.

A worker writes one row when it starts, refreshes `last_seen` every `HEARTBEAT` and removes the
row when it stops; it counts as alive while `last_seen` is within `ALIVE_WITHIN`. The job lease
cannot serve for this: an idle worker holds no lease. Heartbeats are operational state rewritten
every few seconds, so (like lease renewals) they are not audited; a supervisor restarting a
worker is (`worker.restarted`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from modelreg.domain.ids import new_id
from modelreg.services.jobs import QUEUED, RUNNING, queue_stats
from modelreg.services.uow import Transactions
from modelreg.storage.tables import JobRow, WorkerHeartbeatRow
from modelreg.storage.types import utcnow

HEARTBEAT = timedelta(seconds=5)
# Six missed heartbeats: a worker whose beat waited on a busy SQLite write lock is not dead.
ALIVE_WITHIN = timedelta(seconds=30)
# Rows of workers that died without removing them are dropped when a new worker starts.
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Liveness:
    """How many workers are alive, and when any worker was last heard from."""

    alive: int
    last_seen: datetime | None


def liveness(session: Session, now: datetime) -> Liveness:
    """Workers whose heartbeat is within `ALIVE_WITHIN` of `now` (one query)."""
    row = session.execute(
        select(
            func.count(WorkerHeartbeatRow.id).filter(
                WorkerHeartbeatRow.last_seen >= now - ALIVE_WITHIN
            ),
            func.max(WorkerHeartbeatRow.last_seen),
        )
    ).one()
    return Liveness(alive=int(row[0]), last_seen=row[1])


def _age(seconds: float) -> str:
    """A rounded, readable age: '40 seconds', '12 minutes', '3 hours'."""
    if seconds < 90:
        return f"{max(int(seconds), 0)} seconds"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} minutes"
    return f"{round(seconds / 3600)} hours"


def scan_queue_state(
    session: Session, pending: Sequence[JobRow], now: datetime | None = None
) -> dict[str, Any] | None:
    """Where a version's unfinished jobs stand, with a sentence saying whether anyone runs them.

    None when nothing is pending. A running job whose worker stopped beating is said to be
    stuck until its lease lapses and another worker takes it over.
    """
    if not pending:
        return None
    now = now or utcnow()
    alive_names = set(
        session.execute(
            select(WorkerHeartbeatRow.name).where(
                WorkerHeartbeatRow.last_seen >= now - ALIVE_WITHIN
            )
        ).scalars()
    )
    alive = len(alive_names)
    since = min(job.created_at for job in pending)
    running = [job for job in pending if job.state == RUNNING]
    state = RUNNING if running else QUEUED
    waited = _age((now - since).total_seconds())
    orphaned = [job for job in running if job.worker not in alive_names]
    if alive == 0:
        detail = (
            f"scan {state} for {waited}, no worker alive: start `modelreg worker` (or check "
            "the log of `modelreg serve`, which restarts its worker); GET /readyz shows workers"
        )
    elif running and len(orphaned) == len(running):
        job = orphaned[0]
        lapse = f" at {job.lease_until:%H:%M:%S}Z" if job.lease_until else ""
        detail = (
            f"scan held by worker {job.worker}, which stopped sending heartbeats; one of the "
            f"{alive} worker(s) alive takes it over when its lease lapses{lapse}"
        )
    elif running:
        detail = f"scan running, queued {waited} ago; {alive} worker(s) alive"
    else:
        detail = f"scan queued for {waited}; {alive} worker(s) alive"
    return {
        "state": state,
        "queued_since": since,
        "workers_alive": alive,
        "worker_alive": alive > 0,
        "detail": detail,
    }


class WorkerService:
    """Heartbeats of worker processes, their restarts, and the background-work report."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def register(self, name: str, host: str, pid: int) -> str:
        """Record a starting worker; returns the id its heartbeats use."""
        with self.tx.write(name) as uow:
            now = utcnow()
            uow.session.execute(
                delete(WorkerHeartbeatRow).where(WorkerHeartbeatRow.last_seen < now - FORGET_AFTER)
            )
            row = WorkerHeartbeatRow(
                id=new_id(), name=name, host=host, pid=pid, started_at=now, last_seen=now
            )
            uow.session.add(row)
            return row.id

    def beat(self, worker_id: str, name: str, host: str, pid: int) -> None:
        """Refresh the worker's `last_seen`, recreating its row if it was removed meanwhile."""
        with self.tx.write(name) as uow:
            now = utcnow()
            result = uow.session.execute(
                update(WorkerHeartbeatRow)
                .where(WorkerHeartbeatRow.id == worker_id)
                .values(last_seen=now)
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                uow.session.add(
                    WorkerHeartbeatRow(
                        id=worker_id, name=name, host=host, pid=pid, started_at=now, last_seen=now
                    )
                )

    def deregister(self, worker_id: str, name: str) -> None:
        """Remove the row of a worker that stops cleanly (it is no longer alive)."""
        with self.tx.write(name) as uow:
            uow.session.execute(
                delete(WorkerHeartbeatRow).where(WorkerHeartbeatRow.id == worker_id)
            )

    def record_restart(
        self,
        *,
        host: str,
        previous_pid: int,
        pid: int,
        exit_code: int | None,
        signal: str | None,
        attempt: int,
        delay_seconds: float,
        uptime_seconds: float,
    ) -> None:
        """Audit that a supervisor restarted a worker that had exited (`worker.restarted`)."""
        with self.tx.write("system") as uow:
            uow.audit(
                "worker.restarted",
                f"worker:{host}:{pid}",
                {
                    "host": host,
                    "previous_pid": previous_pid,
                    "pid": pid,
                    "exit_code": exit_code,
                    "signal": signal,
                    "attempt": attempt,
                    "delay_seconds": round(delay_seconds, 3),
                    "uptime_seconds": round(uptime_seconds, 3),
                },
            )

    def report(self, now: datetime | None = None) -> dict[str, Any]:
        """Workers alive and the queue's depth and oldest job, read in one transaction."""
        now = now or utcnow()
        with self.tx.read() as s:
            live = liveness(s, now)
            queue = queue_stats(s)
        last_seen = live.last_seen
        return {
            "workers": {
                "alive": live.alive,
                "alive_within_seconds": int(ALIVE_WITHIN.total_seconds()),
                "last_heartbeat_seconds": (
                    None if last_seen is None else max(int((now - last_seen).total_seconds()), 0)
                ),
            },
            "queue": {
                "queued": queue.queued,
                "oldest_queued_seconds": (
                    None
                    if queue.oldest_created_at is None
                    # max(): another host's clock may run slightly ahead of this one.
                    else max(int((now - queue.oldest_created_at).total_seconds()), 0)
                ),
            },
        }
