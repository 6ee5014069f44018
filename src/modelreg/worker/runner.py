"""A worker loop: claim a job, keep its lease alive while it runs, settle it.

Jobs live in the database, so a worker that dies loses nothing: its lease expires and another
worker (or the same one after a restart) claims the job again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from modelreg.services.jobs import ClaimedJob, JobQueue
from modelreg.services.scans import ScanService
from modelreg.services.workers import HEARTBEAT, WorkerService

log = logging.getLogger("modelreg.worker")


class Worker:
    """Runs jobs one at a time with a heartbeat that renews the lease; while `run_forever` runs,
    a second heartbeat records that the worker process is alive (`services/workers.py`)."""

    def __init__(
        self,
        queue: JobQueue,
        scans: ScanService,
        *,
        name: str | None = None,
        lease: timedelta = timedelta(seconds=120),
        housekeeping: Callable[[], object] | None = None,
        heartbeats: WorkerService | None = None,
    ) -> None:
        self.queue = queue
        self.scans = scans
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.lease = lease
        self.housekeeping = housekeeping
        self.heartbeats = heartbeats

    def run_once(self) -> bool:
        """Claim and run one job; False when there was nothing to do."""
        job = self.queue.claim(self.name, self.lease)
        if job is None:
            return False
        done = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(job, done), daemon=True)
        beat.start()
        try:
            self.scans.run(job, self.name)
            log.info("job %s (%s) done", job.id, job.kind)
        except Exception as exc:
            log.exception("job %s (%s) failed", job.id, job.kind)
            self.queue.fail(job.id, self.name, f"{type(exc).__name__}: {exc}")
        finally:
            done.set()
            beat.join()
        return True

    def run_until_idle(self, max_jobs: int = 10_000) -> int:
        """Run jobs until none is runnable; returns how many ran."""
        ran = 0
        while ran < max_jobs and self.run_once():
            ran += 1
        return ran

    def run_forever(self, stop: threading.Event, poll_seconds: float = 1.0) -> None:
        """Run jobs until `stop` is set, polling the queue when idle, and beat while running."""
        log.info("worker %s started", self.name)
        done = threading.Event()
        beat = threading.Thread(target=self._alive, args=(done,), daemon=True)
        beat.start()
        try:
            while not stop.is_set():
                if self.housekeeping is not None:
                    self.housekeeping()  # e.g. sweeping stale upload temp files; throttles itself
                try:
                    busy = self.run_once()
                except Exception:
                    log.exception("worker %s could not claim a job", self.name)
                    busy = False
                if not busy:
                    stop.wait(poll_seconds)
        finally:
            done.set()
            beat.join()
        log.info("worker %s stopped", self.name)

    def _alive(self, done: threading.Event) -> None:
        """Keep this process's heartbeat row fresh until `done`, then remove it."""
        if self.heartbeats is None:
            return
        host, pid = socket.gethostname(), os.getpid()
        worker_id: str | None = None
        while worker_id is None:
            try:
                worker_id = self.heartbeats.register(self.name, host, pid)
            except Exception:
                # The database may be briefly unreachable; jobs wait for it too.
                log.exception("worker %s could not record its heartbeat", self.name)
                if done.wait(HEARTBEAT.total_seconds()):
                    return
        while not done.wait(HEARTBEAT.total_seconds()):
            try:
                self.heartbeats.beat(worker_id, self.name, host, pid)
            except Exception:
                log.exception("worker %s could not record its heartbeat", self.name)
        try:
            self.heartbeats.deregister(worker_id, self.name)
        except Exception:
            log.exception("worker %s could not remove its heartbeat", self.name)

    def _heartbeat(self, job: ClaimedJob, done: threading.Event) -> None:
        interval = self.lease.total_seconds() / 3
        while not done.wait(interval):
            try:
                if not self.queue.extend(job.id, self.name, self.lease):
                    log.warning("job %s was taken over by another worker", job.id)
                    return
            except Exception:
                log.exception("could not renew the lease of job %s", job.id)
