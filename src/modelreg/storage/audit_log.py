"""Appending to and reading the audit chain table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modelreg.domain.audit_chain import (
    GENESIS_HASH,
    ChainEvent,
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


def iter_chain(session: Session, *, page_size: int = 5000) -> Iterator[ChainEvent]:
    """Stream every event in seq order, a keyset page at a time (constant memory)."""
    after = 0
    while True:
        rows = (
            session.execute(
                select(AuditEventRow)
                .where(AuditEventRow.seq > after)
                .order_by(AuditEventRow.seq)
                .limit(page_size)
            )
            .scalars()
            .all()
        )
        if not rows:
            return
        for row in rows:
            yield to_chain_event(row)
        after = rows[-1].seq
        session.expunge_all()


def to_chain_event(row: AuditEventRow) -> ChainEvent:
    """Map a row to the domain's chain event; unreadable details still map (and fail the hash)."""
    try:
        details = json.loads(row.details)
    except ValueError:
        details = {"unreadable_details": row.details}
    return ChainEvent(
        seq=row.seq,
        occurred_at=row.occurred_at,
        actor=row.actor,
        action=row.action,
        subject=row.subject,
        details=details,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )
