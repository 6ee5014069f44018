"""Readiness: may this API process take traffic, and is background work being done?

The database and the blob store decide readiness (503 without them the API cannot answer).
Workers do not: the API serves reads, uploads and promotions without one, and workers may run
elsewhere (`serve --no-scan-worker`), so taking API processes out of a load balancer because no
worker is alive would only add an outage. No live worker makes the answer `degraded` (still 200)
with the counts that say so, for monitoring to alert on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from modelreg.domain.errors import Unavailable
from modelreg.services.workers import WorkerService
from modelreg.storage.blobs import BlobStore
from modelreg.storage.db import Database

READY, DEGRADED, UNAVAILABLE = "ready", "degraded", "unavailable"


@dataclass(frozen=True)
class Readiness:
    """The readiness answer: overall status, one entry per check, and its HTTP status."""

    status: str
    checks: dict[str, Any]

    @property
    def http_status(self) -> int:
        """503 only when a dependency the API needs is unreachable."""
        return 503 if self.status == UNAVAILABLE else 200


class ReadinessService:
    """Checks the database, the blob store, worker liveness and the queue."""

    def __init__(self, db: Database, blobs: BlobStore, workers: WorkerService) -> None:
        self.db = db
        self.blobs = blobs
        self.workers = workers

    def check(self) -> Readiness:
        """Run every check; workers and queue are reported only when the database answers."""
        checks: dict[str, Any] = {}
        for name, check in (("database", self.db.check), ("blob_store", self.blobs.check)):
            try:
                check()
                checks[name] = "ok"
            except Unavailable as exc:
                checks[name] = exc.detail
        if any(v != "ok" for v in checks.values()):
            return Readiness(UNAVAILABLE, checks)
        checks.update(self.workers.report())
        return Readiness(READY if checks["workers"]["alive"] else DEGRADED, checks)
