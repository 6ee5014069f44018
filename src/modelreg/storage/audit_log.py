"""Appending to and reading the audit chain table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from modelreg.domain.audit_chain import (
    GENESIS_HASH,
    compute_hash,
    event_body,
    format_time,
)
from modelreg.domain.canonical import canonical_json
from modelreg.storage.tables import AuditEventRow, AuditHeadRow
from modelreg.storage.types import utcnow


@dataclass(frozen=True)
class PendingAudit:
    """An audit event waiting for its transaction to commit."""

    actor: str
    action: str
    subject: str
    details: dict[str, Any]


def append_events(session: Session, events: list[PendingAudit]) -> list[AuditEventRow]:
    """Append events to the chain inside the caller's transaction.

    The head row is locked FOR UPDATE (PostgreSQL) or covered by BEGIN IMMEDIATE (SQLite), so
    concurrent writers from any number of processes are ordered into one chain. Times are taken
    under that lock, so they never go backwards along the chain.
    """
    if not events:
        return []
    head = session.execute(
        select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
    ).scalar_one()
    rows: list[AuditEventRow] = []
    for event in events:
        seq = head.seq + 1
        occurred_at = format_time(utcnow())
        body = event_body(
            seq, occurred_at, event.actor, event.action, event.subject, event.details, head.hash
        )
        digest = compute_hash(head.hash, body)
        row = AuditEventRow(
            seq=seq,
            occurred_at=occurred_at,
            actor=event.actor,
            action=event.action,
            subject=event.subject,
            details=canonical_json(event.details).decode("utf-8"),
            prev_hash=head.hash,
            hash=digest,
        )
        session.add(row)
        rows.append(row)
        head.seq = seq
        head.hash = digest
    return rows


def read_head(session: Session) -> tuple[int, str]:
    """Return (seq, hash) of the chain head."""
    head = session.get(AuditHeadRow, 1)
    if head is None:
        return 0, GENESIS_HASH
    return head.seq, head.hash


# The stored columns in the order of the domain's StoredEvent.
StoredRow = Row[int, str, str, str, str, str, str, str]
_CHAIN_COLUMNS = (
    AuditEventRow.seq,
    AuditEventRow.occurred_at,
    AuditEventRow.actor,
    AuditEventRow.action,
    AuditEventRow.subject,
    AuditEventRow.details,
    AuditEventRow.prev_hash,
    AuditEventRow.hash,
)


def iter_chain(session: Session, *, page_size: int = 10_000) -> Iterator[StoredRow]:
    """Stream every event's stored columns in seq order, a keyset page at a time.

    Plain rows (SQLAlchemy Core, no ORM objects): verification reads every event, and building
    and tracking an object per row cost more than hashing it. Memory stays at one page.
    """
    conn = session.connection()  # Session.execute would run ORM result processing per row
    after = 0
    while True:
        # A seq window, not only LIMIT: without table statistics (autovacuum off, or a chain
        # just written) PostgreSQL plans `seq > x ORDER BY seq LIMIT n` as a scan and sort of
        # the rest of the table for every page; a bounded window stays an index lookup.
        rows: Sequence[StoredRow] = conn.execute(
            select(*_CHAIN_COLUMNS)
            .where(AuditEventRow.seq > after, AuditEventRow.seq <= after + page_size)
            .order_by(AuditEventRow.seq)
        ).all()
        if rows:
            yield from rows
            after = rows[-1][0]
            continue
        # An empty window is a gap (deleted events) or the end: jump to the next event, if any.
        following = conn.execute(
            select(func.min(AuditEventRow.seq)).where(AuditEventRow.seq > after)
        ).scalar()
        if following is None:
            return
        after = following - 1
