"""Reading and verifying the tamper-evident audit chain."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select

from modelreg.domain.audit_chain import ChainVerifier, format_time
from modelreg.domain.errors import invalid
from modelreg.schemas.audit import AuditEventRead, ChainVerification
from modelreg.schemas.common import Page
from modelreg.services.uow import Transactions
from modelreg.storage.audit_log import iter_chain, read_head
from modelreg.storage.paging import decode_cursor, encode_cursor
from modelreg.storage.tables import AuditEventRow

MAX_LIMIT = 1000


class AuditService:
    """Use cases on the audit chain."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def list_events(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[AuditEventRead]:
        """Events in chain order, filtered; cursor pages."""
        if not 1 <= limit <= MAX_LIMIT:
            raise invalid("limit", f"must be between 1 and {MAX_LIMIT}")
        stmt = select(AuditEventRow)
        for column, value in (
            (AuditEventRow.subject, subject),
            (AuditEventRow.actor, actor),
            (AuditEventRow.action, action),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        for bound, op in ((since, "ge"), (until, "lt")):
            if bound is not None:
                if bound.tzinfo is None:
                    raise invalid(
                        "since" if op == "ge" else "until",
                        "give a time zone, e.g. 2026-01-01T00:00:00Z",
                    )
                text = format_time(bound)
                stmt = stmt.where(
                    AuditEventRow.occurred_at >= text
                    if op == "ge"
                    else AuditEventRow.occurred_at < text
                )
        if cursor:
            (last_seq,) = decode_cursor(cursor, "seq", (int,))
            stmt = stmt.where(AuditEventRow.seq > last_seq)
        with self.tx.read() as s:
            rows = list(s.execute(stmt.order_by(AuditEventRow.seq).limit(limit + 1)).scalars())
            next_cursor = None
            if len(rows) > limit:
                rows = rows[:limit]
                next_cursor = encode_cursor("seq", [rows[-1].seq])
            return Page[AuditEventRead](
                items=[
                    AuditEventRead(
                        seq=r.seq,
                        occurred_at=r.occurred_at,
                        actor=r.actor,
                        action=r.action,
                        subject=r.subject,
                        details=json.loads(r.details),
                        prev_hash=r.prev_hash,
                        hash=r.hash,
                    )
                    for r in rows
                ],
                next_cursor=next_cursor,
            )

    def record_refusal(self, *, actor: str, subject: str, details: dict[str, Any]) -> None:
        """Write an `access.refused` event in its own transaction (the refused change has none)."""
        with self.tx.write(actor) as uow:
            uow.audit("access.refused", subject, details)

    def verify(self) -> ChainVerification:
        """Verify every link and that the last event is the recorded head; name the first break."""
        with self.tx.read() as s:
            head_seq, head_hash = read_head(s)
            verifier = ChainVerifier()
            verifier.feed_stored(iter_chain(s))
            verdict = verifier.verdict()
        ok, first, reason = verdict.ok, verdict.first_broken_seq, verdict.reason
        if ok and verdict.checked > head_seq:
            ok, first = False, head_seq + 1
            reason = (
                f"the chain continues past the recorded head (seq {head_seq}) to seq "
                f"{verdict.checked}: events were inserted after the head"
            )
        elif ok and (verdict.checked < head_seq or verdict.head_hash != head_hash):
            # Internally consistent, but shorter than the head row says: the newest events
            # were deleted, or the head was altered.
            ok, first = False, verdict.checked + 1
            reason = (
                f"the chain ends at seq {verdict.checked} but the recorded head is seq {head_seq}: "
                "events at the end were deleted or the head was altered"
            )
        return ChainVerification(
            ok=ok,
            checked=verdict.checked,
            first_broken_seq=first,
            reason=reason,
            head_seq=head_seq,
            head_hash=head_hash,
        )
