"""The unit of work: one transaction carrying a change, its audit event and its outbox events."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from modelreg.domain.ids import new_id
from modelreg.storage.audit_log import PendingAudit, append_events
from modelreg.storage.db import Database
from modelreg.storage.tables import OutboxRow
from modelreg.storage.types import utcnow


class UnitOfWork:
    """A write transaction; audit and outbox events are written just before it commits."""

    def __init__(self, session: Session, actor: str) -> None:
        self.session = session
        self.actor = actor
        self._audit: list[PendingAudit] = []

    def audit(self, action: str, subject: str, details: dict[str, Any] | None = None) -> None:
        """Record the audit event of this change (written in the same transaction)."""
        self._audit.append(PendingAudit(self.actor, action, subject, details or {}))

    def emit(self, topic: str, payload: dict[str, Any]) -> None:
        """Queue a domain event in the transactional outbox."""
        self.session.add(OutboxRow(id=new_id(), topic=topic, payload=payload, created_at=utcnow()))

    def commit(self) -> None:
        """Flush the change, append its audit events under the chain lock, and commit."""
        self.session.flush()
        append_events(self.session, self._audit)
        self.session.commit()


class Transactions:
    """Hands out read sessions and write units of work for one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @contextmanager
    def write(self, actor: str) -> Iterator[UnitOfWork]:
        """Open a write transaction for `actor`; commits on success, rolls back on any error."""
        session = self.db.write_session()
        uow = UnitOfWork(session, actor)
        try:
            yield uow
            uow.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Open a read-only session."""
        with self.db.read() as session:
            yield session
